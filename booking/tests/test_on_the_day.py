"""On the day: the staff timetable, one-page profiles one click away, marking attended or did not attend."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from booking import rules
from booking.tests.factories import review_day_with
from meetings.dashboard import family_meetings
from meetings.models import MeetingStatus
from meetings.notices import RECORD_KINDS
from notices.models import Message, MessageStatus
from pupils.models import Pupil
from pupils.tests.factories import PupilFactory, PupilParentFactory
from school.years import academic_year_of


@pytest.fixture
def day(senco, teacher):
    return review_day_with(senco, teacher)


@pytest.fixture
def booking(day, senco, office, pupil_a, parent_a):
    return rules.book(day.slots.filter(staff=senco).order_by("starts_at").first(), pupil_a, office)


@pytest.fixture
def slot_started(booking):
    """The appointment has begun: only then can it be marked."""
    with time_machine.travel(booking.meeting.starts_at + datetime.timedelta(minutes=1), tick=False):
        yield


def attendance_url(booking):
    return reverse("booking:attendance", args=[booking.review_day_id, booking.pk])


@pytest.mark.parametrize(("status", "label"), [("held", "Held"), ("dna", "Parent did not attend")])
def test_office_marks_a_booked_slot_and_the_grid_shows_it(client, office, day, booking, status, label, slot_started):
    client.force_login(office)
    response = client.post(attendance_url(booking), {"status": status}, follow=True)
    booking.meeting.refresh_from_db()
    assert booking.meeting.status == status
    page = response.content.decode()
    assert label in page and 'value="held"' not in page  # marked once: no buttons left for it


def test_marking_attended_plans_the_record_reminder_and_drops_the_day_reminders(client, senco, booking, slot_started):
    assert Message.objects.filter(meeting=booking.meeting, status=MessageStatus.PLANNED).exists()
    client.force_login(senco)
    client.post(attendance_url(booking), {"status": "held"})
    planned = Message.objects.filter(meeting=booking.meeting, status=MessageStatus.PLANNED)
    assert planned.exists() and set(planned.values_list("kind", flat=True)) <= set(RECORD_KINDS)


def test_an_attended_review_day_slot_counts_on_the_dashboard(client, senco, day, booking, pupil_a, slot_started):
    year, today = academic_year_of(day.date), day.date
    [before] = family_meetings(Pupil.objects.filter(pk=pupil_a.pk), year, today)
    client.force_login(senco)
    client.post(attendance_url(booking), {"status": "held"})
    [after] = family_meetings(Pupil.objects.filter(pk=pupil_a.pk), year, today)
    assert (before.held, after.held) == (0, 1)


def test_did_not_attend_does_not_count(client, senco, day, booking, pupil_a):
    client.force_login(senco)
    client.post(attendance_url(booking), {"status": "dna"})
    [row] = family_meetings(Pupil.objects.filter(pk=pupil_a.pk), academic_year_of(day.date), day.date)
    assert row.held == 0


def test_a_cancelled_or_already_marked_meeting_is_not_changed(client, senco, booking, slot_started):
    client.force_login(senco)
    client.post(attendance_url(booking), {"status": "dna"})
    response = client.post(attendance_url(booking), {"status": "held"}, follow=True)
    booking.meeting.refresh_from_db()
    assert booking.meeting.status == MeetingStatus.DID_NOT_ATTEND
    assert "cannot be marked" in response.content.decode()
    assert client.post(attendance_url(booking), {"status": "cancelled"}).status_code == 302
    booking.meeting.refresh_from_db()
    assert booking.meeting.status == MeetingStatus.DID_NOT_ATTEND


def test_forged_ids_get_404(client, office, senco, day, booking):
    other_day = review_day_with(office, starts_at=datetime.time(13, 0), ends_at=datetime.time(15, 0), breaks="")
    client.force_login(office)
    assert client.post(reverse("booking:attendance", args=[day.pk, 999999]), {"status": "held"}).status_code == 404
    wrong_day = reverse("booking:attendance", args=[other_day.pk, booking.pk])
    assert client.post(wrong_day, {"status": "held"}).status_code == 404
    rules.cancel(booking, office, "Changed their mind.")
    assert client.post(attendance_url(booking), {"status": "held"}).status_code == 404
    booking.meeting.refresh_from_db()
    assert booking.meeting.status == MeetingStatus.CANCELLED


def test_the_senco_gets_profile_links_and_the_office_does_not(client, senco, office, day, booking, pupil_a):
    profile = reverse("pupils:profile_print", args=[pupil_a.pk])
    client.force_login(senco)
    assert profile in client.get(reverse("booking:day", args=[day.pk])).content.decode()
    assert profile in client.get(reverse("booking:timetable", args=[day.pk, senco.pk])).content.decode()
    client.force_login(office)
    for url in (reverse("booking:day", args=[day.pk]), reverse("booking:timetable", args=[day.pk, senco.pk])):
        page = client.get(url).content.decode()
        assert "Ashworth, Amelia" in page and profile not in page


def test_staff_timetable_shows_their_slots_pupils_and_rooms(client, office, senco, teacher, day, booking):
    client.force_login(office)
    grid = client.get(reverse("booking:day", args=[day.pk])).content.decode()
    for member in (senco, teacher):
        assert reverse("booking:timetable", args=[day.pk, member.pk]) in grid
    page = client.get(reverse("booking:timetable", args=[day.pk, senco.pk])).content.decode()
    assert "Sam Senco" in page and "Room 1" in page and "Ashworth, Amelia" in page
    assert "9am–9:20am" in page and "10:40am–11am" in page
    assert page.count("10:20am–10:40am") == 1 and '10:20am–10:40am</th><td colspan="3">Break</td>' in page  # not a slot
    assert "1 of 8 appointments booked" in page
    assert "Ashworth" not in client.get(reverse("booking:timetable", args=[day.pk, teacher.pk])).content.decode()


def test_staff_see_their_own_timetable_with_profiles_only_for_pupils_they_may_see(
    client, office, teacher, day, pupil_a, pupil_b
):
    slots = list(day.slots.filter(staff=teacher).order_by("starts_at"))
    rules.book(slots[0], pupil_a, office)  # the teacher's class
    rules.book(slots[1], pupil_b, office)  # a family the teacher does not work with
    client.force_login(teacher)
    page = client.get(reverse("booking:timetable", args=[day.pk, teacher.pk])).content.decode()
    assert reverse("pupils:profile_print", args=[pupil_a.pk]) in page
    assert reverse("pupils:profile_print", args=[pupil_b.pk]) not in page
    assert 'value="held"' not in page  # marking is for the SENCO and the office


def test_timetable_for_someone_not_on_the_day_is_404(client, office, other_teacher, day):
    client.force_login(office)
    assert client.get(reverse("booking:timetable", args=[day.pk, other_teacher.pk])).status_code == 404


def test_timetable_keeps_a_constant_number_of_queries(client, senco, office, day):
    url = reverse("booking:timetable", args=[day.pk, senco.pk])
    slots = list(day.slots.filter(staff=senco).order_by("starts_at"))
    rules.book(slots[0], PupilFactory(), office)
    client.force_login(senco)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for slot in slots[1:6]:
        rules.book(slot, PupilParentFactory().pupil, office)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_an_appointment_cannot_be_marked_before_it_starts(client, senco, booking):
    client.force_login(senco)
    client.post(attendance_url(booking), {"status": "held"})
    booking.meeting.refresh_from_db()
    assert booking.meeting.status in (MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED)


def test_the_buttons_to_mark_an_appointment_come_once_it_has_started(client, office, day, booking):
    """Before then `rules.mark_attendance` refuses it: no buttons to press in vain, on the grid or a timetable."""
    grid, timetable = reverse("booking:day", args=[day.pk]), reverse("booking:timetable", args=[day.pk, senco_of(day)])
    client.force_login(office)
    for url in (grid, timetable):
        page = client.get(url).content.decode()
        assert "Ashworth, Amelia" in page and 'value="held"' not in page and attendance_url(booking) not in page
    with time_machine.travel(booking.meeting.starts_at + datetime.timedelta(minutes=1), tick=False):
        client.force_login(office)
        for url in (grid, timetable):
            page = client.get(url).content.decode()
            assert f'action="{attendance_url(booking)}"' in page and 'value="held"' in page and 'value="dna"' in page


def test_the_grid_links_each_booking_and_writes_names_as_text(client, senco, office, day, booking):
    pupil = booking.pupil
    pupil.preferred_name = "<b>Millie</b>"
    pupil.save()
    client.force_login(senco)
    page = client.get(reverse("booking:day", args=[day.pk])).content.decode()
    assert "Ashworth, &lt;b&gt;Millie&lt;/b&gt;" in page and "<b>Millie" not in page
    for link in (
        reverse("booking:move", args=[booking.pk]),
        reverse("booking:cancel", args=[booking.pk]),
        reverse("pupils:profile_print", args=[pupil.pk]),
    ):
        assert f'href="{link}"' in page
    assert page.count(f'href="{reverse("booking:find", args=[day.pk])}"') == day.slots.count() - 1 + 1  # and the top
    rules.cancel(booking, office, "Changed their mind.")
    page = client.get(reverse("booking:day", args=[day.pk])).content.decode()
    assert "Millie" not in page and reverse("booking:move", args=[booking.pk]) not in page


def senco_of(day) -> int:
    return day.staff_lines.order_by("pk").first().staff_id
