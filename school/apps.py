from django.apps import AppConfig


class SchoolConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "school"

    def ready(self) -> None:
        from celery.signals import task_prerun
        from django.core.signals import request_started

        from . import signals  # noqa: F401  (connects the calendar's receivers)
        from .models import School

        # Each request and each task reads the school's settings afresh, once (School.load).
        request_started.connect(School.forget_loaded, dispatch_uid="school-settings-per-request", weak=False)
        task_prerun.connect(School.forget_loaded, dispatch_uid="school-settings-per-task", weak=False)
