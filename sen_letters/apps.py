from django.apps import AppConfig


class SenLettersConfig(AppConfig):
    name = "sen_letters"
    verbose_name = "Letters about changes in SEN support"

    def ready(self) -> None:
        from pupils.sen_changes import sen_status_changed

        from .drafting import on_sen_status_changed
        from .notices import register_message_kinds

        # pupils says when a status changes (by hand or from the MIS); this app drafts the letter.
        sen_status_changed.connect(on_sen_status_changed, dispatch_uid="sen_letters.draft")
        # The kind of message, looked up by the notices app (which imports no domain app).
        register_message_kinds()
