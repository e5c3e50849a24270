"""The Celery app: configured from Django's settings (CELERY_*), tasks found in each app's tasks.py.

`make run` starts a worker and beat beside the web server (see Procfile.dev); production runs them as services.
"""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "senco_portal.settings")

app = Celery("senco_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

BROKER_FOLDER_OPTIONS = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")


@app.on_after_configure.connect
def make_broker_folders(sender: Celery, **kwargs) -> None:
    """The file-system broker (no CELERY_BROKER_URL) needs its folders before anything is sent or received."""
    if not str(sender.conf.broker_url or "").startswith("filesystem"):
        return
    options = sender.conf.broker_transport_options or {}
    for option in BROKER_FOLDER_OPTIONS:
        if options.get(option):
            Path(options[option]).mkdir(parents=True, exist_ok=True)
