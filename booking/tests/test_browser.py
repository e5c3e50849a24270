"""Review days in real Chromium, the issue's walk-through: the SENCO sets up a day with three staff and invites
every family; the office books twenty families (a pair of siblings among them), moves one, cannot take a slot
that was just taken; the booked families' notices are planned and the invitations sent; the timetable shows it."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from booking import rules
from booking.models import Booking, ReviewDay
from booking.notices import ReviewDayMessageKind
from meetings.models import MeetingType
from meetings.notices import MeetingMessageKind
from notices.models import Message, MessageStatus
from notices.sending import deliver, scan
from pupils.models import Pupil
from school.calendar import is_school_day
from security.tests.helpers import sign_in as sign_in_with_code

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_school(transactional_db):
    call_command("demo_school", stdout=io.StringIO())


def sign_in(page, email):
    sign_in_with_code(page, email, "demo-school-2026")
    page.wait_for_url(re.compile(r"/(meetings|pupils)/"))


def test_senco_sets_up_a_day_invites_and_the_office_books_twenty_families(page, live_server, demo_school):
    day = timezone.localdate() + datetime.timedelta(days=24)
    while not is_school_day(day):  # the demo school's calendar: no weekend, holiday or closure day
        day += datetime.timedelta(days=1)
    sign_in(page, "senco@demo.school.example")
    page.goto("/booking/new/")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("First appointment starts").fill("08:40")
    page.get_by_label("Last appointment ends by").fill("12:00")
    for n, name in enumerate(["Rachel Whitfield", "Claire Robson", "Karen Dobson"]):
        page.locator("select[name$='-staff']").nth(n).select_option(label=name)
        page.locator("[name$='-room']").nth(n).fill(f"Room {n + 1}")
    page.get_by_role("button", name="Create the day and its appointments").click()
    expect(page.get_by_text(re.compile(r"set up with 30 appointments"))).to_be_visible()
    review_day = ReviewDay.objects.get(date=day)

    page.get_by_role("link", name="Invite families").click()
    page.get_by_label("Every family: SEN support and EHC plans").check()
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_text(re.compile(r"^120 families invited\."))).to_be_visible()
    assert all(deliver(pk) == MessageStatus.SENT for pk in scan())  # the beat's next scan
    invited = Message.objects.filter(
        review_day=review_day, kind=ReviewDayMessageKind.INVITATION, status=MessageStatus.SENT
    )
    assert invited.count() > 100 and "phone or email the school office" in invited.first().body_text

    office = page.context.browser.new_context(base_url=live_server.url).new_page()
    sign_in(office, "office@demo.school.example")
    office.goto(f"/booking/{review_day.pk}/find/?q=Thompson")
    office.get_by_role("link", name="Thompson, Maisie").click()
    office.get_by_role("button", name=re.compile(r"^8:40am to 9:20am with Rachel Whitfield")).click()
    expect(office.get_by_role("status").first).to_be_visible()
    thompsons = Booking.objects.filter(
        review_day=review_day, pupil__legal_last_name="Thompson", cancelled_at__isnull=True
    )
    assert sorted(b.slot.starts_at.astimezone(datetime.UTC).minute for b in thompsons) == [0, 40]
    assert {b.slot.staff.get_full_name() for b in thompsons} == {"Rachel Whitfield"}
    assert all(b.meeting.meeting_type == MeetingType.REVIEW_DAY for b in thompsons)
    assert Message.objects.filter(meeting__in=[b.meeting for b in thompsons], parent__isnull=False).exists()

    # Someone else takes a slot between the office opening the page and pressing the button.
    other = Pupil.objects.on_register().exclude(legal_last_name="Thompson").filter(sen_status="K").last()
    office.goto(f"/booking/{review_day.pk}/pupil/{other.pk}/")
    free_button = office.get_by_role("button", name=re.compile(r"^9:40am with Claire Robson"))
    slot = review_day.slots.get(staff__last_name="Robson", starts_at__time=datetime.time(9, 40))
    rival = Pupil.objects.on_register().exclude(pk=other.pk).exclude(legal_last_name="Thompson").last()
    rules.book(slot, rival, review_day.slots.first().staff)
    free_button.click()
    expect(office.get_by_text("That slot has just been taken.")).to_be_visible()
    assert not Booking.objects.filter(review_day=review_day, pupil=other).exists()

    # Down the list of families still to book: each gets the first free slot offered.
    office.goto(f"/booking/{review_day.pk}/invitations/?show=to_book")
    while Booking.objects.filter(review_day=review_day, booked_by__role="office").count() < 20:
        office.get_by_role("link", name="Book", exact=True).first.click()
        office.locator("button[name=slot]").first.click()
        expect(office.get_by_text(re.compile(r" booked at "))).to_be_visible()
        office.goto(f"/booking/{review_day.pk}/invitations/?show=to_book")
    expect(office.get_by_text(re.compile(r"120 invited: 21 booked"))).to_be_visible()  # and the rival, by the SENCO

    # A family rings to move theirs.
    moving = (
        Booking.objects.filter(review_day=review_day, booked_by__role="office")
        .exclude(pupil__legal_last_name="Thompson")
        .first()
    )
    office.goto(f"/booking/booking/{moving.pk}/move/")
    office.locator("button[name=slot]").last.click()
    expect(office.get_by_text(re.compile(r"moved to .* The family will be told"))).to_be_visible()
    moved = Booking.objects.get(pupil=moving.pupil, review_day=review_day, cancelled_at__isnull=True)
    assert moved.slot != moving.slot and moved.meeting.starts_at == moved.slot.starts_at

    # Every booked family has its two-week notice and day-before reminder planned (those with a parent on record;
    # not the parents of a young person past compulsory school age who has not agreed to it).
    booked = Booking.objects.filter(review_day=review_day, cancelled_at__isnull=True)
    for booking in booked.filter(pupil__in=Pupil.objects.shown_to_parent()).distinct():
        kinds = set(
            Message.objects.filter(meeting=booking.meeting, parent__isnull=False).values_list("kind", flat=True)
        )
        assert MeetingMessageKind.NOTICE in kinds, booking
        # By each parent's channel: an email, or a call on the office's call list.
        assert kinds & {MeetingMessageKind.REMINDER, MeetingMessageKind.PHONE_REMINDER}, booking

    # The timetable for a member of staff shows their day.
    office.goto(f"/booking/{review_day.pk}/")
    office.get_by_role("link", name="Claire Robson").first.click()
    robson = Booking.objects.filter(review_day=review_day, slot__staff__last_name="Robson", cancelled_at__isnull=True)
    expect(office.get_by_role("heading", name=re.compile("Claire Robson"))).to_be_visible()
    for booking in robson:
        expect(office.get_by_text(f"{booking.pupil.legal_last_name}, {booking.pupil.first_name}")).to_be_visible()
    assert robson.exists()
