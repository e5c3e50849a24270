import logging

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "printable documents"

    def ready(self):
        # WeasyPrint reports every step of every render at INFO: too chatty for the site's log.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

        from django.db.models.signals import post_delete, post_save

        from meetings.records import version_shared_with_parents
        from notices.content import explain_words_with
        from school.models import School

        from .deliveries import send_when_shared
        from .glossary import school_glossary
        from .notices import register_message_kinds
        from .records import keep_the_pdf_given

        # A shared record on its way to each parent (and the young person): a kind of message this app owns.
        register_message_kinds()
        # Every email and letter to a family ends with the specialist words it uses, explained.
        explain_words_with(lambda: school_glossary().terms_in)
        # Each process keeps the glossary while the school's stamp holds (glossary.school_glossary): a change
        # renews the stamp, so every process reads it again.
        post_save.connect(School.changed, sender="documents.GlossaryTerm", dispatch_uid="glossary-saved", weak=False)
        post_delete.connect(School.changed, sender="documents.GlossaryTerm", dispatch_uid="glossary-gone", weak=False)
        version_shared_with_parents.connect(keep_the_pdf_given, dispatch_uid="documents.keep_the_pdf_given")
        version_shared_with_parents.connect(send_when_shared, dispatch_uid="documents.send_when_shared")
