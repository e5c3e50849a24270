"""Parental responsibility and first portal invitations entered by anyone but the SENCO wait for the SENCO.

The attack (issue 17): the office adds a contact with parental responsibility and an address of its own, or links a
parent account it controls, or changes a parent's email address, then invites that contact to the portal, opens the
link and reads the child's SEN record. Every path must stop before any SEN detail is shown.
"""

import html
import importlib
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import PortalInvitation, Role
from accounts.tests.factories import UserFactory
from privacy.models import AccessLogEntry
from pupils import responsibility
from pupils.models import PupilParent, RequestDecision, RequestKind, ResponsibilityRequest
from pupils.tests.factories import ParentCarerFactory, PupilParentFactory

ATTACKER_EMAIL = "olu.at.home@mail.example"
PASSWORD = "kettle orange bicycle river"
SEN_DETAIL = "specific learning difficulty"  # pupil A's primary need, as the portal shows it


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


def text(response) -> str:
    return html.unescape(response.content.decode())


def contact_form(**changes) -> dict:
    data = {
        "first_name": "Olu",
        "last_name": "Other",
        "email": ATTACKER_EMAIL,
        "preferred_contact_method": "email",
        "preferred_language": "English",
        "relationship": "guardian",
        "has_parental_responsibility": "on",
        "lives_with_pupil": "on",
        "contact_order": "3",
    }
    return data | changes


def follow_any_invitation_to_the_child_page(client, pupil) -> str:
    """What an attacker who receives an invitation email would do with it: open the link, choose a password and
    open the child's profile in the portal. Returns the page text ('' when no email ever came)."""
    sent = [message for message in mail.outbox if ATTACKER_EMAIL in message.to]
    if not sent:
        return ""
    link = re.search(r"http://testserver(/welcome/[\w-]+/)", sent[-1].body).group(1)
    client.logout()
    client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client.logout()
    client.login(username=ATTACKER_EMAIL, password=PASSWORD)
    return text(client.get(reverse("portal:child", args=[pupil.pk])))


def assert_no_sen_detail_reached(client, pupil):
    assert not PortalInvitation.objects.filter(email=ATTACKER_EMAIL).exists()
    assert not [message for message in mail.outbox if ATTACKER_EMAIL in message.to]
    assert SEN_DETAIL not in follow_any_invitation_to_the_child_page(client, pupil)


def test_a_parent_with_responsibility_sees_the_sen_detail_the_attack_looks_for(client, parent_a, pupil_a):
    client.force_login(parent_a)
    assert SEN_DETAIL in text(client.get(reverse("portal:child", args=[pupil_a.pk])))


def test_the_office_cannot_give_itself_a_new_contacts_portal_view(client, office, pupil_a, parent_a):
    client.force_login(office)
    response = client.post(reverse("pupils:parent_add", args=[pupil_a.pk]), contact_form(), follow=True)
    assert "waits for the SENCO's approval" in text(response)
    link = PupilParent.objects.get(pupil=pupil_a, parent__email=ATTACKER_EMAIL)
    assert link.has_parental_responsibility is False  # not in force: no portal, no notices
    asked = ResponsibilityRequest.objects.get(link=link)
    assert (asked.kind, asked.requested_by, asked.decision) == (RequestKind.RESPONSIBILITY, office, "")

    response = client.post(reverse("pupils:portal_invite", args=[pupil_a.pk, link.parent.pk]), follow=True)
    assert "waiting for the SENCO's approval" in text(response)
    assert_no_sen_detail_reached(client, pupil_a)


def test_the_office_cannot_link_a_parent_account_it_controls_to_another_child(client, office, pupil_a, pupil_b):
    # A parent of another family, whose portal account the office has (or is): linked to pupil A as a guardian.
    user = UserFactory(email=ATTACKER_EMAIL, role=Role.PARENT)
    known = ParentCarerFactory(first_name="Olu", last_name="Other", email=ATTACKER_EMAIL, user=user)
    PupilParentFactory(pupil=pupil_b, parent=known)
    client.force_login(office)
    form = {"parent": known.pk, "relationship": "guardian", "has_parental_responsibility": "on", "contact_order": 2}
    client.post(reverse("pupils:parent_link", args=[pupil_a.pk]), form)
    link = PupilParent.objects.get(pupil=pupil_a, parent=known)
    assert not link.has_parental_responsibility
    assert ResponsibilityRequest.objects.pending().filter(link=link).exists()

    client.force_login(user)
    assert client.get(reverse("portal:child", args=[pupil_a.pk])).status_code == 404
    assert client.get(reverse("portal:child", args=[pupil_b.pk])).status_code == 200  # their own child still


