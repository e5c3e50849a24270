"""The communication logs, one message as sent, a copy sent again, failed messages and the letters to print."""

import datetime
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from meetings.notices import MeetingMessageKind
from meetings.tests.factories import MeetingFactory
from notices.models import Channel, Message, MessageStatus


def make_message(meeting, kind=MeetingMessageKind.NOTICE, parent=None, staff=None, **fields) -> Message:
    now = timezone.now()
    defaults = {
        "channel": Channel.EMAIL,
        "due_at": now - datetime.timedelta(hours=1),
        "for_starts_at": meeting.starts_at,
        "expires_at": meeting.starts_at,
        "next_attempt_at": now - datetime.timedelta(hours=1),
        "status": MessageStatus.SENT,
        "sent_at": now - datetime.timedelta(minutes=59),
        "attempts": 1,
        "recipient_name": str(parent or staff),
        "recipient_address": (parent or staff).email,
        "subject": "Meeting about Amelia on Thursday 3 December at 15:45",
        "body_text": "Dear Mrs Ashworth,\n\nI would like to invite you to a meeting about Amelia.",
        "body_html": "<p>Dear Mrs Ashworth,</p><p>I would like to invite you to a meeting about Amelia.</p>",
    }
    return Message.objects.create(meeting=meeting, kind=kind, parent=parent, staff=staff, **defaults | fields)


def text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


@pytest.fixture
def family_a(parent_a):
    return parent_a.parent_record


@pytest.fixture
def family_b(parent_b):
    return parent_b.parent_record


@pytest.fixture
def meeting_a(pupil_a, senco):
    return MeetingFactory(pupil=pupil_a, led_by=senco)


@pytest.fixture
def meeting_b(pupil_b, senco):
    return MeetingFactory(pupil=pupil_b, led_by=senco)


@pytest.fixture
def notice_a(meeting_a, family_a):
    return make_message(meeting_a, parent=family_a)


@pytest.fixture
def notice_b(meeting_b, family_b):
    return make_message(meeting_b, parent=family_b)


@pytest.fixture
def staff_reminder_a(meeting_a, teacher):
    return make_message(
        meeting_a,
        kind=MeetingMessageKind.STAFF_REMINDER,
        staff=teacher,
        subject="Your meeting tomorrow: Amelia Ashworth at 15:30",
        body_text="Your meeting tomorrow: Amelia Ashworth. The parents were asked to bring their views.",
    )


@pytest.fixture
def letter_a(meeting_a, family_a):
    family_a.address = "4 Mill Lane\nHilltown"
    family_a.save()
    return make_message(
        meeting_a,
        parent=family_a,
        channel=Channel.LETTER,
        recipient_address=family_a.address,
        body_text="Dear Mrs Ashworth,\n\nA letter about the meeting.",
        body_html="",
    )


def get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


def post(client, user, name, *args, data=None):
    client.force_login(user)
    return client.post(reverse(name, args=args), data or {})


# Who may open which page


@pytest.mark.parametrize(
    ("role", "url_name", "target", "status"),
    [
        ("senco", "notices:pupil_log", "pupil_b", 200),
        ("teacher", "notices:pupil_log", "pupil_a", 200),
        ("teacher", "notices:pupil_log", "pupil_b", 404),
        ("office", "notices:pupil_log", "pupil_a", 403),
        ("head", "notices:pupil_log", "pupil_a", 403),
        ("parent_a", "notices:pupil_log", "pupil_a", 403),
        ("senco", "notices:parent_log", "family_b", 200),
        ("teacher", "notices:parent_log", "family_a", 200),
        ("teacher", "notices:parent_log", "family_b", 404),
        ("office", "notices:parent_log", "family_a", 200),
        ("head", "notices:parent_log", "family_a", 403),
        ("parent_a", "notices:parent_log", "family_a", 403),
        ("senco", "notices:detail", "notice_b", 200),
        ("teacher", "notices:detail", "notice_a", 200),
        ("teacher", "notices:detail", "notice_b", 404),
        ("office", "notices:detail", "notice_a", 200),
        ("office", "notices:detail", "staff_reminder_a", 404),
        ("head", "notices:detail", "notice_a", 403),
        ("parent_a", "notices:detail", "notice_a", 403),
    ],
)
def test_who_may_open_each_page(client, request, role, url_name, target, status):
    response = get(client, request.getfixturevalue(role), url_name, request.getfixturevalue(target).pk)

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "url_name", "status"),
    [
        ("senco", "notices:failed", 200),
        ("teacher", "notices:failed", 403),
        ("office", "notices:failed", 403),
        ("head", "notices:failed", 403),
        ("parent_a", "notices:failed", 403),
        ("senco", "notices:letters", 200),
        ("office", "notices:letters", 200),
        ("teacher", "notices:letters", 403),
        ("head", "notices:letters", 403),
        ("parent_a", "notices:letters", 403),
    ],
)
def test_who_may_open_the_lists(client, request, role, url_name, status):
    assert get(client, request.getfixturevalue(role), url_name).status_code == status


