"""What parents and staff read: the words of each message, in plain text and HTML, and how it leaves the school."""

import datetime
import html
import re
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.html import strip_tags

from meetings.models import InviteeKind, MeetingStatus
from meetings.notices import MeetingMessageKind
from meetings.scheduling import rearrange
from meetings.tests.factories import InviteeFactory, MeetingFactory
from notices.channels import ChannelError, EmailChannel, LetterChannel, channel_choice, channel_for
from notices.content import compose
from notices.models import Channel, Message, MessageStatus
from pupils.models import ContactMethod
from pupils.tests.factories import ParentCarerFactory, PupilParentFactory
from school.models import School

LONDON = ZoneInfo("Europe/London")
THURSDAY = datetime.datetime(2026, 12, 3, 15, 45, tzinfo=LONDON)


def text_of(html_body: str) -> str:
    """The HTML email as a person reads it: no tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(strip_tags(re.sub(r"<br\s*/?>", " ", html_body))).split())


def words(text: str) -> str:
    return " ".join(text.split())


def message(meeting, kind=MeetingMessageKind.NOTICE, parent=None, staff=None, channel=Channel.EMAIL, **fields):
    due_at = fields.pop("due_at", meeting.starts_at - datetime.timedelta(days=14))
    return Message(
        meeting=meeting,
        kind=kind,
        parent=parent,
        staff=staff,
        channel=channel,
        due_at=due_at,
        for_starts_at=fields.pop("for_starts_at", meeting.starts_at),
        expires_at=meeting.starts_at,
        next_attempt_at=due_at,
        **fields,
    )


@pytest.fixture
def school(db):
    school = School.load()
    school.name = "Hillside Primary School"
    school.phone = "01632 960000"
    school.email = "office@hillside.example"
    school.save()
    return school


@pytest.fixture
def mum(pupil_a):
    parent = ParentCarerFactory(
        title="Mrs",
        first_name="Alice",
        last_name="Thompson",
        email="alice@home.example",
        address="4 Mill Lane\nHilltown",
    )
    PupilParentFactory(pupil=pupil_a, parent=parent)
    return parent


@pytest.fixture
def meeting(school, senco, teacher, pupil_a, mum):
    senco.phone = "01632 960123"
    senco.save()
    meeting = MeetingFactory(
        pupil=pupil_a,
        led_by=senco,
        starts_at=THURSDAY,
        duration_minutes=45,
        place="The Blue Room, through the main entrance and first left",
        purpose="To see how reading is going and agree what helps next.",
        parent_report_requested=True,
        report_help_offered=True,
        status=MeetingStatus.CONFIRMED,
    )
    InviteeFactory(meeting=meeting, user=teacher, role="Class teacher")
    InviteeFactory(meeting=meeting, kind=InviteeKind.PARENT, user=None, parent=mum, role="Mother")
    InviteeFactory(
        meeting=meeting, kind=InviteeKind.PROFESSIONAL, user=None, name="Jess Moran", role="Speech therapist"
    )
    return meeting


def composed(meeting, **kwargs) -> Message:
    result = message(meeting, **kwargs)
    compose(result)
    return result


# The two-week notice


def test_notice_says_everything_the_code_of_practice_asks_in_text_and_html(meeting, mum):
    notice = composed(meeting, parent=mum)

    for body in (words(notice.body_text), text_of(notice.body_html)):
        assert "When: Thursday 3 December 2026 at 3:45pm, for about 45 minutes" in body
        assert "The Blue Room, through the main entrance and first left" in body
        assert "Please come to the school reception first." in body
        assert "To see how reading is going and agree what helps next." in body
        assert "Sam Senco, SENCO (leading the meeting)" in body
        assert "Tia Teacher, Class teacher" in body
        assert "Jess Moran, Speech therapist" in body
        assert "Please bring a short report" in body
        assert "Sam Senco will be glad to help you prepare it." in body
        assert "If you would like an interpreter, please tell us. We will arrange one." in body
        assert "We will try to help with childcare." in body
        assert "Please contact Sam Senco:" in body
        assert "Phone: 01632 960123" in body
        assert "Email: senco@school.example" in body
        assert "A calendar invitation is attached." in body


def test_notice_is_personal_signed_and_explains_the_jargon(meeting, mum):
    notice = composed(meeting, parent=mum)

    assert notice.subject == "Meeting about Amelia on Thursday 3 December 2026 at 3:45pm"
    assert notice.recipient_name == "Mrs Alice Thompson"
    assert notice.recipient_address == "alice@home.example"
    text = words(notice.body_text)
    assert text.startswith("Dear Mrs Thompson,")
    assert "The SENCO is the teacher who makes sure children with special educational needs (SEN)" in text
    assert "SEN support is the extra help the school gives Amelia." in text
    # Signed, then the words it uses explained, last, so they do not come between the parent and the facts.
    signed, _, words_box = text.partition("Best wishes, Sam Senco SENCO Hillside Primary School")
    assert signed and words_box.startswith(" What some words mean - SEN:")
    assert "Sam Senco SENCO Hillside Primary School" in text_of(notice.body_html)


def test_notice_html_is_simple_large_sans_serif(meeting, mum):
    notice = composed(meeting, parent=mum)

    assert "font-family:Arial, Helvetica, sans-serif" in notice.body_html
    assert "font-size:14pt" in notice.body_html  # 14pt is about 19px: the seed's 'plain sans-serif, 14 pt'
    assert "<h2" in notice.body_html


def test_notice_is_in_large_print_for_a_parent_who_needs_it(meeting, mum):
    mum.needs_large_print = True

    assert "font-size:18pt" in composed(meeting, parent=mum).body_html


def test_notice_names_the_interpreter_and_childcare_already_arranged(meeting, mum):
    meeting.interpreter_language = "Polish"
    meeting.childcare_arranged = True
    meeting.parent_report_requested = False
    meeting.save()

    text = words(composed(meeting, parent=mum).body_text)

    assert "An interpreter who speaks Polish will be at the meeting." in text
    assert "We have arranged help with childcare so that you can come." in text
    assert "You do not need to prepare anything." in text


def test_an_ehc_plan_review_is_explained_in_plain_words(meeting, mum):
    meeting.meeting_type = "annual_review"
    meeting.save()

    text = words(composed(meeting, parent=mum).body_text)

    assert "An EHC plan (education, health and care plan) is a legal document." in text


def test_notice_offers_the_other_times_and_greets_a_parent_without_a_title_by_name(meeting, pupil_a):
    dad = ParentCarerFactory(first_name="Tom", last_name="O'Neill")
    meeting.alternative_times_offered = "Monday 7 December, 09:00\nTuesday 8 December, 15:30"
    meeting.save()

    notice = composed(meeting, parent=dad)

    text = words(notice.body_text)
    assert text.startswith("Dear Tom O'Neill,")  # plain text is not HTML-escaped
    assert "- Monday 7 December, 09:00 - Tuesday 8 December, 15:30" in text
    assert "Dear Tom O&#x27;Neill," in notice.body_html


# Reminders, changes and cancellations


def test_reminder_the_day_before_says_tomorrow(meeting, mum):
    reminder = composed(
        meeting, kind=MeetingMessageKind.REMINDER, parent=mum, due_at=THURSDAY - datetime.timedelta(days=1)
    )

    assert reminder.subject == "Reminder: meeting about Amelia tomorrow at 3:45pm"
    text = words(reminder.body_text)
    assert "Thursday 3 December 2026 at 3:45pm" in text
    assert "The Blue Room" in text
    assert "Please let Sam Senco know as soon as you can." in text


def test_change_after_rearranging_says_the_old_and_the_new_time(meeting, mum, senco):
    new = rearrange(meeting, THURSDAY + datetime.timedelta(days=7), senco)

    change = composed(new, kind=MeetingMessageKind.CHANGE, parent=mum)

    for body in (words(change.body_text), text_of(change.body_html)):
        assert "The meeting about Amelia on Thursday 3 December 2026 at 3:45pm has moved." in body
        assert "The meeting is now on Thursday 10 December 2026 at 3:45pm." in body
    assert change.subject == "Change to the meeting about Amelia: now Thursday 10 December 2026 at 3:45pm"


def test_change_of_time_in_place_says_the_time_the_family_last_heard(meeting, mum):
    first = message(meeting, parent=mum, status=MessageStatus.SENT, sent_at=timezone.now())
    first.save()
    meeting.starts_at = THURSDAY + datetime.timedelta(hours=-6)  # 09:45 the same day
    meeting.save()

    change = composed(meeting, kind=MeetingMessageKind.CHANGE, parent=mum, for_starts_at=meeting.starts_at)

    text = words(change.body_text)
    assert "The meeting about Amelia on Thursday 3 December 2026 at 3:45pm has moved." in text
    assert "The meeting is now on Thursday 3 December 2026 at 9:45am." in text


def test_change_of_place_only_gives_the_details_as_they_are_now(meeting, mum):
    meeting.place = "The library"
    meeting.save()

    text = words(composed(meeting, kind=MeetingMessageKind.CHANGE, parent=mum).body_text)

    assert "The arrangements for the meeting about Amelia have changed." in text
    assert "The meeting is now on Thursday 3 December 2026 at 3:45pm." in text
    assert "The library" in text


def test_cancellation_says_it_is_cancelled_why_and_how_to_meet_another_time(meeting, mum):
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancellation_reason = "Mrs Patel is ill this week."
    meeting.save()

    cancellation = composed(meeting, kind=MeetingMessageKind.CANCELLATION, parent=mum)

    assert cancellation.subject == "Cancelled: the meeting about Amelia on Thursday 3 December 2026"
    for body in (words(cancellation.body_text), text_of(cancellation.body_html)):
        assert "the meeting about Amelia on Thursday 3 December 2026 at 3:45pm is cancelled." in body
        assert "The reason: Mrs Patel is ill this week." in body
        assert "Please contact Sam Senco to arrange another time:" in body
        assert "Phone: 01632 960123" in body


# Letters


def test_parent_without_email_or_preferring_letters_gets_a_letter(db):
    assert channel_choice(ParentCarerFactory(email="")) == Channel.LETTER
    assert channel_choice(ParentCarerFactory(preferred_contact_method=ContactMethod.LETTER)) == Channel.LETTER
    assert channel_choice(ParentCarerFactory(preferred_contact_method=ContactMethod.PHONE)) == Channel.EMAIL
    assert channel_choice(ParentCarerFactory()) == Channel.EMAIL


def test_letter_is_addressed_to_the_home_and_mentions_no_attachment(meeting, mum):
    mum.email = ""

    letter = composed(meeting, parent=mum, channel=channel_choice(mum))

    assert letter.channel == Channel.LETTER
    assert letter.recipient_address == "4 Mill Lane\nHilltown"
    assert "Dear Mrs Thompson," in letter.body_text
    assert "Thursday 3 December 2026 at 3:45pm" in letter.body_text
    assert "attached" not in letter.body_text


def test_letter_channel_queues_a_letter_and_refuses_an_empty_one(meeting, mum):
    letter = composed(meeting, parent=mum, channel=Channel.LETTER)

    assert isinstance(channel_for(letter), LetterChannel)
    channel_for(letter).send(letter)  # nothing to do but check: the SENT row is the queue
    assert mail.outbox == []
    letter.body_text = ""
    with pytest.raises(ChannelError):
        LetterChannel().send(letter)


# Staff


def test_staff_reminder_names_the_pupil_time_room_who_and_links_the_meeting(meeting, teacher, settings):
    settings.SITE_URL = "https://senco.hillside.example/"

    reminder = composed(
        meeting, kind=MeetingMessageKind.STAFF_REMINDER, staff=teacher, due_at=THURSDAY - datetime.timedelta(days=1)
    )

    assert reminder.subject == "Your meeting tomorrow: Amelia Ashworth at 3:45pm"
    assert reminder.recipient_address == "teacher@school.example"
    text = words(reminder.body_text)
    assert "Thursday 3 December 2026 at 3:45pm, for 45 minutes" in text
    assert "Where: The Blue Room" in text
    assert "- Mrs Alice Thompson, Mother" in text
    assert "The parents were asked to bring their views" in text
    assert f"https://senco.hillside.example/meetings/{meeting.pk}/" in text
    assert f'href="https://senco.hillside.example/meetings/{meeting.pk}/"' in reminder.body_html


def test_record_due_and_overdue_give_the_date_the_parents_should_have_it(meeting, senco):
    due = composed(meeting, kind=MeetingMessageKind.RECORD_DUE, staff=senco)
    overdue = composed(meeting, kind=MeetingMessageKind.RECORD_OVERDUE, staff=senco)

    assert (
        "The record of the meeting with Amelia Ashworth on 3 December 2026 is due to the parents by "
        "Thursday 17 December 2026." in words(due.body_text)
    )
    assert f"/meetings/{meeting.pk}/record/" in due.body_text
    assert overdue.subject == "Record overdue: meeting with Amelia Ashworth on 3 December 2026"
    assert "was due to the parents by Thursday 17 December 2026" in words(overdue.body_text)


# Email


def test_email_goes_by_name_with_html_reply_to_and_calendar_invitation(meeting, mum):
    notice = composed(meeting, parent=mum)

    channel_for(notice).send(notice)

    [email] = mail.outbox
    assert email.to == ["Mrs Alice Thompson <alice@home.example>"]
    assert email.reply_to == ["office@hillside.example"]
    assert email.subject == notice.subject
    assert email.body == notice.body_text
    assert email.alternatives[0].content == notice.body_html
    [(filename, content, mimetype)] = email.attachments
    assert filename == "invite.ics"
    assert mimetype == "text/calendar; method=PUBLISH"  # the METHOD inside meetings/ics.py's file
    assert "BEGIN:VEVENT" in content
    assert 'Content-Type: text/calendar; method="PUBLISH"; charset="utf-8"' in email.message().as_string()


def test_cancellation_email_carries_a_calendar_cancel(meeting, mum):
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancellation_reason = "Illness."
    meeting.save()
    cancellation = composed(meeting, kind=MeetingMessageKind.CANCELLATION, parent=mum)

    EmailChannel().send(cancellation)

    [(_, content, mimetype)] = mail.outbox[0].attachments
    assert mimetype == "text/calendar; method=CANCEL"
    assert "METHOD:CANCEL" in content


def test_reminders_carry_no_attachment(meeting, mum, teacher):
    for reminder in (
        composed(meeting, kind=MeetingMessageKind.REMINDER, parent=mum),
        composed(meeting, kind=MeetingMessageKind.STAFF_REMINDER, staff=teacher),
    ):
        EmailChannel().send(reminder)

    assert [email.attachments for email in mail.outbox] == [[], []]
    assert parseaddr(mail.outbox[1].to[0])[1] == "teacher@school.example"


def test_email_without_an_address_fails_so_it_is_retried_and_shown(meeting, mum):
    mum.email = ""
    notice = composed(meeting, parent=mum)

    with pytest.raises(ChannelError, match="No email address for Mrs Alice Thompson"):
        EmailChannel().send(notice)
    assert mail.outbox == []
