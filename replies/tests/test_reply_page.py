"""A family answers from the link in their notice, signed out; the link refuses politely once it can no longer
take a reply, and a link that was altered or has expired changes nothing."""

from html import unescape

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils.html import strip_tags

from meetings.models import Invitee, MeetingStatus
from meetings.scheduling import cancel, rearrange
from replies.models import Reply, ReplyLink
from replies.views import MISSES_ALLOWED

from .helpers import link_in, london, meeting_with_parent, run_until, tell_the_family, the_school


def words(response) -> str:
    return " ".join(unescape(strip_tags(response.content.decode())).split())


@pytest.fixture
def school(db):
    return the_school()


@pytest.fixture
def meeting(school, senco, pupil_a, parent_a):
    return meeting_with_parent(senco, pupil_a, parent_a.parent_record)


@pytest.fixture
def link(meeting):
    [notice] = tell_the_family(meeting)
    return link_in(notice.body)


def another_time(**more) -> dict:
    return {"answer": "another_time", "suits_times": "Tuesday or Thursday after 3pm", "note": "", **more}


def test_the_notice_link_opens_the_meeting_signed_out_and_takes_another_time(client, link, meeting, senco):
    with time_machine.travel(london(2026, 11, 20, 19, 30), tick=False):
        page = client.get(link)
        assert page.status_code == 200
        assert "The meeting about Amelia" in words(page)
        assert "Thursday 3 December 2026 at 3:45pm" in words(page)
        assert "SENCO office (room 12)" in words(page)
        sent = client.post(link, another_time(note="Dad works Mondays."), follow=True)
    assert "Thank you. We have your reply." in words(sent)
    assert "We need another time" in words(sent) and "Tuesday or Thursday after 3pm" in words(sent)
    reply = Reply.objects.get()
    assert (reply.meeting, reply.parent.first_name, reply.answer) == (meeting, "Alice", "another_time")
    assert reply.note == "Dad works Mondays."

    # The meeting's leader hears of it at the next scan, once.
    run_until(london(2026, 11, 20, 19, 31))
    run_until(london(2026, 11, 20, 19, 40))
    [email] = [m for m in mail.outbox if senco.email in m.to[0]]
    assert email.subject == (
        "Alice Ashworth needs another time: the meeting about Amelia Ashworth on Thursday 3 December 2026"
    )
    assert "Tuesday or Thursday after 3pm" in email.body and "Dad works Mondays." in email.body


def test_the_link_opened_again_shows_the_reply_and_may_change_it_until_the_meeting(client, link, senco):
    with time_machine.travel(london(2026, 11, 20, 19, 30), tick=False):
        client.post(link, another_time())
        again = client.get(link)
        assert "Your reply We need another time" in words(again)
        assert "You can change it until the meeting begins." in words(again)
        assert 'value="another_time" id="id_answer_1" checked' in again.content.decode()
    with time_machine.travel(london(2026, 11, 23, 8, 0), tick=False):
        client.post(link, {"answer": "coming", "talk_about": "Her reading at home."})
    reply = Reply.objects.get()
    assert reply.answer == "coming" and reply.changed_at == london(2026, 11, 23, 8, 0)
    assert [h.answer for h in reply.history.order_by("history_date")] == ["another_time", "coming"]
    # Both replies were told before the scan: one email, saying the reply as it stands.
    run_until(london(2026, 11, 23, 8, 1))
    [email] = [m for m in mail.outbox if senco.email in m.to[0]]
    assert email.subject.startswith("Alice Ashworth will be there")


def test_an_altered_link_says_so_names_nobody_and_changes_nothing(client, link, school):
    last = link.rstrip("/")[-1]
    altered = link.rstrip("/")[:-1] + ("B" if last != "B" else "C") + "/"
    with time_machine.travel(london(2026, 11, 20, 19, 30), tick=False):
        page = client.get(altered)
        posted = client.post(altered, another_time())
    assert page.status_code == posted.status_code == 404
    assert "This link does not work" in words(page)
    assert "01632 960 123" in words(page)
    for who in ("Amelia", "Ashworth", "3 December"):
        assert who not in words(page)
    assert not Reply.objects.exists()


def test_the_day_after_the_meeting_the_link_has_expired_and_changes_nothing(client, link):
    with time_machine.travel(london(2026, 11, 20, 19, 30), tick=False):
        client.post(link, another_time())
    with time_machine.travel(london(2026, 12, 4, 0, 0), tick=False):
        page = client.get(link)
        posted = client.post(link, {"answer": "cannot_come"})
    assert page.status_code == posted.status_code == 410
    assert "This link has expired" in words(page) and "Please phone us on 01632 960 123" in words(page)
    assert "Amelia" not in words(page)
    assert Reply.objects.get().answer == "another_time"