def test_the_office_cannot_redirect_a_parents_first_invitation_to_its_own_address(client, office, pupil_a):
    mother = ParentCarerFactory(first_name="Alice", last_name="Ashworth", email="alice@home.example")
    PupilParentFactory(pupil=pupil_a, parent=mother)
    client.force_login(office)
    edit = contact_form(first_name="Alice", last_name="Ashworth")
    client.post(reverse("pupils:parent_edit", args=[mother.pk]), edit)
    mother.refresh_from_db()
    assert mother.email == ATTACKER_EMAIL and not mother.email_checked

    response = client.post(reverse("pupils:portal_invite", args=[pupil_a.pk, mother.pk]), follow=True)
    assert "The SENCO has been asked to approve" in text(response)
    assert ResponsibilityRequest.objects.pending().get(link__parent=mother).kind == RequestKind.INVITATION
    assert_no_sen_detail_reached(client, pupil_a)
    # The family page shows the request waiting, with no button to send it meanwhile.
    page = text(client.get(reverse("pupils:family_detail", args=[pupil_a.pk])))
    assert "First invitation to the parents' portal: waiting for the SENCO's approval" in page
    assert "Invite to the parents' portal" not in page


def test_a_legacy_responsibility_entered_by_the_office_waits_for_the_senco_at_first_invitation(
    client, office, senco, pupil_a
):
    parent = ParentCarerFactory(email="carer@home.example")
    PupilParentFactory(pupil=pupil_a, parent=parent, responsibility_checked=False)
    client.force_login(office)
    client.post(reverse("pupils:portal_invite", args=[pupil_a.pk, parent.pk]))
    assert not mail.outbox and not PortalInvitation.objects.exists()

    client.force_login(senco)
    client.post(reverse("pupils:portal_invite", args=[pupil_a.pk, parent.pk]))
    assert [message.to for message in mail.outbox] == [["carer@home.example"]]


def test_office_invites_a_parent_the_mis_or_senco_vouches_for_at_once(client, office, pupil_a):
    parent = ParentCarerFactory(email="mum@home.example")
    PupilParentFactory(pupil=pupil_a, parent=parent)
    client.force_login(office)
    client.post(reverse("pupils:portal_invite", args=[pupil_a.pk, parent.pk]))
    assert [message.to for message in mail.outbox] == [["mum@home.example"]]
    assert not ResponsibilityRequest.objects.exists()


def test_the_senco_records_responsibility_at_once(client, senco, pupil_a):
    client.force_login(senco)
    client.post(reverse("pupils:parent_add", args=[pupil_a.pk]), contact_form(email="gran@home.example"))
    link = PupilParent.objects.get(pupil=pupil_a, parent__email="gran@home.example")
    assert link.has_parental_responsibility and link.responsibility_checked and link.parent.email_checked
    assert not ResponsibilityRequest.objects.exists()


@pytest.fixture
def asked_by_office(client, office, pupil_a):
    client.force_login(office)
    client.post(reverse("pupils:parent_add", args=[pupil_a.pk]), contact_form(email="gran@home.example"))
    client.logout()
    return ResponsibilityRequest.objects.get()


def test_the_senco_sees_the_request_beside_the_familys_contacts(client, senco, parent_a, asked_by_office):
    client.force_login(senco)
    page = text(client.get(reverse("pupils:responsibility_requests")))
    assert "Record parental responsibility: Olu Other, guardian of Amelia Ashworth" in page
    assert "Asked by Olu Office" in page
    assert "gran@home.example" in page
    assert "Alice Ashworth (mother, parental responsibility), parent.a@home.example" in page  # the family beside it
    dashboard = text(client.get(reverse("meetings:dashboard_waiting")))
    assert "Waiting for your approval (1)" in dashboard


def test_approving_puts_responsibility_in_force_and_the_office_may_then_invite(
    client, senco, office, pupil_a, asked_by_office
):
    client.force_login(senco)
    response = client.post(reverse("pupils:responsibility_approve", args=[asked_by_office.pk]), follow=True)
    assert "Approved: Olu Other has parental responsibility for Amelia Ashworth." in text(response)
    link = asked_by_office.link
    link.refresh_from_db()
    assert link.has_parental_responsibility and link.responsibility_checked
    asked_by_office.refresh_from_db()
    assert (asked_by_office.decision, asked_by_office.decided_by) == (RequestDecision.APPROVED, senco)

    client.force_login(office)
    client.post(reverse("pupils:portal_invite", args=[pupil_a.pk, link.parent.pk]))
    assert [message.to for message in mail.outbox] == [["gran@home.example"]]


