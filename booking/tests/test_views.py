from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from booking import rules
from booking.models import Booking, ReviewDay
from booking.tests.factories import review_day_with
from common.tests.page_queries import own_queries
from meetings.tests.factories import weekday_from_today
from pupils.tests.factories import PupilFactory, PupilParentFactory
from school.models import ClosureDay, TermDates


@pytest.fixture
def day(senco, teacher):
    return review_day_with(senco, teacher)


def day_form(senco, teacher):
    return {
        "date": weekday_from_today(30).date().isoformat(),
        "starts_at": "13:00",
        "ends_at": "15:00",
        "slot_minutes": "20",
        "breaks": "14:00-14:20",
        "staff-TOTAL_FORMS": "2",
        "staff-INITIAL_FORMS": "0",
        "staff-MIN_NUM_FORMS": "1",
        "staff-0-staff": senco.pk,
        "staff-0-room": "SENCO office",
        "staff-1-staff": teacher.pk,
        "staff-1-room": "Room 5",
    }


def test_senco_creates_a_review_day_and_its_slots(client, senco, teacher):
    client.force_login(senco)
    data = day_form(senco, teacher)
    response = client.post(reverse("booking:day_create"), data, follow=True)
    day = ReviewDay.objects.get()
    assert day.slots.count() == 10 and day.created_by == senco
    assert "set up with 10 appointments" in response.content.decode()


def test_a_review_day_is_never_set_on_a_closure_day(client, senco, teacher):
    data = day_form(senco, teacher)
    ClosureDay.objects.create(date=data["date"], reason="INSET day")
    client.force_login(senco)
    page = client.post(reverse("booking:day_create"), data).content.decode()
    assert "The school is closed that day (INSET day): choose another day." in page
    assert 'value="Room 5"' in page and not ReviewDay.objects.exists()  # what was typed is kept


def test_a_review_day_is_never_set_in_a_holiday_or_half_term(client, senco, teacher):
    TermDates.objects.create(
        term="autumn", starts_on=date(2026, 9, 3), ends_on=date(2026, 12, 18),
        half_term_starts_on=date(2026, 10, 26), half_term_ends_on=date(2026, 10, 30),
    )  # fmt: skip
    TermDates.objects.create(term="spring", starts_on=date(2027, 1, 5), ends_on=date(2027, 3, 25))
    client.force_login(senco)
    for day, holiday in (
        (date(2026, 12, 21), "Christmas holiday, 19 December 2026 to 4 January 2027"),
        (date(2026, 10, 28), "Autumn half term, 26 to 30 October 2026"),
    ):
        page = client.post(reverse("booking:day_create"), day_form(senco, teacher) | {"date": day}).content.decode()
        assert f"The school is closed that day ({holiday}): choose another day." in page
    assert not ReviewDay.objects.exists()
    client.post(reverse("booking:day_create"), day_form(senco, teacher) | {"date": date(2027, 1, 5)})
    assert ReviewDay.objects.get().date == date(2027, 1, 5)  # the first day back


def test_day_page_shows_booked_pupils_and_free_slots_in_a_constant_number_of_queries(client, office, day):
    client.force_login(office)
    url = reverse("booking:day", args=[day.pk])
    slots = list(day.slots.all())
    rules.book(slots[0], PupilFactory(), office)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for slot in slots[1:12]:
        rules.book(slot, PupilParentFactory().pupil, office)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(few)
    assert page.count(">Book</a>") == len(slots) - 12
    assert own_queries(client, url) <= 5  # the day, its staff, bookings, slots, and the invitations counted
    assert Booking.objects.first().pupil.legal_last_name in page


def test_office_finds_a_pupil_and_books_a_slot(client, office, day, pupil_a, parent_a):
    client.force_login(office)
    found = client.get(reverse("booking:find", args=[day.pk]), {"q": "amelia"}).content.decode()
    assert reverse("booking:pupil_slots", args=[day.pk, pupil_a.pk]) in found
    slot = rules.free_slots(day, pupil_a)[0]
    response = client.post(reverse("booking:pupil_slots", args=[day.pk, pupil_a.pk]), {"slot": slot.pk})
    assert response.status_code == 302
    booking = Booking.objects.get(pupil=pupil_a)
    assert booking.slot == slot and booking.booked_by == office
    assert booking.meeting.invitees.filter(parent=parent_a.parent_record).exists()


def test_taken_slot_says_so_keeps_the_choice_and_offers_the_nearest_free(client, office, day, pupil_a, pupil_b):
    slot = day.slots.order_by("starts_at", "pk").first()
    rules.book(slot, pupil_b, office)
    client.force_login(office)
    response = client.post(reverse("booking:pupil_slots", args=[day.pk, pupil_a.pk]), {"slot": slot.pk})
    page = response.content.decode()
    assert response.status_code == 409
    assert "That slot has just been taken." in page
    assert f"You chose: 9am with {slot.staff.get_full_name()}" in page
    for alternative in rules.nearest_free(slot, pupil_a):
        assert f'name="slot" value="{alternative.pk}"' in page
    assert not Booking.objects.filter(pupil=pupil_a).exists()


def test_siblings_are_offered_and_booked_adjacent_slots(client, office, day, senco, pupil_a, parent_a):
    arlo = PupilFactory(legal_first_name="Arlo", legal_last_name="Ashworth")
    PupilParentFactory(pupil=arlo, parent=parent_a.parent_record)
    client.force_login(office)
    url = reverse("booking:pupil_slots", args=[day.pk, pupil_a.pk])
    assert "Book adjacent slots with the same member of staff" in client.get(url).content.decode()
    run = rules.free_runs(day, 2)[0]
    response = client.post(
        reverse("booking:book_siblings", args=[day.pk, pupil_a.pk]), {"run": ",".join(str(s.pk) for s in run)}
    )
    assert response.status_code == 302
    assert [(b.pupil, b.slot) for b in Booking.objects.order_by("slot__starts_at")] == [
        (pupil_a, run[0]),
        (arlo, run[1]),
    ]


def test_office_moves_and_cancels_a_booking(client, office, day, pupil_a):
    first, second = day.slots.order_by("starts_at", "pk")[:2]
    booking = rules.book(first, pupil_a, office)
    client.force_login(office)
    assert client.post(reverse("booking:move", args=[booking.pk]), {"slot": second.pk}).status_code == 302
    moved = Booking.objects.live().get(pupil=pupil_a)
    assert moved.slot == second and Booking.objects.filter(pupil=pupil_a).count() == 2
    response = client.post(reverse("booking:cancel", args=[moved.pk]), {"reason": "Dad is poorly."})
    assert response.status_code == 302
    assert not Booking.objects.live().exists()
    assert client.get(reverse("booking:move", args=[moved.pk])).status_code == 404


def test_review_day_page_shows_times_in_school_time(client, office, day):
    client.force_login(office)
    page = client.get(reverse("booking:day", args=[day.pk])).content.decode()
    assert "9am" in page and "10:40am" in page and "10:20am" not in page