def test_signed_out_visitors_are_sent_to_sign_in(client, notice_a):
    response = client.get(reverse("notices:detail", args=[notice_a.pk]))

    assert response.status_code == 302
    assert "login" in response["Location"]


# The communication logs


def test_pupil_log_lists_messages_to_parents_and_staff(client, teacher, notice_a, staff_reminder_a, notice_b):
    page = text(get(client, teacher, "notices:pupil_log", notice_a.meeting.pupil.pk))

    assert "Two-week notice" in page
    assert "Alice Ashworth" in page
    assert "Staff reminder: meeting tomorrow" in page
    assert "Tia Teacher (staff)" in page
    assert "Barker" not in page  # the stranger family's messages are not here


def test_office_sees_the_parents_messages_without_sen_detail(client, office, family_a, notice_a, staff_reminder_a):
    page = text(get(client, office, "notices:parent_log", family_a.pk))

    assert "Two-week notice" in page
    assert "I would like to invite you to a meeting about Amelia." in page
    assert "Sent" in page
    assert "Staff reminder" not in page
    assert "bring their views" not in page


def test_teacher_sees_only_the_parents_messages_about_their_pupils(client, teacher, pupil_b, family_a, notice_a):
    # Alice is also the parent of the stranger family's child: that meeting's messages stay hidden.
    from pupils.tests.factories import PupilParentFactory

    PupilParentFactory(pupil=pupil_b, parent=family_a)
    make_message(MeetingFactory(pupil=pupil_b), parent=family_a, subject="About Ben", body_text="About Ben")

    page = text(get(client, teacher, "notices:parent_log", family_a.pk))

    assert "meeting about Amelia" in page
    assert "About Ben" not in page


# One message as sent


def test_message_shows_exactly_what_was_sent_with_the_html_sandboxed(client, senco, notice_a):
    notice_a.body_html = '<p>Dear Mrs Ashworth,</p><script>alert("x")</script>'
    notice_a.save()

    response = get(client, senco, "notices:detail", notice_a.pk)

    page = response.content.decode()
    assert "Meeting about Amelia on Thursday 3 December at 15:45" in page
    assert 'sandbox=""' in page
    assert 'srcdoc="&lt;p&gt;Dear Mrs Ashworth,&lt;/p&gt;&lt;script&gt;' in page
    assert "<script>alert" not in page
    assert "Send a copy again" in page


# Sending a copy again


def test_resend_creates_a_copy_due_now(client, senco, notice_a):
    response = post(client, senco, "notices:resend", notice_a.pk)

    assert response.status_code == 302
    copy = Message.objects.get(resend_of=notice_a)
    assert copy.status == MessageStatus.PLANNED
    assert (copy.meeting, copy.parent, copy.kind, copy.channel) == (
        notice_a.meeting,
        notice_a.parent,
        notice_a.kind,
        notice_a.channel,
    )
    assert (copy.subject, copy.body_text, copy.body_html) == (notice_a.subject, notice_a.body_text, notice_a.body_html)
    assert copy.recipient_address == notice_a.recipient_address
    assert copy.for_starts_at == notice_a.for_starts_at
    now = timezone.now()
    assert abs(copy.next_attempt_at - now) < datetime.timedelta(minutes=1)
    assert abs(copy.expires_at - (now + datetime.timedelta(days=7))) < datetime.timedelta(minutes=1)
    page = text(client.get(response["Location"]))
    assert "A copy will be sent in the next minute." in page


def test_a_second_click_does_not_send_two_copies(client, office, notice_a):
    post(client, office, "notices:resend", notice_a.pk)
    response = post(client, office, "notices:resend", notice_a.pk)

    assert Message.objects.filter(resend_of=notice_a).count() == 1
    assert "A copy is already on its way." in text(client.get(response["Location"]))


