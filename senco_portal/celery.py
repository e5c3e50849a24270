"""The Celery app: configured from Django's settings (CELERY_*), tasks found in each app's tasks.py.

`make run` starts a worker and beat beside the web server (see Procfile.dev); production runs them as services.
"""

import os
from pathlib import Path

from celery import Celery
from celery.signals import task_postrun, task_prerun
from django.db import close_old_connections

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


@task_prerun.connect
@task_postrun.connect
def close_old_database_connections(task=None, **kwargs) -> None:
    """Between tasks, as Django does between requests: close a database connection older than CONN_MAX_AGE, or
    left unusable by an error (a database that went away), and keep the others. Celery's own Django fixup would
    close every connection before and after every task (settings: CELERY_DB_REUSE_MAX), so that each batch of
    notices paid for a new PostgreSQL connection whatever DATABASE_CONN_MAX_AGE said."""
    if task is None or getattr(task.request, "is_eager", False):
        return  # run in the caller's process (tests): its connection, perhaps inside its transaction, is not ours
    close_old_connections()
