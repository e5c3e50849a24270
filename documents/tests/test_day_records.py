"""Every finalised record of a review day as one PDF, prepared by the worker for the SENCO."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from booking import rules
from booking.tests.factories import review_day_with
from documents.batches import prepare
from documents.models import PreparedDocument, PreparedKind, PreparedStatus
from meetings.models import MeetingRecord
from meetings.records import finalise
from pupils.tests.factories import ParentCarerFactory, PupilFactory, PupilParentFactory

from .pdfs import catalog, page_texts, type_sizes


@pytest.fixture
def day(school, senco, teacher, office, pupil_a, parent_a, pupil_b, parent_b):
    """Three families booked; after the day, Amelia's and Ben's records are finalised, Cara's is still a draft."""
    day = review_day_with(senco, teacher)
    slots = list(day.slots.filter(staff=senco).order_by("starts_at"))
    cara = PupilFactory(legal_first_name="Cara", legal_last_name="Cole")
    PupilParentFactory(pupil=cara, parent=ParentCarerFactory())
    family_b = parent_b.parent_record
    family_b.needs_large_print = True
    family_b.save()
    bookings = [rules.book(slot, pupil, office) for slot, pupil in zip(slots, (pupil_b, pupil_a, cara), strict=False)]
    with time_machine.travel(slots[-1].ends_at + datetime.timedelta(hours=1), tick=False):
        for booking in bookings:
            rules.mark_attendance(booking, "held")
            record = MeetingRecord.objects.create(meeting=booking.meeting, summary=f"Summary for {booking.pupil}.")
            if booking.pupil != cara:
                finalise(record, senco)
    return day


def ask(client, user, day):
    client.force_login(user)
    return client.post(reverse("documents:day_records_batch", args=[day.pk]))


def test_senco_gets_each_finalised_record_on_its_own_pages(client, senco, day, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = ask(client, senco, day)
    document = PreparedDocument.objects.get(kind=PreparedKind.DAY_RECORDS, review_day=day)
    assert response["Location"] == reverse("documents:prepared", args=[document.pk]) and len(callbacks) == 1

    assert prepare(document.pk) == PreparedStatus.READY
    page = client.get(response["Location"]).content.decode()
    assert "Download the PDF" in page and "not finalised yet: Cara Cole" in page
    pdf = client.get(reverse("documents:prepared_pdf", args=[document.pk])).content
    pages = page_texts(pdf)
    firsts = [n for n, text in enumerate(pages) if "Page 1 of" in text]
    assert len(firsts) == 2 and firsts[0] == 0  # two records, each numbered from its own first page
    ben = " ".join(pages[: firsts[1]])
    amelia = " ".join(pages[firsts[1] :])
    assert "Ben Barker" in ben and "Summary for Ben Barker." in ben  # in time order: Ben's slot came first
    assert "Amelia Ashworth" in amelia and "Summary for Amelia Ashworth." in amelia
    assert "Cara" not in " ".join(pages)
    sizes = type_sizes(pdf)
    assert min(min(s) for s in sizes[: firsts[1]]) >= 18  # Ben's family needs large print
    assert 14 <= min(min(s) for s in sizes[firsts[1] :]) < 18
    assert catalog(pdf)[1].title == f"Meeting records: {day}"


def test_nothing_finalised_is_said_plainly_and_nothing_is_queued(client, senco, day):
    MeetingRecord.objects.update(status="draft")
    response = ask(client, senco, day)
    assert response["Location"] == reverse("booking:day", args=[day.pk])
    assert not PreparedDocument.objects.exists()
    assert "nothing to print" in client.get(response["Location"]).content.decode()


def test_the_office_and_staff_cannot_ask_for_records(client, office, teacher, day):
    assert ask(client, office, day).status_code == 403
    assert ask(client, teacher, day).status_code == 403
    assert not PreparedDocument.objects.exists()


def test_the_day_grid_offers_the_records_to_the_senco_only(client, senco, office, day):
    action = f'action="{reverse("documents:day_records_batch", args=[day.pk])}"'
    client.force_login(senco)
    assert action in client.get(reverse("booking:day", args=[day.pk])).content.decode()
    client.force_login(office)
    assert action not in client.get(reverse("booking:day", args=[day.pk])).content.decode()