def test_a_reply_after_the_meeting_began_is_refused_politely(client, link):
    with time_machine.travel(london(2026, 12, 3, 15, 40), tick=False):
        opened = client.get(link)  # five minutes before: the form
    assert "Can you come?" in words(opened)
    with time_machine.travel(london(2026, 12, 3, 15, 50), tick=False):
        late = client.post(link, {"answer": "cannot_come"})
        later = client.get(link)
    assert late.status_code == 409
    assert "The meeting has already begun" in words(late)
    assert "was on Thursday 3 December 2026 at 3:45pm, so we cannot take a reply here now" in words(late)
    assert "01632 960 123" in words(late)
    assert later.status_code == 200 and "Can you come?" not in words(later)
    assert not Reply.objects.exists()


def test_long_text_is_refused_with_a_message_and_shown_again_never_cut(client, link):
    long_views = "We read together every night. " * 140  # 4,200 characters
    with time_machine.travel(london(2026, 11, 20, 19, 30), tick=False):
        page = client.post(link, {"answer": "coming", "home_views": long_views})
    assert page.status_code == 200
    assert "This is 4,199 characters long. Please keep it to 4,000 or fewer: take out 199 characters." in words(page)
    assert long_views.strip() in page.content.decode()
    assert "maxlength" not in page.content.decode()  # a browser would cut a pasted text to it without a word
    assert not Reply.objects.exists()


def test_another_time_asks_which_days_and_times_suit(client, link):
    with time_machine.travel(london(2026, 11, 20, 19, 30), tick=False):
        page = client.post(link, {"answer": "another_time", "note": "Mornings are hard."})
    assert "Please tell us which days and times suit you, so we can offer one." in words(page)
    assert "Mornings are hard." in page.content.decode()
    assert not Reply.objects.exists()


def test_the_link_works_without_signing_in_with_csrf_from_the_page(link):
    browser = Client(enforce_csrf_checks=True)
    with time_machine.travel(london(2026, 11, 20, 19, 30), tick=False):
        assert browser.post(link, another_time()).status_code == 403
        browser.get(link)
        token = browser.cookies["csrftoken"].value
        sent = browser.post(link, another_time(csrfmiddlewaretoken=token))
    assert sent.status_code == 302
    assert Reply.objects.get().answer == "another_time"


def test_a_moved_meeting_is_replied_to_at_its_new_time_from_the_first_notice(client, link, meeting, senco):
    with time_machine.travel(london(2026, 11, 20, 9, 0), tick=False):
        moved = rearrange(meeting, london(2026, 12, 8, 9, 0), senco)
        page = client.get(link)
        client.post(link, {"answer": "coming"})
    assert "This meeting has moved." in words(page) and "Tuesday 8 December 2026 at 9am" in words(page)
    assert Reply.objects.get().meeting == moved
    with time_machine.travel(london(2026, 12, 4, 9, 0), tick=False):  # the old day has passed: the new one has not
        assert client.get(link).status_code == 200


def test_a_cancelled_meeting_says_so(client, link, meeting):
    with time_machine.travel(london(2026, 11, 20, 9, 0), tick=False):
        cancel(meeting, "The SENCO is ill.")
        page = client.get(link)
        client.post(link, {"answer": "coming"})
    assert "This meeting was cancelled" in words(page)
    assert not Reply.objects.exists()


def test_a_parent_no_longer_invited_finds_the_link_no_longer_works(client, link, meeting):
    Invitee.objects.filter(meeting=meeting).delete()
    with time_machine.travel(london(2026, 11, 20, 9, 0), tick=False):
        page = client.get(link)
    assert page.status_code == 404 and "This link does not work" in words(page)


def test_the_link_is_the_familys_whoever_holds_it(client, link, parent_b, senco):
    """Opened by a signed-in parent of another family (or a member of staff), it still opens only its own family's
    meeting, and a reply through it is that family's."""
    for holder, answer in ((parent_b, "coming"), (senco, "cannot_come")):
        client.force_login(holder)
        with time_machine.travel(london(2026, 11, 20, 9, 0), tick=False):
            page = client.get(link)
            client.post(link, {"answer": answer})
        assert "The meeting about Amelia" in words(page) and "Barker" not in words(page)
    reply = Reply.objects.get()
    assert (reply.parent.first_name, reply.answer) == ("Alice", "cannot_come")
    assert reply.history.first().history_user == senco  # who changed it, when signed in, is kept


def test_guessing_codes_stops_being_answered(client, link):
    with time_machine.travel(london(2026, 11, 20, 9, 0), tick=False):
        for n in range(MISSES_ALLOWED):
            assert client.get(f"/r/AAAA-BBBB-{n:04d}/").status_code == 404
        assert client.get(link).status_code == 429  # even a real code, from that address, for a while
    assert ReplyLink.objects.get().last_opened_at is None


def test_a_meeting_marked_held_takes_no_more_replies(client, link, meeting):
    meeting.status = MeetingStatus.HELD
    meeting.save()
    with time_machine.travel(london(2026, 11, 20, 9, 0), tick=False):
        assert client.post(link, {"answer": "coming"}).status_code == 409
    assert not Reply.objects.exists()
