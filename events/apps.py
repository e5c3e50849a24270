from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and groups for parents"

    def ready(self) -> None:
        # The kinds of message about this app's things, looked up by the notices app (which imports no domain app).
        from school.signals import calendar_changed

        from .notices import plan_reminders_again, register_message_kinds

        register_message_kinds()
        # Reminders are timed by the school's calendar: when it changes, the reminders not yet sent move.
        calendar_changed.connect(plan_reminders_again, dispatch_uid="events-reminders-planned-again-for-the-calendar")
