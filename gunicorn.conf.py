"""gunicorn's settings for the web process (Procfile: `gunicorn -c gunicorn.conf.py senco_portal.wsgi`).

Read from the environment, like the site's own settings; every variable is in docs/configuration.md.
"""

import multiprocessing
import os


def default_workers() -> int:
    """2 x CPU cores + 1 (gunicorn's advice), at most 9: each worker holds a database connection and renders PDFs
    in its own memory, so a big machine should not start dozens unasked."""
    return min(2 * multiprocessing.cpu_count() + 1, 9)


# Where to listen: HOST:PORT (127.0.0.1:8000), behind a TLS-terminating proxy. HOST=0.0.0.0 in a container.
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY") or default_workers())
threads = int(os.environ.get("GUNICORN_THREADS") or 1)

# A request may take this long (a letters batch renders many PDFs) before its worker is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5

# Restart each worker after about a thousand requests, so memory from PDF rendering is given back.
max_requests = 1000
max_requests_jitter = 100

# Load Django once, before forking: faster start, less memory, and a broken settings file stops gunicorn at once.
preload_app = True

# Requests and errors go to stdout/stderr, where honcho or systemd's journal collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

# No control socket (gunicorn 27's `gunicornc`): unused here, and every gunicorn on a machine would share its path.
control_socket_disable = True

# Workers' heartbeat files in memory, not on a disk that may be slow (containers).
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
