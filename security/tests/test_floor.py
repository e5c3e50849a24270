"""The floor of every page (issue 24): a signed-in page that does nothing of its own, the password page, costs only
what every request must: the session (read with the stamp on the school's settings), the person and their two-step
sign-in. The lock-out is asked only when a password is sent, and the school's settings come from the process's
copy."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pupils.models import ParentCarer

pytestmark = pytest.mark.django_db


def tables(queries) -> list[str]:
    """The table each query reads, in order (savepoints, which the tests' own transaction adds, left out)."""
    found = []
    for query in queries:
        sql = query["sql"]
        if sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            continue
        found.append(re.findall(r'FROM "(\w+)"', sql)[-1])  # the last: the session's query reads the stamp inside
    return found


def floor(client) -> list[str]:
    url = reverse("password_change")
    assert client.get(url).status_code == 200  # the process's first request reads the school's settings
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return tables(queries)


def test_the_floor_for_staff_is_three_queries(client, senco):
    client.force_login(senco)

    # The session, read with the stamp of the school's settings (kept by the process while it holds).
    assert floor(client) == ["django_session", "accounts_user", "otp_totp_totpdevice"]


def test_the_floor_for_a_parent_is_three_queries(client, parent_a):
    client.force_login(parent_a)

    # Their two-step sign-in (off); their record, for large print (no choice made on this device), comes with the
    # account (accounts/backends.py).
    with CaptureQueriesContext(connection) as queries:
        assert floor(client) == ["django_session", "accounts_user", "otp_totp_totpdevice"]
    assert any('JOIN "pupils_parentcarer"' in query["sql"] for query in queries)


def test_a_parent_whose_record_asks_for_large_print_gets_it_at_no_cost(client, parent_a):
    ParentCarer.objects.filter(pk=parent_a.parent_record.pk).update(needs_large_print=True)
    client.force_login(parent_a)

    assert floor(client) == ["django_session", "accounts_user", "otp_totp_totpdevice"]
    assert 'class="large-text"' in client.get(reverse("password_change")).content.decode()


def test_the_floor_is_the_same_with_more_people_and_settings(client, senco, parent_a, parent_b, teacher):
    client.force_login(senco)
    ParentCarer.objects.update(needs_large_print=True)

    assert len(floor(client)) == 3
