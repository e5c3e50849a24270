import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UserFactory
from library.loans import lend

from .conftest import TODAY


@pytest.mark.usefixtures("on_today")
def test_admin_lists_items_copies_and_loans(client, copy, pupil_a, alice, senco):
    lend(copy, alice, pupil_a, by=senco, lent_on=TODAY, due_back_on=datetime.date(2026, 12, 18))
    client.force_login(UserFactory(email="it@school.example", role=Role.SENCO, is_staff=True, is_superuser=True))
    assert "The Red Tree" in client.get(reverse("admin:library_item_changelist")).content.decode()
    assert "LIB-001" in client.get(reverse("admin:library_copy_changelist")).content.decode()
    loans = client.get(reverse("admin:library_loan_changelist")).content.decode()
    assert "Alice Ashworth" in loans
