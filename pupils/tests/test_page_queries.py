"""Issue 24: a family's page reads in the same number of queries for one parent or five, whatever each parent's
standing with the portal."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from accounts.models import Role
from accounts.tests.factories import UserFactory, portal_invitation
from common.tests.page_queries import queries_after_a_first_request as queries

from .factories import ParentCarerFactory, PupilParentFactory

pytestmark = pytest.mark.django_db


def test_a_familys_page_reads_the_same_queries_for_one_parent_or_five(client, office, pupil_a):
    made = []

    def parent(n):
        """Parents in turn: invited, with an account, without parental responsibility, without an email address,
        and one whose email address is a member of staff's."""
        kind = len(made) % 5
        email = {3: "", 4: f"staff{n}@school.example"}.get(kind, f"parent{n}@home.example")
        user = UserFactory(email=email, role=Role.PARENT) if kind == 1 else None
        if kind == 4:
            UserFactory(email=email, role=Role.STAFF)
        carer = ParentCarerFactory(email=email, user=user)
        PupilParentFactory(pupil=pupil_a, parent=carer, has_parental_responsibility=kind != 2)
        if kind == 0:
            portal_invitation(carer, token=f"token-{n}", invited_by=office)
        made.append(carer)

    client.force_login(office)
    url = reverse("pupils:family_detail", args=[pupil_a.pk])
    parent(0)
    one = queries(client, url)
    for n in range(1, 5):
        parent(n)
    five = queries(client, url)
    page = " ".join(strip_tags(client.get(url).content.decode()).split())
    assert "Invited on" in page and "Has access since" in page
    assert "does not have parental responsibility recorded" in page
    assert "We have no email address for" in page and "belongs to a school staff account" in page
    assert len(five) == len(one), "\n".join(five)
    # What every signed-in request reads, then the page's own: the pupil, the parents, the requests waiting for
    # the SENCO, and for the portal what each parent may do, accounts using their addresses and their invitations.
    assert len(one) <= 12, "\n".join(one)