def test_a_message_never_sent_cannot_be_sent_again(client, senco, notice_a):
    notice_a.status = MessageStatus.PLANNED
    notice_a.save()

    post(client, senco, "notices:resend", notice_a.pk)

    assert not Message.objects.filter(resend_of=notice_a).exists()


def test_teacher_cannot_resend_a_stranger_familys_message(client, teacher, notice_b):
    assert post(client, teacher, "notices:resend", notice_b.pk).status_code == 404
    assert not Message.objects.filter(resend_of=notice_b).exists()


# Failed messages


@pytest.fixture
def failed_a(meeting_a, family_a):
    return make_message(
        meeting_a,
        parent=family_a,
        status=MessageStatus.FAILED,
        sent_at=None,
        attempts=5,
        last_error="SMTPRecipientsRefused: mailbox unavailable",
        expires_at=timezone.now() - datetime.timedelta(hours=2),
    )


def test_failed_messages_show_the_problem_and_the_tries(client, senco, failed_a, notice_a):
    page = text(get(client, senco, "notices:failed"))

    assert "SMTPRecipientsRefused: mailbox unavailable" in page
    assert "Try again" in page
    assert page.count("Try again to send") == 1  # the sent notice is not listed


def test_retry_plans_a_failed_message_again_now(client, senco, failed_a):
    response = post(client, senco, "notices:retry", failed_a.pk)

    assert response["Location"] == reverse("notices:failed")
    failed_a.refresh_from_db()
    now = timezone.now()
    assert failed_a.status == MessageStatus.PLANNED
    assert abs(failed_a.next_attempt_at - now) < datetime.timedelta(minutes=1)
    assert failed_a.expires_at > now + datetime.timedelta(hours=23)  # it had passed: a day more
    assert failed_a.last_error == "SMTPRecipientsRefused: mailbox unavailable"


def test_retry_leaves_a_message_that_is_not_failed_alone(client, senco, notice_a):
    post(client, senco, "notices:retry", notice_a.pk)

    notice_a.refresh_from_db()
    assert notice_a.status == MessageStatus.SENT


@pytest.mark.parametrize("role", ["teacher", "office", "head", "parent_a"])
def test_only_the_senco_may_retry(client, request, failed_a, role):
    assert post(client, request.getfixturevalue(role), "notices:retry", failed_a.pk).status_code == 403
    failed_a.refresh_from_db()
    assert failed_a.status == MessageStatus.FAILED


# Letters to print


def test_letters_to_print_lists_unprinted_letters_only(client, office, letter_a, notice_a, meeting_a, family_a):
    make_message(meeting_a, parent=family_a, channel=Channel.LETTER, printed_at=timezone.now(), body_text="Old one")
    make_message(meeting_a, parent=family_a, channel=Channel.LETTER, status=MessageStatus.PLANNED, body_text="Later")

    response = get(client, office, "notices:letters")

    assert list(response.context["letters"]) == [letter_a]
    page = text(response)
    assert "4 Mill Lane" in page
    assert "A letter about the meeting." in page
    assert "Old one" not in page and "Later" not in page
    assert "/static/css/letters.css" in response.content.decode()  # one letter a page when printed
    assert "break-after: page" in Path(finders.find("css/letters.css")).read_text()


def test_mark_one_letter_as_printed(client, office, letter_a):
    response = post(client, office, "notices:printed", letter_a.pk)

    assert response["Location"] == reverse("notices:letters")
    letter_a.refresh_from_db()
    assert letter_a.printed_at is not None
    assert list(get(client, office, "notices:letters").context["letters"]) == []


def test_mark_all_as_printed_marks_only_the_letters_on_the_page(client, senco, letter_a, meeting_a, family_a):
    arrived_since = make_message(meeting_a, parent=family_a, channel=Channel.LETTER, body_text="New")

    post(client, senco, "notices:letters_printed", data={"letter": [letter_a.pk]})

    letter_a.refresh_from_db()
    arrived_since.refresh_from_db()
    assert letter_a.printed_at is not None
    assert arrived_since.printed_at is None


@pytest.mark.parametrize("role", ["teacher", "head", "parent_a"])
def test_only_senco_and_office_mark_letters_printed(client, request, letter_a, role):
    assert post(client, request.getfixturevalue(role), "notices:printed", letter_a.pk).status_code == 403
    letter_a.refresh_from_db()
    assert letter_a.printed_at is None
