"""The office's call list: tomorrow's meetings' phone-preferring parents and letter families, who to ring, their
numbers, the best time and what to say; and who was reached, kept in the message log with who and when."""

import datetime
import html
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import strip_tags

from meetings.models import Invitee, InviteeKind
from meetings.notice_planning import plan_meeting
from meetings.notices import MeetingMessageKind
from meetings.tests.factories import MeetingFactory
from notices.calls import record_call
from notices.models import CallAttempt, CallOutcome, Channel, Message, MessageStatus
from notices.sending import deliver, scan
from pupils.models import ContactMethod
from pupils.tests.factories import ParentCarerFactory, PupilParentFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
CALL_DAY = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=LONDON)  # Wednesday, for Thursday's meeting


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def run_until(moment: datetime.datetime) -> None:
    with time_machine.travel(moment, tick=False):
        for pk in scan():
            deliver(pk)


def text(response) -> str:
    return html.unescape(" ".join(strip_tags(response.content.decode()).split()))


@pytest.fixture
def calls(senco, pupil_a, pupil_b):
    """Thursday's review about Amelia (Pat prefers a call, Lou gets letters, Emma email) and one about Ben
    (his father prefers a call), each booked weeks ago; on Wednesday morning the calls are on the list."""
    amelia = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=london(2026, 12, 3, 15, 45), place="Room 12")
    ben = MeetingFactory(pupil=pupil_b, led_by=senco, starts_at=london(2026, 12, 3, 9, 0), place="The library")
    pat = ParentCarerFactory(
        first_name="Pat", last_name="Ashworth", preferred_contact_method=ContactMethod.PHONE,
        mobile_phone="07700 900456", home_phone="01632 960222", best_times_to_contact="after 3pm",
    )  # fmt: skip
    lou = ParentCarerFactory(first_name="Lou", last_name="Ashworth", email="", mobile_phone="07700 900789")
    emma = ParentCarerFactory(first_name="Emma", last_name="Ashworth")
    bill = ParentCarerFactory(
        first_name="Bill", last_name="Barker", preferred_contact_method=ContactMethod.PHONE, mobile_phone="07700 900111"
    )
    for meeting, parent in ((amelia, pat), (amelia, lou), (amelia, emma), (ben, bill)):
        PupilParentFactory(pupil=meeting.pupil, parent=parent)
        Invitee.objects.create(meeting=meeting, kind=InviteeKind.PARENT, parent=parent, role="Parent")
    with time_machine.travel(london(2026, 11, 12, 10, 0), tick=False):
        plan_meeting(amelia)
        plan_meeting(ben)
    run_until(london(2026, 11, 12, 10, 1))
    run_until(london(2026, 12, 2, 8, 1))
    return {"pat": pat, "lou": lou, "emma": emma, "bill": bill}


def call_to(parent) -> Message:
    return Message.objects.get(parent=parent, kind=MeetingMessageKind.PHONE_REMINDER)


def tick(client, call, outcome, when=CALL_DAY):
    with time_machine.travel(when, tick=False):
        return client.post(reverse("notices:call_outcome", args=[call.pk]), {"outcome": outcome})


def calls_page(client, when=CALL_DAY):
    with time_machine.travel(when, tick=False):
        return client.get(reverse("notices:calls"))


def test_the_office_sees_who_to_ring_tomorrow_with_numbers_best_time_and_what_to_say(client, office, calls):
    client.force_login(office)
    response = calls_page(client)
    assert [call.parent for call in response.context["to_make"]] == [calls["bill"], calls["lou"], calls["pat"]]
    page = text(response)
    assert "Pat Ashworth" in page and "07700 900456" in page and "01632 960222" in page
    assert 'href="tel:07700900456"' in response.content.decode()
    assert "after 3pm" in page
    assert "Thursday 3 December 2026 at 3:45pm" in page and "Room 12" in page and "About Amelia Ashworth" in page
    assert "I'm ringing to remind you about the meeting about Amelia tomorrow" in page
    assert "Emma Ashworth" not in page  # emailed, not rung
    assert "SEN support" not in page


