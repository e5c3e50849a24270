from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _watch_after_migrate(using, **kwargs) -> None:
    from django.db import connections

    from .kept import watch

    watch(connections[using])


class ProvisionConfig(AppConfig):
    name = "provision"
    verbose_name = "Provision map"

    def ready(self):
        # On SQLite a migration that alters a watched table rebuilds it without its triggers (provision/kept.py).
        post_migrate.connect(_watch_after_migrate, sender=self, dispatch_uid="provision_watch_figures")
