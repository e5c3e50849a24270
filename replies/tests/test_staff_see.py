"""What staff see of a family's reply: on the meeting, on the SENCO's dashboard, on the family's timeline, and, as the
family's own words, in the Explore stage of the record. A young person adds their own views."""

import datetime
import io
import json
import zipfile
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from meetings.models import MeetingStatus
from pupils.tests.factories import ParentCarerFactory, PupilFactory, PupilParentFactory
from replies.models import Reply

from .helpers import link_in, london, meeting_with_parent, tell_the_family, the_school


def words(response) -> str:
    return " ".join(unescape(strip_tags(response.content.decode())).split())


@pytest.fixture
def family(db, senco, pupil_a, parent_a):
    """Amelia's review on Thursday 3 December 2026, her mother and father invited, both told by email."""
    the_school()
    dad = ParentCarerFactory(first_name="Adam", last_name="Ashworth")
    PupilParentFactory(pupil=pupil_a, parent=dad)
    meeting = meeting_with_parent(senco, pupil_a, parent_a.parent_record)
    meeting.invitees.create(kind="parent", parent=dad, role="Father")
    emails = tell_the_family(meeting)
    mum_link = next(link_in(email.body) for email in emails if parent_a.email in email.to[0])
    return {"meeting": meeting, "mum_link": mum_link, "dad": dad}


def mum_replies(client, family, **said):
    with time_machine.travel(london(2026, 11, 20, 19, 30), tick=False):
        client.post(family["mum_link"], said)
    client.logout()


def test_the_leader_sees_the_reply_on_the_meeting_and_who_has_not_replied(client, family, senco):
    mum_replies(client, family, answer="another_time", suits_times="Tuesday after 3pm", talk_about="Her spelling.")
    client.force_login(senco)
    page = words(client.get(reverse("meetings:detail", args=[family["meeting"].pk])))
    assert "Replies from the family" in page
    assert (
        "Alice Ashworth We need another time Fri 20 Nov 2026 at 7:30pm Days and times that suit: Tuesday after 3pm"
    ) in page
    assert "Adam Ashworth Not replied yet" in page
    assert "What they would like to talk about Her spelling." in page


def test_the_dashboard_counts_another_time_and_not_replied_for_meetings_still_to_come(client, family, senco, pupil_b):
    quiet = meeting_with_parent(senco, pupil_b, ParentCarerFactory(first_name="Bella"), london(2026, 12, 4, 9, 0))
    tell_the_family(quiet, sent_by=london(2026, 11, 20, 9, 30))
    mum_replies(client, family, answer="another_time", suits_times="Mornings")
    client.force_login(senco)
    with time_machine.travel(london(2026, 11, 23, 9, 0), tick=False):
        page = client.get(reverse("meetings:dashboard_to_book")).content.decode()
    assert '<span data-count="another_time">1</span>' in page
    assert '<span data-count="not_replied">1</span>' in page  # Ben's family was told and has not replied
    assert f"{family['meeting'].pupil.full_name}, 3 Dec" in page and "Ben Barker, 4 Dec" in page


def test_the_reply_is_on_the_familys_timeline(client, family, senco):
    mum_replies(client, family, answer="cannot_come", note="We are away that week.")
    client.force_login(senco)
    page = words(client.get(reverse("overview:pupil_timeline", args=[family["meeting"].pupil_id])))
    assert (
        "Fri 20 Nov 2026 at 7:30pm Meetings and records Family's reply Reply to the meeting on 3 Dec 2026: "
        "We can't come We are away that week. Alice Ashworth"
    ) in page


def test_the_record_shows_the_familys_own_words_in_explore_marked_as_theirs(client, family, senco):
    mum_replies(client, family, answer="coming", talk_about="Reading at home.", home_views="Bedtimes are hard.")
    meeting = family["meeting"]
    meeting.status = MeetingStatus.HELD
    meeting.save()
    client.force_login(senco)
    page = words(client.get(reverse("meetings:record", args=[meeting.pk])))
    explore = page[page.index("1 Explore listen") : page.index("2 Focus agree")]
    assert "In the family's own words written by the family before the meeting" in explore
    assert "Written by Alice Ashworth on Friday 20 November 2026 at 7:30pm, through their reply link." in explore
    assert "What they would like to talk about Reading at home." in explore
    assert "How things are at home Bedtimes are hard." in explore
    assert "What the parents told us" in explore  # the school's own record follows, empty until written


def test_a_young_person_may_add_their_own_views(client, senco):
    the_school()
    sixth_former = PupilFactory(
        legal_first_name="Priya",
        date_of_birth=datetime.date(2009, 1, 20),
        year_group=12,
        parents_may_see_record_agreed_at=timezone.now(),
    )
    mum = ParentCarerFactory(first_name="Meera")
    PupilParentFactory(pupil=sixth_former, parent=mum)
    meeting = meeting_with_parent(senco, sixth_former, mum)
    [notice] = tell_the_family(meeting)
    with time_machine.travel(london(2026, 11, 20, 19, 30), tick=False):
        page = words(client.get(link_in(notice.body)))
        client.post(link_in(notice.body), {"answer": "coming", "young_person_views": "I want to talk about college."})
    assert "Priya's own views (optional)" in page
    assert Reply.objects.get().young_person_views == "I want to talk about college."


def test_a_subject_access_export_holds_the_familys_replies_and_every_earlier_answer(client, family, senco, parent_a):
    mum_replies(client, family, answer="another_time", suits_times="Mornings")
    mum_replies(client, family, answer="coming", suits_times="Mornings")  # the form keeps what was said
    client.force_login(senco)
    response = client.post(reverse("overview:parent_subject_access", args=[parent_a.parent_record.pk]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    [reply] = json.loads(archive.read("replies.json"))
    assert (reply["answer_label"], reply["suits_times"]) == ("We'll be there", "")  # times only for another time
    earlier = [e["values"]["answer"] for e in json.loads(archive.read("history.json")) if e["record"] == "Your reply"]
    assert earlier == ["another_time", "coming"]
    pupil_export = client.post(reverse("overview:pupil_subject_access", args=[family["meeting"].pupil_id]))
    assert json.loads(zipfile.ZipFile(io.BytesIO(pupil_export.content)).read("replies.json"))[0]["answer"] == "coming"


def test_a_parent_not_yet_sent_the_notice_is_not_told_until_it_goes(client, senco, pupil_b):
    the_school()
    bella = ParentCarerFactory(first_name="Bella", last_name="Barker", email="bella@example.com")
    meeting = meeting_with_parent(senco, pupil_b, bella)
    client.force_login(senco)
    page = words(client.get(reverse("meetings:detail", args=[meeting.pk])))
    assert "Bella Barker Not told of this time yet: the notice has not gone." in page
    tell_the_family(meeting)
    client.force_login(senco)
    page = words(client.get(reverse("meetings:detail", args=[meeting.pk])))
    assert "Bella Barker Not replied yet" in page and "Not told of this time yet" not in page
