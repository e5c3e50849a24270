"""Every notice, reminder, change notice and review-day invitation carries the family's personal link, by email (text
and HTML) and in a letter (a short address to type); a cancellation does not."""

import datetime
from html import unescape

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils.html import strip_tags

from booking import invitations
from booking.tests.factories import review_day_with
from meetings.notice_planning import plan_meeting
from meetings.notices import MeetingMessageKind
from meetings.scheduling import cancel, rearrange
from notices.channels import EmailChannel
from notices.models import Channel, Message, MessageStatus
from pupils.models import ContactMethod
from pupils.tests.factories import ParentCarerFactory, PupilFactory, PupilParentFactory
from replies.models import Reply, ReplyLink

from .helpers import LINK, link_in, london, meeting_with_parent, run_until, tell_the_family, the_school


def words(response) -> str:
    return " ".join(unescape(strip_tags(response.content.decode())).split())


@pytest.fixture
def meeting(db, senco, pupil_a, parent_a):
    the_school()
    return meeting_with_parent(senco, pupil_a, parent_a.parent_record)


def test_the_notice_reminder_and_change_notice_each_carry_a_link_to_the_one_reply(client, meeting, senco):
    [notice] = tell_the_family(meeting)
    html = notice.alternatives[0][0]
    assert "Please tell us if you can come" in notice.body
    assert link_in(notice.body) in html and "Reply to us</a>" in html
    with time_machine.travel(london(2026, 11, 20, 9, 0), tick=False):
        moved = rearrange(meeting, london(2026, 12, 10, 15, 45), senco)
        plan_meeting(meeting)
        plan_meeting(moved)
    run_until(london(2026, 11, 20, 9, 5))
    change = mail.outbox[-1]
    assert change.subject.startswith("Change to the meeting about Amelia")
    run_until(london(2026, 12, 9, 15, 31))
    [reminder] = [m for m in mail.outbox if m.subject.startswith("Reminder: meeting about Amelia tomorrow")]
    links = {link_in(notice.body), link_in(change.body), link_in(reminder.body)}
    assert len(links) == 3  # one code per message
    with time_machine.travel(london(2026, 12, 9, 18, 0), tick=False):
        for n, link in enumerate(sorted(links)):
            client.post(link, {"answer": "another_time" if n else "coming", "suits_times": f"Week {n}"})
    assert Reply.objects.get().meeting == moved


def test_a_cancellation_carries_no_link(meeting):
    tell_the_family(meeting)
    with time_machine.travel(london(2026, 11, 20, 9, 0), tick=False):
        cancel(meeting, "The SENCO is ill.")
        plan_meeting(meeting)
    run_until(london(2026, 11, 20, 9, 5))
    assert mail.outbox[-1].subject.startswith("Cancelled")
    assert not LINK.search(mail.outbox[-1].body)


def test_a_letter_carries_a_short_address_to_type_which_works_typed_as_read(client, senco, pupil_a):
    the_school()
    gran = ParentCarerFactory(first_name="Gwen", last_name="Ashworth", email="", address="4 Elm Row\nHillside")
    PupilParentFactory(pupil=pupil_a, parent=gran)
    meeting = meeting_with_parent(senco, pupil_a, gran)
    tell_the_family(meeting)
    letter = Message.objects.get(parent=gran, kind=MeetingMessageKind.NOTICE)
    assert (letter.channel, letter.status) == (Channel.LETTER, MessageStatus.SENT)
    assert "On a phone or computer, type this address into the web browser:" in letter.body_text
    path = link_in(letter.body_text)
    assert len(path) == len("/r/ABCD-EFGH-JKMN/")  # short enough to type from paper
    code = path.split("/")[2]
    typed = reverse("replies:reply", args=[code.replace("-", "").lower()])
    with time_machine.travel(london(2026, 11, 21, 10, 0), tick=False):
        page = client.get(typed)
    assert page.status_code == 200 and "The meeting about Amelia" in words(page)


def test_sending_again_after_a_failure_writes_a_new_code_in_place_of_the_lost_one(meeting, monkeypatch):
    with time_machine.travel(london(2026, 11, 10, 10, 0), tick=False):
        plan_meeting(meeting)
    real_send = EmailChannel.send
    monkeypatch.setattr(EmailChannel, "send", lambda *args: (_ for _ in ()).throw(OSError("mail server down")))
    run_until(london(2026, 11, 19, 15, 46))
    first = ReplyLink.objects.get().token_hash
    monkeypatch.setattr(EmailChannel, "send", real_send)
    run_until(london(2026, 11, 19, 15, 50))
    [notice] = mail.outbox
    link = ReplyLink.objects.get()
    assert link.token_hash != first and link.message.status == MessageStatus.SENT


@pytest.fixture
def review_day(db, senco):
    the_school()
    return review_day_with(senco, date=datetime.date(2026, 12, 8))


def test_the_review_day_invitation_carries_a_link_and_the_office_sees_the_answer_not_the_views(
    client, review_day, senco, office
):
    mum = ParentCarerFactory(
        title="Mrs", first_name="Sarah", last_name="Thompson", preferred_contact_method=ContactMethod.EMAIL
    )
    oliver = PupilFactory(legal_first_name="Oliver", legal_last_name="Thompson")
    PupilParentFactory(pupil=oliver, parent=mum)
    with time_machine.travel(london(2026, 11, 16, 9, 0), tick=False):
        invitations.invite(review_day, invitations.chosen_pupils(invitations.Choice.BY_HAND, pupils=[oliver]), senco)
    run_until(london(2026, 11, 16, 9, 1))
    [invitation] = mail.outbox
    assert "Tell us if you can come" in invitation.body
    link = link_in(invitation.body)
    with time_machine.travel(london(2026, 11, 17, 20, 0), tick=False):
        page = client.get(link)
        assert "We'd like an appointment that day" in words(page) and "Oliver" in words(page)
        client.post(
            link,
            {"answer": "another_time", "suits_times": "Any day after 2pm", "home_views": "Oliver is anxious at home."},
        )
    run_until(london(2026, 11, 17, 20, 1))
    told = mail.outbox[-1]
    assert told.subject == "Mrs Sarah Thompson needs another day: the SEND parent review day on Tuesday 8 December 2026"
    assert "Oliver is anxious" not in told.body
    client.force_login(office)
    listing = words(client.get(reverse("booking:invitations", args=[review_day.pk])))
    assert "We need another day Mrs Sarah Thompson (Oliver Thompson)" in listing
    assert "Any day after 2pm" in listing and "anxious" not in listing
    with time_machine.travel(london(2026, 12, 9, 0, 0), tick=False):
        assert client.get(link).status_code == 410
