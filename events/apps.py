from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and groups for parents"

    def ready(self) -> None:
        # The kinds of message about this app's things, looked up by the notices app (which imports no domain app).
        from .notices import register_message_kinds

        register_message_kinds()
