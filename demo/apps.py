from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo school (`manage.py demo_school`, run by `make run`). No other app imports it."""

    name = "demo"
    verbose_name = "Demo school"
