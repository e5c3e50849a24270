from django.apps import AppConfig


class PupilsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pupils"
