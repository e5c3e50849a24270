"""Inviting parents and carers to the portal: one email, a link that works once for 7 days, and revoking access.

People: senco, office, teacher (school); Alice Ashworth, pupil A's mother with parental responsibility and no
account yet; a step-parent without parental responsibility; the stranger family's parent (parent_b).
"""

import re
import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from accounts.models import PortalInvitation, Role, User
from accounts.tests.factories import TEST_PASSWORD, portal_invitation
from pupils.invitations import hash_token
from pupils.tests.factories import ParentCarerFactory, PupilParentFactory
from school.models import School

NEW_PASSWORD = "kettle orange bicycle river"


@pytest.fixture(autouse=True)
def school(db):
    school = School.load()
    school.name, school.phone, school.email = "Hillside School", "0115 496 0000", "office@hillside.example"
    school.save()
    return school


@pytest.fixture
def alice(pupil_a):
    """Pupil A's mother: parental responsibility, an email address, no account yet."""
    parent = ParentCarerFactory(title="Mrs", first_name="Alice", last_name="Ashworth", email="alice@home.example")
    PupilParentFactory(pupil=pupil_a, parent=parent)
    return parent


@pytest.fixture
def step_parent(pupil_a):
    parent = ParentCarerFactory(first_name="Steve", last_name="Stepson", email="steve@home.example")
    PupilParentFactory(pupil=pupil_a, parent=parent, relationship="step_parent", has_parental_responsibility=False)
    return parent


def invite_url(pupil, parent) -> str:
    return reverse("pupils:portal_invite", args=[pupil.pk, parent.pk])


def invite(client, by, pupil, parent):
    client.force_login(by)
    response = client.post(invite_url(pupil, parent))
    client.logout()
    return response


def link_in(message) -> str:
    return re.search(r"http://testserver/welcome/[\w-]+/", message.body).group(0)


def path_of(link: str) -> str:
    return link.removeprefix("http://testserver")


def accept(client, link: str, password: str = NEW_PASSWORD):
    return client.post(path_of(link), {"new_password1": password, "new_password2": password})


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


def test_office_invites_a_parent_and_one_email_goes_with_a_link(client, office, pupil_a, alice):
    response = invite(client, office, pupil_a, alice)

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["alice@home.example"]
    assert email.subject == "Your invitation to the parents' portal at Hillside School"
    text = " ".join(email.body.split())
    assert "Dear Mrs Ashworth" in text
    assert "Olu Office (Office) at Hillside School has invited you to the parents' portal" in text
    assert f"information about {pupil_a.first_name}" in text
    assert "The link works only once. It stops working after 7 days" in text
    assert "Phone: 0115 496 0000" in text
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html" and link_in(email) in html
    invitation = PortalInvitation.objects.get()
    token = link_in(email).rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash == hash_token(token) != token  # only the hash is stored
    assert invitation.invited_by == office and invitation.parent == alice
    assert invitation.expires_at == invitation.created_at + timedelta(days=7)


def test_the_link_sets_a_password_and_signs_the_parent_in(client, office, pupil_a, alice):
    invite(client, office, pupil_a, alice)
    link = link_in(mail.outbox[0])

    page = client.get(path_of(link))
    assert page.status_code == 200
    assert "Your password must be" in page.content.decode() and "at least 10 characters" in page.content.decode()
    response = accept(client, link)

    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    alice.refresh_from_db()
    user = alice.user
    assert (user.email, user.role, user.first_name) == ("alice@home.example", Role.PARENT, "Alice")
    assert user.is_active
    assert user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    invitation = PortalInvitation.objects.get()
    assert invitation.used_at and invitation.account == user


def test_a_link_works_only_once(client, office, pupil_a, alice):
    invite(client, office, pupil_a, alice)
    link = link_in(mail.outbox[0])
    accept(client, link)
    client.logout()

    again = client.get(path_of(link))
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()
    assert accept(client, link, "another long password 42").status_code == 410
    assert not User.objects.get(email="alice@home.example").check_password("another long password 42")