def test_approving_an_invitation_sends_it(client, senco, office, pupil_a):
    parent = ParentCarerFactory(email="dad@home.example", email_checked=False)
    link = PupilParentFactory(pupil=pupil_a, parent=parent)
    asked = responsibility.ask_to_invite(link, office)
    client.force_login(senco)
    client.post(reverse("pupils:responsibility_approve", args=[asked.pk]))
    assert [message.to for message in mail.outbox] == [["dad@home.example"]]
    assert PortalInvitation.objects.get().invited_by == senco
    parent.refresh_from_db()
    assert parent.email_checked


def test_refusing_changes_nothing_and_a_second_answer_is_refused(client, senco, asked_by_office):
    client.force_login(senco)
    url = reverse("pupils:responsibility_refuse", args=[asked_by_office.pk])
    client.post(url, {"reason": "Not on the MIS; no court order seen"})
    asked_by_office.refresh_from_db()
    assert asked_by_office.decision == RequestDecision.REFUSED
    assert asked_by_office.refusal_reason == "Not on the MIS; no court order seen"
    assert not PupilParent.objects.get(pk=asked_by_office.link_id).has_parental_responsibility

    response = client.post(reverse("pupils:responsibility_approve", args=[asked_by_office.pk]), follow=True)
    assert "This request has already been answered." in text(response)
    assert not PupilParent.objects.get(pk=asked_by_office.link_id).has_parental_responsibility


def test_a_refusal_reason_over_the_limit_is_refused_with_a_message(client, senco, asked_by_office):
    client.force_login(senco)
    url = reverse("pupils:responsibility_refuse", args=[asked_by_office.pk])
    response = client.post(url, {"reason": "x" * 301}, follow=True)
    assert "Nothing was refused" in text(response)
    asked_by_office.refresh_from_db()
    assert asked_by_office.is_pending


def test_a_contact_waiting_for_approval_cannot_be_invited_to_a_meeting(client, senco, pupil_a, asked_by_office):
    client.force_login(senco)
    page = text(client.get(reverse("meetings:schedule", args=[pupil_a.pk])))
    assert "Olu Other" not in page


def test_the_office_cannot_answer_requests(client, office, asked_by_office):
    client.force_login(office)
    assert client.post(reverse("pupils:responsibility_approve", args=[asked_by_office.pk])).status_code == 403
    assert responsibility.vouches_for_responsibility(office) is False
    with pytest.raises(responsibility.NotAllowed):
        responsibility.approve(asked_by_office, office)


def test_entries_the_office_made_before_approvals_are_marked_unchecked(db, office, senco, pupil_a):
    by_office, by_senco, by_import = (PupilParentFactory(pupil=pupil_a) for _ in range(3))
    for link, user in ((by_office, office), (by_senco, senco)):
        link.history.update(history_user=user)
        link.parent.history.update(history_user=user)
    migration = importlib.import_module("pupils.migrations.0003_parental_responsibility_approval")
    from django.apps import apps

    migration.unchecked_entries(apps, None)
    checked = {link.pk: link.responsibility_checked for link in PupilParent.objects.all()}
    assert checked == {by_office.pk: False, by_senco.pk: True, by_import.pk: True}
    assert [link.parent.email_checked for link in PupilParent.objects.order_by("pk")] == [False, True, True]


def test_every_portal_page_of_a_childs_record_is_in_the_access_log(client, senco, parent_a, pupil_a):
    client.force_login(parent_a)
    for name in ("portal:child", "portal:plan", "portal:meetings"):
        assert client.get(reverse(name, args=[pupil_a.pk])).status_code == 200
    entries = AccessLogEntry.objects.filter(pupil=pupil_a, user=parent_a).order_by("pk")
    assert [entry.what for entry in entries] == [
        "Parents' portal: one-page profile",
        "Parents' portal: SEN support plan",
        "Parents' portal: meetings and records",
    ]
    client.force_login(senco)
    page = text(client.get(reverse("overview:pupil_access_log", args=[pupil_a.pk])))
    assert "Seen through the parents' portal" in page
    assert f"{parent_a.get_full_name()} (parent or carer): 3 times, last on" in page
