"""The pages: the SENCO sets up an event, invites, records who came; staff see events and take attendance."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from events.models import Audience, Event, Guest, Handout
from events.notices import EventMessageKind
from events.tests.factories import EventFactory, GuestFactory
from notices.models import Message, MessageStatus
from pupils.models import AreaOfNeed

pytestmark = pytest.mark.django_db


def form_data(**changes) -> dict:
    starts = timezone.localtime() + datetime.timedelta(days=21)
    data = {
        "kind": "coffee",
        "topic": "Coffee and a chat about autism",
        "starts_at": starts.replace(hour=9, minute=0).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": starts.replace(hour=10, minute=30).strftime("%Y-%m-%dT%H:%M"),
        "venue": "The Willow Room",
        "audience": "need",
        "need": "ASD",
        "creche_offered": "on",
        "notes": "Tea and biscuits.",
    }
    return {key: value for key, value in (data | changes).items() if value is not None}


@pytest.fixture
def past_event(senco):
    starts = timezone.now() - datetime.timedelta(days=2)
    return EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=1), created_by=senco)


# The journey from the issue


def test_senco_creates_a_coffee_morning_for_autistic_pupils_invites_them_and_records_who_came(
    client, senco, pupil_a, parent_a, pupil_b, parent_b
):
    pupil_a.primary_need = AreaOfNeed.ASD
    pupil_a.save()
    client.force_login(senco)
    response = client.post(reverse("events:add"), form_data())
    event = Event.objects.get()
    assert response.url == reverse("events:detail", args=[event.pk])
    assert (event.audience, event.need, event.created_by) == (Audience.NEED, "ASD", senco)

    page = client.get(reverse("events:invite", args=[event.pk])).content.decode()
    assert "This will invite <strong>1 parent or carer</strong>" in page
    response = client.post(reverse("events:invite", args=[event.pk]), follow=True)
    assert "1 parent or carer invited" in response.content.decode()
    assert Message.objects.filter(event=event, kind=EventMessageKind.INVITATION).get().parent.first_name == "Alice"

    # The day comes.
    event.starts_at = timezone.now() - datetime.timedelta(hours=1)
    event.ends_at = timezone.now()
    event.save()
    guest = Guest.objects.get(event=event)
    page = client.get(reverse("events:attendance", args=[event.pk])).content.decode()
    assert "Alice Ashworth" in page and "Amelia Ashworth" in page
    response = client.post(reverse("events:attendance", args=[event.pk]), {f"guest_{guest.pk}": "yes"}, follow=True)
    assert "Attendance saved (1 change)" in response.content.decode()
    guest.refresh_from_db()
    assert guest.attended is True and guest.attendance_recorded_by == senco
    assert "Came" in client.get(reverse("events:detail", args=[event.pk])).content.decode()


# Forms


def test_event_ending_before_it_starts_is_shown_again_with_what_was_typed(client, senco):
    client.force_login(senco)
    data = form_data()
    data["ends_at"] = data["starts_at"].replace("T09:00", "T08:00")
    response = client.post(reverse("events:add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The event must end after it starts." in page
    assert "Coffee and a chat about autism" in page and "The Willow Room" in page
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"audience": "need", "need": ""}, "Choose the need the event is for."),
        ({"audience": "year", "need": ""}, "Choose the year group the event is for."),
        ({"audience": "chosen", "need": ""}, "Tick at least one child whose family you want to invite."),
    ],
)
def test_each_audience_needs_its_detail(client, senco, pupil_a, changes, message):
    client.force_login(senco)
    response = client.post(reverse("events:add"), form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.exists()


def test_chosen_families_error_shows_even_with_no_pupils_to_tick(client, senco):
    client.force_login(senco)
    response = client.post(reverse("events:add"), form_data(audience="chosen", need=""))
    assert "Chosen pupils: Tick at least one child whose family you want to invite." in response.content.decode()


def test_only_the_audience_detail_in_use_is_kept(client, senco, pupil_a):
    client.force_login(senco)
    client.post(reverse("events:add"), form_data(audience="year", year_group="5", need="ASD"))
    event = Event.objects.get()
    assert (event.audience, event.year_group, event.need) == (Audience.YEAR_GROUP, 5, "")


def test_staff_pick_chosen_families_only_from_the_pupils_they_see(client, senco, pupil_a, pupil_b):
    client.force_login(senco)
    response = client.get(reverse("events:add"))
    assert set(response.context["form"].fields["chosen_pupils"].queryset) == {pupil_a, pupil_b}
    response = client.post(reverse("events:add"), form_data(audience="chosen", need="", chosen_pupils=[pupil_a.pk]))
    assert list(Event.objects.get().chosen_pupils.all()) == [pupil_a]


def test_teacher_sees_only_the_chosen_children_they_work_with(client, teacher, pupil_a, pupil_b):
    event = EventFactory(audience=Audience.CHOSEN, chosen_pupils=[pupil_a, pupil_b])
    client.force_login(teacher)
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Chosen families: Amelia Ashworth" in page
    assert "Ben Barker" not in page


# Changing and cancelling


def test_moving_an_event_tells_the_families_already_invited(client, senco, pupil_a, parent_a):
    event = EventFactory(created_by=senco)
    client.force_login(senco)
    client.post(reverse("events:invite", args=[event.pk]))
    Message.objects.filter(event=event, kind=EventMessageKind.INVITATION).update(status=MessageStatus.SENT)
    data = form_data(audience="all", need="")
    response = client.post(reverse("events:edit", args=[event.pk]), data, follow=True)
    assert "Families already invited will be sent the new time." in response.content.decode()
    planned = Message.objects.filter(event=event, status=MessageStatus.PLANNED)
    assert {m.kind for m in planned} == {EventMessageKind.INVITATION, EventMessageKind.REMINDER}
    event.refresh_from_db()
    assert {m.for_starts_at for m in planned} == {event.starts_at}


def test_cancelling_the_event_stops_the_messages_and_keeps_the_event(client, senco, pupil_a, parent_a):
    event = EventFactory(created_by=senco)
    client.force_login(senco)
    client.post(reverse("events:invite", args=[event.pk]))
    assert (
        "Invitations and reminders not yet sent will not go out"
        in client.get(reverse("events:cancel", args=[event.pk])).content.decode()
    )
    response = client.post(reverse("events:cancel", args=[event.pk]), follow=True)
    assert "Event cancelled." in response.content.decode()
    assert not Message.objects.filter(event=event, status=MessageStatus.PLANNED).exists()
    assert "Cancelled" in client.get(reverse("events:list")).content.decode()
    response = client.get(reverse("events:edit", args=[event.pk]), follow=True)
    assert "This event is cancelled and cannot be changed." in response.content.decode()


def test_no_invitations_once_the_event_has_begun(client, senco, past_event, pupil_a, parent_a):
    client.force_login(senco)
    page = client.get(reverse("events:invite", args=[past_event.pk])).content.decode()
    assert "Invitations can only be sent before the event starts." in page
    assert "Send the invitations" not in page
    response = client.post(reverse("events:invite", args=[past_event.pk]), follow=True)
    assert "Invitations can only be sent before the event starts." in response.content.decode()
    assert not Guest.objects.exists()


# Attendance


def test_attendance_waits_for_the_day_of_the_event(client, teacher):
    event = EventFactory()
    client.force_login(teacher)
    response = client.get(reverse("events:attendance", args=[event.pk]), follow=True)
    assert "Attendance can be recorded from the day of the event" in response.content.decode()


def test_teacher_records_attendance_only_for_the_families_they_work_with(
    client, teacher, past_event, pupil_a, parent_a, pupil_b, parent_b
):
    mine = GuestFactory(event=past_event, parent=parent_a.parent_record, children=[pupil_a])
    stranger = GuestFactory(event=past_event, parent=parent_b.parent_record, children=[pupil_b])
    client.force_login(teacher)
    page = client.get(reverse("events:attendance", args=[past_event.pk])).content.decode()
    assert "Alice Ashworth" in page and "Bella Barker" not in page
    assert "Every family you work with is already on the list above." in page
    client.post(
        reverse("events:attendance", args=[past_event.pk]), {f"guest_{mine.pk}": "no", f"guest_{stranger.pk}": "yes"}
    )
    mine.refresh_from_db()
    stranger.refresh_from_db()
    assert (mine.attended, stranger.attended) == (False, None)
    assert "Bella Barker" not in client.get(reverse("events:detail", args=[past_event.pk])).content.decode()


def test_a_parent_who_came_without_an_invitation_is_added_as_having_come(
    client, teacher, past_event, pupil_a, parent_a, parent_b
):
    client.force_login(teacher)
    form = client.get(reverse("events:attendance", args=[past_event.pk])).context["walk_in_form"]
    assert [str(choice[1]) for choice in form.fields["parent"].choices][1:] == ["Alice Ashworth (Amelia Ashworth)"]
    response = client.post(
        reverse("events:attendance", args=[past_event.pk]),
        {"parent": parent_a.parent_record.pk, "add_walk_in": ""},
        follow=True,
    )
    assert "Alice Ashworth added: came without an invitation." in response.content.decode()
    guest = Guest.objects.get(event=past_event)
    assert guest.attended is True and guest.invited_at is None and list(guest.children.all()) == [pupil_a]


def test_a_teacher_cannot_add_a_stranger_family_as_a_walk_in(client, teacher, past_event, parent_a, parent_b):
    client.force_login(teacher)
    response = client.post(
        reverse("events:attendance", args=[past_event.pk]), {"parent": parent_b.parent_record.pk, "add_walk_in": ""}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Guest.objects.exists()


# Handouts


def test_handout_is_downloaded_through_the_portal_by_staff_only(client, senco, teacher, office, past_event):
    client.force_login(senco)
    upload = ContentFile(b"%PDF-1.4 slides", name="slides.pdf")
    response = client.post(
        reverse("events:handout_add", args=[past_event.pk]), {"title": "The slides", "file": upload}, follow=True
    )
    assert "Handout &#x27;The slides&#x27; added." in response.content.decode()
    handout = Handout.objects.get()
    client.force_login(teacher)
    download = client.get(reverse("events:handout", args=[handout.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 slides"
    assert "attachment" in download["Content-Disposition"]
    client.force_login(office)
    assert client.get(reverse("events:handout", args=[handout.pk])).status_code == 403


def test_a_missing_handout_is_not_found(client, senco):
    client.force_login(senco)
    assert client.get(reverse("events:handout", args=[999])).status_code == 404


# Who may open what


def young_person():
    return UserFactory(email="yp@home.example", role=Role.YOUNG_PERSON)


PAGES = [
    ("events:list", None, "get"),
    ("events:add", None, "get"),
    ("events:times_report", None, "get"),
    ("events:detail", "event", "get"),
    ("events:edit", "event", "get"),
    ("events:invite", "event", "get"),
    ("events:attendance", "event", "get"),
    ("events:cancel", "event", "get"),
    ("events:handout_add", "event", "get"),
    ("events:handout", "handout", "get"),
]
ALLOWED = {
    "senco": {name for name, _, _ in PAGES},
    "teacher": {"events:list", "events:detail", "events:attendance", "events:handout"},
}


@pytest.mark.parametrize("role", ["senco", "teacher", "office", "head", "parent_a", "young_person"])
def test_each_role_opens_only_its_pages(client, request, role, past_event):
    user = young_person() if role == "young_person" else request.getfixturevalue(role)
    handout = Handout.objects.create(event=past_event, title="Leaflet", file=ContentFile(b"x", name="leaflet.pdf"))
    ids = {"event": past_event.pk, "handout": handout.pk}
    client.force_login(user)
    for name, which, _ in PAGES:
        status = client.get(reverse(name, args=[ids[which]] if which else [])).status_code
        expected = 200 if name in ALLOWED.get(role, set()) else 403
        assert status == expected, (role, name, status)


@pytest.mark.parametrize("name", ["events:invite", "events:cancel", "events:attendance"])
def test_teacher_cannot_post_what_only_the_senco_does_and_office_cannot_post_anything(
    client, teacher, office, past_event, name
):
    client.force_login(office)
    assert client.post(reverse(name, args=[past_event.pk])).status_code == 403
    client.force_login(teacher)
    expected = 302 if name == "events:attendance" else 403
    assert client.post(reverse(name, args=[past_event.pk])).status_code == expected
    past_event.refresh_from_db()
    assert past_event.cancelled_at is None


def test_signed_out_visitors_are_sent_to_sign_in(client, past_event):
    response = client.get(reverse("events:detail", args=[past_event.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_list_shows_upcoming_and_past_events_with_numbers(client, teacher, past_event):
    coming = EventFactory(topic="Workshop on reading at home")
    GuestFactory(event=past_event, attended=True)
    client.force_login(teacher)
    response = client.get(reverse("events:list"))
    assert list(response.context["upcoming"]) == [coming]
    assert list(response.context["past"]) == [past_event]
    assert response.context["past"][0].n_came == 1
    assert "Add an event" not in response.content.decode()