def test_the_link_works_until_the_end_of_day_7(client, office, pupil_a, alice):
    invite(client, office, pupil_a, alice)
    link, sent_at = link_in(mail.outbox[0]), PortalInvitation.objects.get().created_at

    with time_machine.travel(sent_at + timedelta(days=7), tick=False):
        assert client.get(path_of(link)).status_code == 200
        assert accept(client, link).status_code == 302


def test_the_link_is_refused_a_second_after_day_7(client, office, pupil_a, alice):
    invite(client, office, pupil_a, alice)
    link, sent_at = link_in(mail.outbox[0]), PortalInvitation.objects.get().created_at

    with time_machine.travel(sent_at + timedelta(days=7, seconds=1), tick=False):
        page = client.get(path_of(link))
        assert accept(client, link).status_code == 410

    assert page.status_code == 410
    text = " ".join(page.content.decode().split())
    assert "This link has expired. Please ask the school office to send a new one." in text
    assert "0115 496 0000" in text
    assert not User.objects.filter(email="alice@home.example").exists()


def test_an_unknown_link_says_so_plainly(client, db):
    page = client.get(reverse("welcome", args=["not-a-real-link"]))
    assert page.status_code == 404
    assert "This link does not work" in page.content.decode()


def test_a_new_invitation_revokes_the_old_link(client, office, senco, pupil_a, alice):
    invite(client, office, pupil_a, alice)
    invite(client, senco, pupil_a, alice)

    assert len(mail.outbox) == 2
    old, new = link_in(mail.outbox[0]), link_in(mail.outbox[1])
    assert old != new
    refused = client.get(path_of(old))
    assert refused.status_code == 410 and "This link has been cancelled" in refused.content.decode()
    assert client.get(path_of(new)).status_code == 200
    first = PortalInvitation.objects.earliest()
    assert first.revoked_at and first.revoked_by == senco


def test_a_revoked_link_is_refused(client, office, senco, pupil_a, alice):
    invite(client, office, pupil_a, alice)
    client.force_login(senco)
    assert client.post(reverse("pupils:portal_revoke", args=[pupil_a.pk, alice.pk])).status_code == 302
    client.logout()

    assert client.get(path_of(link_in(mail.outbox[0]))).status_code == 410
    assert accept(client, link_in(mail.outbox[0])).status_code == 410
    assert not User.objects.filter(email="alice@home.example").exists()


def test_revoking_access_stops_sign_in_and_keeps_the_account(client, office, senco, pupil_a, alice):
    invite(client, office, pupil_a, alice)
    accept(client, link_in(mail.outbox[0]))  # Alice is signed in on this client
    parent_client = client
    staff_client = type(client)()  # the conftest's client, which stands in for the staff code step
    staff_client.force_login(senco)
    confirm = staff_client.get(reverse("pupils:portal_revoke", args=[pupil_a.pk, alice.pk]))
    assert "will no longer be able to sign in" in confirm.content.decode()
    staff_client.post(reverse("pupils:portal_revoke", args=[pupil_a.pk, alice.pk]))

    user = User.objects.get(email="alice@home.example")
    assert not user.is_active and user.access_revoked_by == senco and user.access_revoked_at
    assert parent_client.get(reverse("accounts:home"))["Location"].startswith(reverse("login"))  # signed out
    assert not type(client)().login(email="alice@home.example", password=NEW_PASSWORD)
    page = staff_client.get(reverse("pupils:family_detail", args=[pupil_a.pk])).content.decode()
    assert "Access revoked" in page and "by Sam Senco" in page


def test_a_new_invitation_after_revoking_reopens_the_same_account(client, office, pupil_a, alice):
    invite(client, office, pupil_a, alice)
    accept(client, link_in(mail.outbox[0]))
    client.logout()
    client.force_login(office)
    client.post(reverse("pupils:portal_revoke", args=[pupil_a.pk, alice.pk]))
    client.logout()

    invite(client, office, pupil_a, alice)
    accept(client, link_in(mail.outbox[1]), "a brand new long password")

    assert User.objects.filter(email="alice@home.example").count() == 1
    user = User.objects.get(email="alice@home.example")
    assert user.is_active and user.check_password("a brand new long password") and user.parent_record == alice


