"""A forgotten password: a link by email to choose a new one. It never says whether an address has an account, a
revoked account gets nothing, and staff still need their code afterwards."""

import re

from django.core import mail
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UserFactory

LINK = re.compile(r"https?://[^/\s]+(/password/forgotten/[^\s]+/)")


def ask_for_a_link(client, email: str):
    return client.post(reverse("password_reset"), {"email": email}, follow=True)


def test_the_sign_in_page_offers_it(plain_client, db):
    page = plain_client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page and "Forgotten your password?" in page


def test_a_parent_chooses_a_new_password_through_the_emailed_link(plain_client, parent_a):
    response = ask_for_a_link(plain_client, parent_a.email)
    assert "Check your email" in response.content.decode()
    assert [message.to for message in mail.outbox] == [[parent_a.email]]
    path = LINK.search(mail.outbox[0].body)[1]

    form = plain_client.get(path, follow=True)
    assert "Choose a new password" in form.content.decode()
    weak = plain_client.post(form.redirect_chain[-1][0], {"new_password1": "abc", "new_password2": "abc"})
    assert "too short" in weak.content.decode()
    done = plain_client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Quiet-harbour-lantern-9", "new_password2": "Quiet-harbour-lantern-9"},
        follow=True,
    )
    assert "Your password has been changed" in done.content.decode()
    parent_a.refresh_from_db()
    assert parent_a.check_password("Quiet-harbour-lantern-9")
    # The link worked once.
    again = plain_client.get(path, follow=True)
    assert "This link does not work any more" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(plain_client, db):
    response = ask_for_a_link(plain_client, "nobody@home.example")
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_a_revoked_account_gets_no_link(plain_client, db):
    revoked = UserFactory(email="revoked@home.example", role=Role.PARENT, is_active=False)
    ask_for_a_link(plain_client, revoked.email)
    assert mail.outbox == []


def test_staff_still_give_their_code_after_a_new_password(plain_client, teacher):
    ask_for_a_link(plain_client, teacher.email)
    path = LINK.search(mail.outbox[0].body)[1]
    form = plain_client.get(path, follow=True)
    plain_client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Quiet-harbour-lantern-9", "new_password2": "Quiet-harbour-lantern-9"},
    )
    signed_in = plain_client.post(
        reverse("login"), {"username": teacher.email, "password": "Quiet-harbour-lantern-9"}, follow=True
    )
    assert "/two-step/" in signed_in.redirect_chain[-1][0]


def test_the_link_starts_with_the_site_address_whatever_host_the_request_named(plain_client, parent_a, settings):
    settings.SITE_URL = "https://senco.school.example/"
    settings.ALLOWED_HOSTS = ["*"]
    plain_client.post(reverse("password_reset"), {"email": parent_a.email}, HTTP_HOST="attacker.example")
    body = mail.outbox[0].body
    assert "https://senco.school.example/password/forgotten/" in body
    assert "attacker.example" not in body
