"""The pages: logging a contact, concerns to answer, recording the response, the dashboard block and figures."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import Concern, ConcernReminder, Contact
from contacts.tests.factories import concern_for
from notices.models import ReminderStatus
from privacy.models import AccessLogEntry
from pupils.tests.factories import PupilFactory
from school.models import TermDates

# Raised a week ago: past its deadline whatever the weekday today (a weekend in between does not count).
A_WEEK_AGO = timedelta(days=7)


def log_form(**changes) -> dict:
    data = {
        "channel": "phone",
        "direction": "in",
        "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "summary": "Mum rang: worried about the new seating plan.",
    }
    return data | changes


@time_machine.travel(datetime(2026, 12, 4, 16, 5, tzinfo=ZoneInfo("Europe/London")), tick=False)
def test_teacher_logs_a_concern_for_the_key_worker_by_default(client, teacher, senco, pupil_a):
    pupil_a.key_worker = senco
    pupil_a.save()
    client.force_login(teacher)
    page = client.get(reverse("contacts:contact_add", args=[pupil_a.pk]))
    assert page.context["form"]["assigned_to"].initial == senco
    response = client.post(
        reverse("contacts:contact_add", args=[pupil_a.pk]),
        log_form(raises_concern="on", assigned_to=senco.pk, happened_at="2026-12-04T16:00"),
        follow=True,
    )
    assert response.redirect_chain[0][1] == 302
    concern = Concern.objects.get()
    assert concern.assigned_to == senco
    assert concern.contact.recorded_by == teacher
    # Raised at 4pm on a Friday: due at 4pm on Monday, not on Saturday.
    assert concern.due_at == datetime(2026, 12, 7, 16, 0, tzinfo=ZoneInfo("Europe/London"))
    assert "Sam Senco will respond by 4pm on Monday 7 December 2026." in response.content.decode()


def test_a_concern_without_someone_to_respond_is_shown_again_with_the_input(client, teacher, pupil_a):
    client.force_login(teacher)
    response = client.post(
        reverse("contacts:contact_add", args=[pupil_a.pk]), log_form(raises_concern="on", assigned_to="")
    )
    assert response.status_code == 200
    assert "Choose who will respond" in response.content.decode()
    assert "new seating plan" in response.content.decode()
    assert not Contact.objects.exists()


def test_positive_news_is_logged_without_a_concern(client, teacher, pupil_a):
    client.force_login(teacher)
    client.post(reverse("contacts:contact_add", args=[pupil_a.pk]), log_form(direction="out", is_positive_news="on"))
    contact = Contact.objects.get()
    assert contact.is_positive_news and not hasattr(contact, "concern")


def test_teacher_not_linked_to_the_pupil_gets_404(client, other_teacher, pupil_a, senco):
    concern = concern_for(pupil_a, recorded_by=senco, assigned_to=senco)
    client.force_login(other_teacher)
    assert client.get(reverse("contacts:contact_add", args=[pupil_a.pk])).status_code == 404
    assert client.get(reverse("contacts:pupil_contacts", args=[pupil_a.pk])).status_code == 404
    assert client.post(reverse("contacts:respond", args=[concern.pk]), {"response_summary": "x"}).status_code == 404
    assert Concern.objects.get().is_open


def test_office_can_log_a_contact_but_sees_no_sen_detail(client, office, pupil_b, senco):
    client.force_login(office)
    page = client.get(reverse("contacts:contact_add", args=[pupil_b.pk])).content.decode()
    for sen_detail in ("SEN support", "Specific learning difficulty", "SPLD"):
        assert sen_detail not in page
    response = client.post(
        reverse("contacts:contact_add", args=[pupil_b.pk]), log_form(raises_concern="on", assigned_to=senco.pk)
    )
    assert response["Location"] == reverse("pupils:family_detail", args=[pupil_b.pk])
    assert Concern.objects.get().assigned_to == senco
    assert client.get(reverse("contacts:pupil_contacts", args=[pupil_b.pk])).status_code == 403
    assert client.get(reverse("contacts:mine")).status_code == 403


def test_parent_is_refused(client, parent_a, pupil_a):
    client.force_login(parent_a)
    assert client.get(reverse("contacts:contact_add", args=[pupil_a.pk])).status_code == 403
    assert client.get(reverse("contacts:mine")).status_code == 403


def test_my_concerns_lists_mine_soonest_first_with_overdue_marked(client, teacher, senco, pupil_a):
    now = timezone.now()
    later = concern_for(pupil_a, recorded_by=senco, assigned_to=teacher, happened_at=now - timedelta(hours=1))
    overdue = concern_for(pupil_a, recorded_by=senco, assigned_to=teacher, happened_at=now - A_WEEK_AGO)
    concern_for(pupil_a, recorded_by=senco, assigned_to=senco)  # someone else's
    client.force_login(teacher)
    response = client.get(reverse("contacts:mine"))
    assert list(response.context["concerns"]) == [overdue, later]
    assert response.content.decode().count("Overdue:") == 1


def test_recording_the_response_closes_it_and_cancels_the_reminder(client, teacher, senco, pupil_a):
    concern = concern_for(pupil_a, recorded_by=senco, assigned_to=teacher)
    client.force_login(teacher)
    response = client.post(reverse("contacts:respond", args=[concern.pk]), {"response_summary": "Rang back."})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.responded_by == teacher and concern.response_summary == "Rang back."
    assert ConcernReminder.objects.get().status == ReminderStatus.CANCELLED
    assert list(client.get(reverse("contacts:mine")).context["concerns"]) == []


def test_response_needs_words(client, teacher, senco, pupil_a):
    concern = concern_for(pupil_a, recorded_by=senco, assigned_to=teacher)
    client.force_login(teacher)
    response = client.post(reverse("contacts:respond", args=[concern.pk]), {"response_summary": ""})
    assert response.status_code == 200
    assert Concern.objects.get().is_open


def test_dashboard_shows_overdue_concerns(client, senco, pupil_a, pupil_b):
    concern_for(pupil_b, recorded_by=senco, assigned_to=senco, happened_at=timezone.now() - A_WEEK_AGO)
    concern_for(pupil_a, recorded_by=senco, assigned_to=senco)
    client.force_login(senco)
    page = client.get(reverse("meetings:dashboard_waiting")).content.decode()
    assert "Concerns overdue (1)" in page
    overdue = client.get(reverse("contacts:overdue"))
    assert [c.contact.pupil for c in overdue.context["concerns"]] == [pupil_b]


def test_figures_page_shows_each_term(client, senco):
    client.force_login(senco)
    page = client.get(reverse("contacts:figures")).content.decode()
    for term in ("Autumn", "Spring", "Summer"):
        assert f'data-term="{term}"' in page


def test_figures_page_gives_each_terms_dates_entered_or_assumed(client, senco):
    TermDates.objects.create(term="autumn", starts_on=date(2025, 9, 3), ends_on=date(2025, 12, 19))
    client.force_login(senco)
    page = client.get(reverse("contacts:figures"), {"year": "2025"}).content.decode()
    assert '<div class="small fw-normal">3 September to 19 December 2025</div>' in page
    assert '<div class="small fw-normal">1 January to 5 April 2026 (assumed)</div>' in page
    assert '<a href="/school/calendar/?year=2025">school calendar</a>' in page


@pytest.mark.parametrize("name", ["contacts:mine", "contacts:overdue"])
def test_concern_lists_take_the_same_number_of_queries_for_more_rows(client, senco, name):
    def add(n):
        for _ in range(n):
            pupil = PupilFactory()
            concern_for(pupil, recorded_by=senco, assigned_to=senco, happened_at=timezone.now() - A_WEEK_AGO)

    client.force_login(senco)
    add(1)
    client.get(reverse(name))  # warm caches (the school row, the session)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse(name))
    add(4)
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse(name))
    assert len(response.context["concerns"]) == 5
    assert len(five) == len(one)


def test_opening_the_contacts_is_in_the_access_log(client, teacher, pupil_a):
    client.force_login(teacher)
    assert client.get(reverse("contacts:pupil_contacts", args=[pupil_a.pk])).status_code == 200
    assert AccessLogEntry.objects.filter(pupil=pupil_a, user=teacher, what="contacts with the family").exists()


def test_only_someone_who_can_see_the_pupil_may_be_asked_to_respond(client, senco, teacher, other_teacher, pupil_a):
    client.force_login(senco)
    response = client.post(
        reverse("contacts:contact_add", args=[pupil_a.pk]), log_form(raises_concern="on", assigned_to=other_teacher.pk)
    )
    assert response.status_code == 200
    assert not Contact.objects.exists()
    choices = list(response.context["form"].fields["assigned_to"].queryset)
    assert senco in choices and teacher in choices and other_teacher not in choices
