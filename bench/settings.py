"""The site's own settings, with the two changes a benchmark needs. Used by every process a benchmark starts.

- Static files through the plain storage, so no `collectstatic` is needed first (the load test fetches pages,
  not their CSS; with the manifest storage a `{% static %}` tag is a dictionary look-up, no slower).
- A first middleware that counts the database queries of each request and returns the count in a response
  header, `X-Bench-Queries`, so the load test reports queries per page as the real server made them.

Everything else (DEBUG off, the database from DATABASE_URL, Redis from CELERY_BROKER_URL) is read from the
environment, as in production.
"""

import warnings

from senco_portal.settings import *  # noqa: F403
from senco_portal.settings import MIDDLEWARE, STORAGES

warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic, see above

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
MIDDLEWARE = ["bench.query_count.QueryCountMiddleware", *MIDDLEWARE]
