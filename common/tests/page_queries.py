"""How many queries a page asks of its own: beyond what any signed-in page costs (the change-password page, which
does nothing of its own: session, user, two-step device, the school's settings). Issue 24's target: at most 10 in
all, the same at every size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def queries_of(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def queries_after_a_first_request(client, path: str) -> list[str]:
    """The SQL of a page's second request: the first reads what each process then keeps (the school's settings)."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200, path
    return [query["sql"] for query in captured.captured_queries]


def own_queries(client, path: str) -> int:
    # Counted as the server answers nearly every request: after a first one, which reads the school's settings, term
    # dates and closure days that each process then keeps until they change.
    queries_of(client, path)
    return queries_of(client, path) - queries_of(client, reverse("password_change"))
