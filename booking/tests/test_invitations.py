"""Inviting families to a review day through the notices machinery, and tracking booked, declined, no reply."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from booking import invitations, rules
from booking.invitations import Choice
from booking.models import Invitation, InvitationStatus
from booking.notices import ReviewDayMessageKind
from booking.tests.factories import review_day_with
from common import when
from notices.models import Channel, Message, MessageStatus
from notices.sending import deliver, scan
from pupils.models import SenStatus
from pupils.tests.factories import ParentCarerFactory, PupilFactory, PupilParentFactory
from school.models import School


@pytest.fixture
def day(senco, teacher):
    school = School.load()
    school.phone, school.email = "01234 567890", "office@hillside.example"
    school.save()
    return review_day_with(senco, teacher)


@pytest.fixture
def families(db):
    """Year 8 Oliver and Year 3 Maisie (one mum, with an email), Year 8 Ezra (EHC plan; his dad has no email),
    a pupil being monitored, and a pupil who has left."""
    mum = ParentCarerFactory(title="Mrs", first_name="Sarah", last_name="Thompson")
    oliver = PupilFactory(
        legal_first_name="Oliver", legal_last_name="Thompson", year_group=8, date_of_birth=datetime.date(2013, 5, 2)
    )
    maisie = PupilFactory(
        legal_first_name="Maisie", legal_last_name="Thompson", year_group=3, date_of_birth=datetime.date(2018, 1, 9)
    )
    PupilParentFactory(pupil=oliver, parent=mum)
    PupilParentFactory(pupil=maisie, parent=mum)
    ezra = PupilFactory(legal_first_name="Ezra", legal_last_name="Evans", year_group=8, sen_status=SenStatus.EHC_PLAN)
    dad = ParentCarerFactory(first_name="Emeka", last_name="Evans", email="", address="3 Mill Lane")
    PupilParentFactory(pupil=ezra, parent=dad)
    PupilParentFactory(pupil=ezra, parent=ParentCarerFactory(), has_parental_responsibility=False)
    monitored = PupilFactory(legal_first_name="Mo", year_group=8, sen_status=SenStatus.MONITORING)
    left = PupilFactory(
        legal_first_name="Lev",
        year_group=8,
        removed_from_register_on=datetime.date(2026, 7, 1),
        removal_reason="Moved school",
    )
    return {"mum": mum, "oliver": oliver, "maisie": maisie, "ezra": ezra, "dad": dad, "mo": monitored, "lev": left}


def first_names(pupils):
    return sorted(pupil.first_name for pupil in pupils)


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (Choice.EVERYONE, ["Ezra", "Maisie", "Oliver"]),
        (Choice.SEN_SUPPORT, ["Maisie", "Oliver"]),
        (Choice.EHC_PLAN, ["Ezra"]),
        (Choice.YEAR_GROUP, ["Ezra", "Oliver"]),  # Year 8: not Mo (monitoring) nor Lev (left)
    ],
)
def test_choosing_families(families, choice, expected):
    assert first_names(invitations.chosen_pupils(choice, year_group=8)) == expected


def test_choosing_by_hand_takes_any_pupil_on_the_register(families):
    chosen = invitations.chosen_pupils(Choice.BY_HAND, pupils=[families["mo"], families["lev"], families["maisie"]])
    assert first_names(chosen) == ["Maisie", "Mo"]


def invite(client, user, day, **data):
    client.force_login(user)
    return client.post(reverse("booking:invite", args=[day.pk]), data, follow=True)


def test_senco_invites_everyone_and_each_parent_gets_one_invitation(client, senco, day, families):
    page = invite(client, senco, day, who=Choice.EVERYONE).content.decode()
    assert "3 families invited. 2 invitations" in page
    assert Invitation.objects.filter(review_day=day).count() == 3
    sent = Message.objects.filter(review_day=day, kind=ReviewDayMessageKind.INVITATION)
    assert {(m.parent, m.channel) for m in sent} == {
        (families["mum"], Channel.EMAIL),
        (families["dad"], Channel.LETTER),
    }

    again = invite(client, senco, day, who=Choice.EVERYONE).content.decode()
    assert "already invited" in again and sent.count() == 2 and Invitation.objects.count() == 3


def test_the_invitation_names_the_children_and_how_to_book(client, senco, day, families):
    invite(client, senco, day, who=Choice.SEN_SUPPORT)
    for pk in scan():
        assert deliver(pk) == MessageStatus.SENT
    (email,) = mail.outbox
    assert email.to == [f"Mrs Sarah Thompson <{families['mum'].email}>"]
    assert email.subject == f"Please book a meeting about Oliver and Maisie: {when.day(day.date)}"
    assert "review day" in email.body and "9am to midday" in email.body
    assert "phone or email the school office" in email.body and "01234 567890" in email.body
    assert "one after the other" in email.body  # two children: one visit
    assert "invite.ics" not in [name for name, *_ in email.attachments]  # no time yet, so no calendar entry


def test_families_who_replied_before_the_scan_are_not_invited(client, senco, office, day, families):
    invite(client, senco, day, who=Choice.EHC_PLAN)
    rules.book(day.slots.first(), families["ezra"], office)  # the meeting's notice goes at once, too
    (pk,) = [pk for pk in scan() if Message.objects.get(pk=pk).review_day_id]
    assert deliver(pk) == MessageStatus.CANCELLED


def test_a_brother_invited_later_brings_a_new_invitation_for_the_children_still_to_book(
    client, senco, office, day, families
):
    invite(client, senco, day, who=Choice.YEAR_GROUP, year_group=3)
    for pk in scan():
        deliver(pk)
    invite(client, senco, day, who=Choice.YEAR_GROUP, year_group=8)
    for pk in scan():
        deliver(pk)
    subjects = sorted(email.subject.split(":")[0] for email in mail.outbox)
    assert subjects == ["Please book a meeting about Maisie", "Please book a meeting about Oliver and Maisie"]


def test_invite_form_explains_what_is_missing_and_keeps_the_choice(client, senco, day, families):
    response = invite(client, senco, day, who=Choice.YEAR_GROUP)
    page = response.content.decode()
    assert "Choose the year group to invite." in page
    assert re.search(rf'value="{Choice.YEAR_GROUP}"[^>]*checked', page)  # what was chosen is kept
    assert "Tick at least one pupil." in invite(client, senco, day, who=Choice.BY_HAND).content.decode()
    assert not Invitation.objects.exists() and not Message.objects.exists()


def test_tracking_booked_declined_and_not_replied(client, senco, office, day, families):
    invite(client, senco, day, who=Choice.EVERYONE)
    rules.book(day.slots.order_by("starts_at").first(), families["oliver"], office)
    ezra = Invitation.objects.get(pupil=families["ezra"])
    client.force_login(office)
    decline = reverse("booking:invitation_decline", args=[day.pk, ezra.pk])
    client.post(decline, {"note": "Dad works away that week."})

    listing = reverse("booking:invitations", args=[day.pk])
    page = client.get(listing).content.decode()
    assert "3 invited: <strong>1 booked</strong>, 1 declined" in page and "1 not replied yet" in page
    assert "Dad works away that week." in page and "9am with Sam Senco" in page
    to_book = client.get(listing + "?show=to_book").content.decode()
    assert "Thompson, Maisie" in to_book and "Thompson, Oliver" not in to_book and "Evans, Ezra" not in to_book

    client.post(decline, {"undo": "1"})
    too_long = client.post(decline, {"note": "x" * 301}, follow=True).content.decode()
    assert "Nothing was saved" in too_long and "at most 300 characters" in too_long
    assert Invitation.objects.get(pk=ezra.pk).declined_at is None
    assert "Evans, Ezra" in client.get(listing + "?show=to_book").content.decode()


def test_the_office_sees_the_list_but_cannot_invite(client, office, day, families):
    client.force_login(office)
    assert client.post(reverse("booking:invite", args=[day.pk]), {"who": Choice.EVERYONE}).status_code == 403
    assert client.get(reverse("booking:invitations", args=[day.pk])).status_code == 200
    assert not Invitation.objects.exists()


def test_the_invitation_is_in_the_pupils_message_log(client, senco, day, families):
    invite(client, senco, day, who=Choice.SEN_SUPPORT)
    page = client.get(reverse("notices:pupil_log", args=[families["maisie"].pk])).content.decode()
    assert "Invitation to a review day" in page and str(day) in page


def test_invitation_list_queries_do_not_grow_with_families(client, senco, office, day, families):
    invite(client, senco, day, who=Choice.EVERYONE)
    listing = reverse("booking:invitations", args=[day.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(listing).status_code == 200
        return len(queries)

    count()
    before = count()
    for n in range(5):
        pupil = PupilFactory(legal_first_name=f"Extra{n}")
        PupilParentFactory(pupil=pupil, parent=ParentCarerFactory())
    invitations.invite(day, invitations.chosen_pupils(Choice.EVERYONE), senco)
    rules.book(day.slots.order_by("-starts_at").first(), PupilFactory(), office)
    Invitation.objects.filter(pupil__legal_first_name="Extra0").update(declined_at=timezone.now())
    assert count() == before


def test_the_counts_agree_with_each_invitations_status(senco, office, day, families):
    """Booked whatever the family said before; a cancelled booking is none; declined; or not replied yet."""
    invitations.invite(day, invitations.chosen_pupils(Choice.EVERYONE), senco)
    slots = list(day.slots.order_by("starts_at"))
    Invitation.objects.filter(pupil__in=[families["oliver"], families["ezra"]]).update(declined_at=timezone.now())
    rules.book(slots[0], families["oliver"], office)  # declined, then booked after all
    rules.cancel(rules.book(slots[1], families["maisie"], office), office, "Ill.")  # booked, then cancelled
    mine = Invitation.objects.filter(review_day=day)
    statuses = list(mine.with_booking().values_list("status", flat=True))
    counts = mine.counts()
    assert counts == {"invited": len(statuses), **{status: statuses.count(status) for status in InvitationStatus}}
    assert (counts["booked"], counts["declined"]) == (1, 1) and counts["no_reply"] >= 1  # Maisie at least
