"""The WSGI application gunicorn serves during a benchmark (bench/pages.py): the project's own, plus one bare page.

    gunicorn -c gunicorn.conf.py bench.wsgi   # with DJANGO_SETTINGS_MODULE=bench.settings, as bench/pages.py runs it

`/bench/bare/` is answered by a Django handler with no middleware at all and a view that returns the same few bytes
every time: what Django itself costs a request in this gunicorn (WSGI request, URL resolving, the response), and
nothing of the project's. The floor page (the signed-in change-password page) is measured against it: the
difference is the middleware stack. Every other path goes to the project's application, unchanged.

Only the benchmark loads this module: senco_portal.wsgi (production) and senco_portal.urls know nothing of it.
"""

import os

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse

from bench.query_count import HEADER

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

BARE_PATH = "/bench/bare/"
BARE_BODY = b"<!doctype html><title>bare</title><p>A constant response: no middleware, no database."


def bare_view(request) -> HttpResponse:
    # No database: 0 queries, said in the header the load test reads (there is no counting middleware here).
    return HttpResponse(BARE_BODY, headers={HEADER: "0"})


class BareHandler(WSGIHandler):
    """Django's WSGI handler with an empty middleware chain: every request goes straight to `bare_view`."""

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware, self._template_response_middleware, self._exception_middleware = [], [], []
        self._middleware_chain = convert_exception_to_response(lambda request: bare_view(request))


project = get_wsgi_application()
bare = BareHandler()


def application(environ, start_response):
    if environ.get("PATH_INFO") == BARE_PATH:
        return bare(environ, start_response)
    return project(environ, start_response)
