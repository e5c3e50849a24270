from django.apps import AppConfig


class ContactsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "contacts"
    verbose_name = "Contacts with families"

    def ready(self) -> None:
        from school.signals import calendar_changed

        from .concerns import follow_the_school_calendar

        # Concerns are due in school time: a closure day or new term dates move the open ones' deadlines.
        calendar_changed.connect(follow_the_school_calendar, dispatch_uid="concerns-follow-the-school-calendar")