def test_teacher_cannot_invite(client, teacher, pupil_a, alice):
    assert invite(client, teacher, pupil_a, alice).status_code == 403
    assert mail.outbox == [] and not PortalInvitation.objects.exists()


def test_a_parent_without_parental_responsibility_cannot_be_invited(client, office, pupil_a, step_parent):
    client.force_login(office)
    page = client.get(reverse("pupils:family_detail", args=[pupil_a.pk])).content.decode()
    assert "Steve Stepson does not have parental responsibility recorded" in page
    assert f'action="{invite_url(pupil_a, step_parent)}"' not in page

    response = client.post(invite_url(pupil_a, step_parent), follow=True)

    assert "does not have parental responsibility" in response.content.decode()
    assert mail.outbox == [] and not PortalInvitation.objects.exists()


def test_a_parent_without_an_email_address_cannot_be_invited(client, office, pupil_a, alice):
    alice.email = ""
    alice.save()
    client.force_login(office)
    page = client.get(reverse("pupils:family_detail", args=[pupil_a.pk])).content.decode()
    assert "We have no email address for Mrs Alice Ashworth" in page
    client.post(invite_url(pupil_a, alice))
    assert mail.outbox == []


def test_an_email_address_of_a_staff_account_is_refused(client, office, teacher, pupil_a, alice):
    alice.email = teacher.email
    alice.save()
    client.force_login(office)
    client.post(invite_url(pupil_a, alice))
    assert mail.outbox == []
    # A link sent before the address became a staff member's refuses too, in words.
    portal_invitation(alice, token="old-link")
    client.logout()
    page = client.get(reverse("welcome", args=["old-link"]))
    assert page.status_code == 409
    assert "belongs to a school staff account" in page.content.decode()
    teacher.refresh_from_db()
    assert teacher.role == Role.STAFF and teacher.check_password(TEST_PASSWORD)


def test_password_rules_apply_and_nothing_is_used_up(client, pupil_a, alice):
    portal_invitation(alice, token="alice-link")
    response = accept(client, "http://testserver/welcome/alice-link/", "12345")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Please choose a different password" in page and "too short" in page
    assert 'value="12345"' not in page  # passwords are never shown again
    assert not User.objects.filter(email="alice@home.example").exists()
    assert PortalInvitation.objects.get().used_at is None


def test_a_parent_of_another_family_is_not_found(client, office, pupil_a, parent_b):
    response = invite(client, office, pupil_a, parent_b.parent_record)
    assert response.status_code == 404 and mail.outbox == []


def test_nothing_is_saved_when_the_email_cannot_be_sent(client, office, pupil_a, alice, monkeypatch):
    def fail(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("pupils.invitations.send_mail", fail)
    client.force_login(office)
    response = client.post(invite_url(pupil_a, alice), follow=True)
    assert "The email could not be sent" in response.content.decode()
    assert not PortalInvitation.objects.exists()


def test_the_family_page_shows_each_step(client, office, pupil_a, alice):
    client.force_login(office)
    family = reverse("pupils:family_detail", args=[pupil_a.pk])

    def page():
        return " ".join(strip_tags(client.get(family).content.decode()).split())

    assert "No account" in page() and "Invite to the parents' portal" in page()
    client.post(invite_url(pupil_a, alice))
    today = timezone.localdate()
    assert f"Invited on {today:%-d %B %Y} by Olu Office" in page() and "Send a new invitation" in page()
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        client.force_login(office)  # a fresh sign-in: sessions do not last 8 days
        assert "Invitation expired" in page() and "Send a new invitation" in page()
    client.logout()
    accept(client, link_in(mail.outbox[0]))
    client.force_login(office)
    assert f"Has access since {today:%-d %B %Y}" in page() and "Revoke portal access" in page()
    assert "Send a new invitation" not in page()


def test_a_link_sent_to_an_old_email_address_is_refused(client, office, pupil_a, alice):
    invite(client, office, pupil_a, alice)
    alice.email = "alice.new@home.example"
    alice.save()

    page = client.get(path_of(link_in(mail.outbox[0])))

    assert page.status_code == 409 and "no longer has for you" in page.content.decode()
    assert not User.objects.filter(email__startswith="alice").exists()
