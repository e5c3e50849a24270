from django.apps import AppConfig


class BookingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "booking"
    verbose_name = "Review days and booking"

    def ready(self) -> None:
        # The kinds of message about this app's things, looked up by the notices app (which imports no domain app).
        from .notices import register_message_kinds

        register_message_kinds()