def test_no_answer_stays_on_the_list_and_reached_takes_it_off(client, office, calls):
    client.force_login(office)
    pat = call_to(calls["pat"])
    response = tick(client, pat, CallOutcome.NO_ANSWER)
    assert response.status_code == 302 and response["Location"] == reverse("notices:calls")
    page = calls_page(client)
    assert pat in page.context["to_make"]
    assert "1 try: no answer" in text(page)
    tick(client, pat, CallOutcome.REACHED, when=CALL_DAY + datetime.timedelta(hours=5))
    page = calls_page(client, when=CALL_DAY + datetime.timedelta(hours=5))
    assert pat not in page.context["to_make"] and pat in page.context["made"]
    assert [(a.outcome, a.made_by, a.made_at) for a in pat.calls.all()] == [
        (CallOutcome.NO_ANSWER, office, CALL_DAY),
        (CallOutcome.REACHED, office, CALL_DAY + datetime.timedelta(hours=5)),
    ]


def test_the_message_log_keeps_who_rang_and_how_it_went(client, office, senco, calls, pupil_a):
    client.force_login(office)
    lou = call_to(calls["lou"])
    tick(client, lou, CallOutcome.LEFT_MESSAGE)
    client.force_login(senco)
    detail = text(client.get(reverse("notices:detail", args=[lou.pk])))
    assert "Wed 2 Dec 2026 at 10am: Left a message" in detail and office.get_full_name() in detail
    assert "What to say" in detail and "Send a copy again" not in detail
    log = text(client.get(reverse("notices:pupil_log", args=[pupil_a.pk])))
    assert "Day-before reminder call" in log and "Left a message" in log
    parent_log = text(client.get(reverse("notices:parent_log", args=[calls["pat"].pk])))
    assert "On the call list" in parent_log


def test_a_call_is_answered_once(office, senco, calls):
    pat = call_to(calls["pat"])
    assert record_call(pat, CallOutcome.REACHED, office) is not None
    assert record_call(pat, CallOutcome.LEFT_MESSAGE, senco) is None
    assert list(pat.calls.values_list("outcome", flat=True)) == [CallOutcome.REACHED]


def test_a_second_tick_after_the_call_was_made_says_so(client, office, calls):
    client.force_login(office)
    pat = call_to(calls["pat"])
    tick(client, pat, CallOutcome.REACHED)
    response = tick(client, pat, CallOutcome.REACHED)
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "The call to Pat Ashworth was already noted as made."
    )
    assert CallAttempt.objects.filter(message=pat).count() == 1


@pytest.mark.parametrize("outcome", ["", "hung_up", "REACHED", "x" * 500])
def test_a_made_up_outcome_is_refused_with_a_message(client, office, calls, outcome):
    client.force_login(office)
    response = tick(client, call_to(calls["pat"]), outcome)
    assert response.status_code == 302
    assert "Choose whether you reached them" in str(list(get_messages(response.wsgi_request))[-1])
    assert not CallAttempt.objects.exists()


def test_an_outcome_for_something_that_is_not_a_call_is_not_found(client, office, calls):
    client.force_login(office)
    email_reminder = Message.objects.get(parent=calls["emma"], kind=MeetingMessageKind.REMINDER)
    notice = Message.objects.get(parent=calls["emma"], kind=MeetingMessageKind.NOTICE)
    for message in (email_reminder, notice):
        assert tick(client, message, CallOutcome.REACHED).status_code == 404
    with time_machine.travel(CALL_DAY, tick=False):
        missing = client.post(reverse("notices:call_outcome", args=[10**9]), {"outcome": "reached"})
    assert missing.status_code == 404
    assert not CallAttempt.objects.exists()


def test_staff_and_families_cannot_tick_a_call(client, teacher, parent_a, calls):
    for person in (teacher, parent_a):
        client.force_login(person)
        assert tick(client, call_to(calls["pat"]), CallOutcome.REACHED).status_code == 403
    assert not CallAttempt.objects.exists()


def test_the_list_is_for_its_day_only(client, office, calls):
    client.force_login(office)
    assert calls_page(client, when=london(2026, 12, 3, 16, 0)).context["to_make"] == []  # the meetings started


def test_a_call_is_not_a_message_in_the_familys_portal(client, calls, pupil_a):
    from accounts.tests.factories import UserFactory

    pat = calls["pat"]
    pat.user = UserFactory(email="pat@home.example", role="parent")
    pat.save()
    client.force_login(pat.user)
    shown = client.get(reverse("portal:messages")).context["sent_messages"]
    assert {message.channel for message in shown} == {Channel.EMAIL}
    assert call_to(pat).status == MessageStatus.SENT


def test_the_call_list_is_in_the_office_menu(client, office):
    client.force_login(office)
    page = client.get(reverse("pupils:families")).content.decode()
    assert f'href="{reverse("notices:calls")}"' in page
