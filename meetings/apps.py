from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"

    def ready(self) -> None:
        # The kinds of message about this app's things, looked up by the notices app (which imports no domain app).
        from school.signals import calendar_changed

        from .notice_planning import plan_booked_meetings_again
        from .notices import register_message_kinds

        register_message_kinds()
        # Reminders are timed by the school's calendar: when it changes, the meetings' messages not yet sent move.
        calendar_changed.connect(plan_booked_meetings_again, dispatch_uid="meetings-planned-again-for-the-calendar")
        # Which meeting types count towards the three a year is kept with the school's settings (compliance.py).
        from django.db.models.signals import post_delete, post_save

        from school.models import School

        from .models import MeetingTypeSetting

        post_save.connect(School.changed, sender=MeetingTypeSetting, dispatch_uid="meeting-types-saved", weak=False)
        post_delete.connect(School.changed, sender=MeetingTypeSetting, dispatch_uid="meeting-types-gone", weak=False)
