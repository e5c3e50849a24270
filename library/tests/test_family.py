"""The parents' page: what their family has borrowed and when it is due back, and nobody else's."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from library.loans import lend, record_return
from library.models import Copy

from .conftest import TODAY

pytestmark = pytest.mark.usefixtures("on_today")


@pytest.fixture
def loans(item, copy, second_copy, pupil_a, alice, pupil_b, bella, senco):
    mine = lend(copy, alice, pupil_a, by=senco, lent_on=TODAY, due_back_on=datetime.date(2026, 12, 18))
    theirs = lend(second_copy, bella, pupil_b, by=senco, lent_on=TODAY, due_back_on=datetime.date(2026, 12, 11))
    return mine, theirs


def test_parent_sees_what_they_borrowed_and_when_it_is_due(client, parent_a, loans):
    client.force_login(parent_a)
    page = client.get(reverse("library:family_loans")).content.decode()
    assert "The Red Tree" in page
    assert "Due back on <strong>Friday 18 December 2026</strong>" in page
    assert "For Amelia" in page
    # The words shown, not the page's markup: a random form token can hold "Ben".
    shown = strip_tags(page)
    assert "Bella" not in shown and "Ben" not in shown and "Friday 11 December 2026" not in shown


def test_parent_sees_an_overdue_loan_and_what_was_given_back(client, parent_a, item, pupil_a, alice, senco):
    lent_long_ago = Copy.objects.create(item=item, label="LIB-010")
    record_return(
        lend(lent_long_ago, alice, pupil_a, by=senco, lent_on=datetime.date(2026, 10, 1)),
        by=senco,
        returned_on=datetime.date(2026, 10, 20),
    )
    overdue = Copy.objects.create(item=item, label="LIB-011")
    lend(overdue, alice, pupil_a, by=senco, lent_on=datetime.date(2026, 11, 2), due_back_on=datetime.date(2026, 11, 27))
    client.force_login(parent_a)
    page = client.get(reverse("library:family_loans")).content.decode()
    assert "Please bring it back" in page and "Friday 27 November 2026" in page
    assert "Given back on 20 October 2026" in page


def test_other_parent_sees_only_their_own(client, parent_b, loans):
    client.force_login(parent_b)
    page = client.get(reverse("library:family_loans")).content.decode()
    assert "Friday 11 December 2026" in page and "For Ben" in page
    assert "Amelia" not in page and "Alice" not in page


def test_parent_with_nothing_borrowed(client, parent_a):
    client.force_login(parent_a)
    page = client.get(reverse("library:family_loans")).content.decode()
    assert "You have nothing borrowed at the moment." in page


@pytest.mark.parametrize("role", ["senco", "teacher", "office", "head"])
def test_school_staff_do_not_open_the_family_page(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("library:family_loans")).status_code == 403


def test_young_person_sees_what_was_borrowed_for_them(client, loans, pupil_a):
    from accounts.models import Role
    from accounts.tests.factories import UserFactory

    pupil_a.user = UserFactory(email="amelia@home.example", role=Role.YOUNG_PERSON)
    pupil_a.save()
    client.force_login(pupil_a.user)
    page = client.get(reverse("library:family_loans")).content.decode()
    assert "The Red Tree" in page and "Friday 18 December 2026" in page
    assert "Friday 11 December 2026" not in page
