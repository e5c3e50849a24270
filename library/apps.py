from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Lending library"

    def ready(self) -> None:
        # The kinds of message about this app's things, looked up by the notices app (which imports no domain app).
        from .notices import register_message_kinds

        register_message_kinds()
