import logging

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "printable documents"

    def ready(self):
        # WeasyPrint reports every step of every render at INFO: too chatty for the site's log.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
