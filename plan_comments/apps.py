from django.apps import AppConfig


class PlanCommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plan_comments"
    verbose_name = "parents' comments on SEN support plans"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from school.signals import calendar_changed
        from support_plans.models import SupportPlan

        from .family_views import start_from_the_familys_words
        from .notices import register_message_kinds
        from .sending import plan_again_when_saved, plan_every_current_plan_again

        # The plan sent to the parents before its review: a kind of message this app owns (notices imports no app).
        register_message_kinds()
        # A plan finalised, replaced, or given another review date: its message planned again (support_plans sits
        # below this app, so this app listens rather than being called).
        post_save.connect(plan_again_when_saved, sender=SupportPlan, dispatch_uid="plan_comments.plan_again")
        calendar_changed.connect(plan_every_current_plan_again, dispatch_uid="plan_comments.calendar_changed")
        # A new draft starts its parents' views from what the family said (their comments, their replies).
        post_save.connect(start_from_the_familys_words, sender=SupportPlan, dispatch_uid="plan_comments.family_words")
