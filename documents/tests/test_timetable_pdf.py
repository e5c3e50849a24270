"""A review day's timetable as a PDF: a page for each member of staff, with times, pupils, rooms and parents."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from booking import rules
from booking.tests.factories import review_day_with
from pupils.tests.factories import ParentCarerFactory, PupilFactory, PupilParentFactory

from .pdfs import catalog, page_texts, smallest_type


@pytest.fixture
def day(school, senco, teacher, office, pupil_a, parent_a, pupil_b, parent_b):
    day = review_day_with(senco, teacher)
    family = parent_b.parent_record
    family.needs_interpreter, family.preferred_language = True, "Arabic"
    family.needs_literacy_support, family.access_notes = True, "prefers a phone call to a letter"
    family.save()
    rules.book(day.slots.filter(staff=senco).order_by("starts_at")[1], pupil_a, office)
    rules.book(day.slots.filter(staff=teacher).order_by("starts_at")[0], pupil_b, office)
    return day


def timetable(client, user, day, query=""):
    client.force_login(user)
    return client.get(reverse("documents:timetable_pdf", args=[day.pk]) + query)


def test_each_member_of_staff_has_their_own_numbered_pages(client, senco, day):
    response = timetable(client, senco, day)
    assert response.status_code == 200
    pages = page_texts(response.content)
    assert len(pages) == 2 and all("Page 1 of 1" in page for page in pages)
    sam, tia = pages
    assert "Sam Senco" in sam and "Room 1" in sam and "9:20am–9:40am" in sam and "Amelia Ashworth" in sam
    assert "Alice Ashworth" in sam and "Ben Barker" not in sam
    assert "Tia Teacher" in tia and "Room 2" in tia and "9am–9:20am" in tia and "Ben Barker" in tia
    # Staff see what to arrange before the family arrives, in sentences: the notes as typed, a sentence of their own.
    assert "Needs an Arabic interpreter and help with reading and writing. Prefers a phone call to a letter." in tia
    assert "1 booked of 8" in sam and sam.count("Free") == 7
    assert "10:20am–10:40am Break" in sam  # the gap in the day is named, not a missing slot
    root, info = catalog(response.content)
    assert root["/MarkInfo"]["/Marked"].value is True and info.title == f"Timetables: {day}"
    assert smallest_type(response.content) >= 14


def test_one_member_of_staffs_timetable(client, office, teacher, day):
    pages = page_texts(timetable(client, office, day, f"?staff={teacher.pk}").content)
    assert len(pages) == 1 and "Tia Teacher" in pages[0] and "Sam Senco" not in pages[0]


def test_staff_print_only_their_own(client, teacher, senco, day):
    pages = page_texts(timetable(client, teacher, day).content)
    assert len(pages) == 1 and "Tia Teacher" in pages[0]
    assert timetable(client, teacher, day, f"?staff={senco.pk}").status_code == 403


def test_staff_not_on_the_day_and_unknown_staff_get_404(client, other_teacher, senco, head, day):
    assert timetable(client, other_teacher, day).status_code == 404
    assert timetable(client, senco, day, "?staff=nobody").status_code == 404
    assert timetable(client, head, day).status_code == 403


def test_queries_do_not_grow_with_bookings(client, senco, office, day):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert timetable(client, senco, day).status_code == 200
        return len(queries)

    count()  # warm the caches (school settings, content types) that any first request fills
    before = count()
    for slot in day.slots.filter(bookings__isnull=True)[:6]:
        pupil = PupilFactory()
        PupilParentFactory(pupil=pupil, parent=ParentCarerFactory())
        rules.book(slot, pupil, office)
    assert count() == before
