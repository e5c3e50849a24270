"""Past compulsory school age, decisions move to the young person: their own portal account, and their parents
see the record only with their agreement.

People: senco, office; Kai Khan, 17 (Year 12), and his mother Kath with an account; parent_b, the stranger family.
The tests run on 25 November 2026 unless they say otherwise.
"""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from accounts.tests.factories import UserFactory
from booking.invitations import invite as invite_to_day
from booking.notices import invited_children
from booking.tests.factories import review_day_with
from meetings.models import Meeting
from meetings.notice_planning import plan_meeting
from meetings.scheduling import invite
from meetings.tests.factories import MeetingFactory
from notices.models import Message
from pupils.ages import (
    compulsory_school_age_ends,
    is_past_compulsory_school_age,
    past_compulsory_school_age_if_born_by,
)
from pupils.models import Pupil
from pupils.tests.factories import ParentCarerFactory, PupilFactory, PupilParentFactory

TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 11, 25), tick=False):
        yield


@pytest.fixture
def kai(db):
    """17 in May 2026: turned 16 in May 2025, so past compulsory school age since 1 September 2025."""
    return PupilFactory(
        legal_first_name="Kai", legal_last_name="Khan", date_of_birth=date(2009, 5, 1), year_group=12, form="12S"
    )


@pytest.fixture
def kath(kai):
    user = UserFactory(email="kath@home.example", role=Role.PARENT)
    parent = ParentCarerFactory(first_name="Kath", last_name="Khan", email=user.email, user=user)
    PupilParentFactory(pupil=kai, parent=parent)
    return user


@pytest.fixture
def kais_sister(kath):
    sister = PupilFactory(legal_first_name="Kim", legal_last_name="Khan", date_of_birth=date(2016, 2, 2))
    PupilParentFactory(pupil=sister, parent=kath.parent_record)
    return sister


# The rule and its edges


@pytest.mark.parametrize(
    ("born", "ends"),
    [
        (date(2010, 8, 31), date(2026, 8, 31)),  # the youngest in the year: 16 on the last day of it
        (date(2010, 9, 1), date(2027, 8, 31)),  # a day younger: the next year group
        (date(2009, 9, 1), date(2026, 8, 31)),  # the oldest in the same year group as 31 August 2010
        (date(2008, 2, 29), date(2024, 8, 31)),  # a leap-day birthday needs no special case
    ],
)
def test_compulsory_school_age_ends_on_31_august_of_the_year_they_turn_16(born, ends):
    assert compulsory_school_age_ends(born) == ends


def test_birthday_on_31_august_is_past_it_on_1_september_that_year():
    born = date(2010, 8, 31)
    assert not is_past_compulsory_school_age(born, date(2026, 8, 31))
    assert is_past_compulsory_school_age(born, date(2026, 9, 1))


def test_birthday_on_1_september_waits_a_whole_year_more():
    born = date(2010, 9, 1)
    assert not is_past_compulsory_school_age(born, date(2026, 9, 1))  # their 16th birthday
    assert not is_past_compulsory_school_age(born, date(2027, 8, 31))
    assert is_past_compulsory_school_age(born, date(2027, 9, 1))


@pytest.mark.parametrize("today", [date(2026, 8, 31), date(2026, 9, 1), date(2027, 2, 28), date(2028, 2, 29)])
def test_the_date_of_birth_cut_off_agrees_with_the_rule(today):
    cut_off = past_compulsory_school_age_if_born_by(today)
    for days in range(-400, 400):
        born = cut_off + timedelta(days=days)
        assert is_past_compulsory_school_age(born, today) == (born <= cut_off), (today, born)


def test_a_pupil_knows_whether_they_are_past_it(kai):
    assert kai.is_past_compulsory_school_age()
    assert not kai.is_past_compulsory_school_age(date(2025, 8, 31))
    assert not PupilFactory(date_of_birth=date(2010, 9, 1)).is_past_compulsory_school_age()


# Who sees the record


def test_a_parent_no_longer_sees_their_17_year_olds_record_without_agreement(client, senco, kai, kath, kais_sister):
    assert list(Pupil.objects.visible_to(kath)) == [kais_sister]
    client.force_login(kath)
    assert kai.full_name not in client.get(reverse("portal:home")).content.decode()


def test_the_parent_sees_it_again_once_the_senco_records_the_agreement(client, senco, kai, kath):
    client.force_login(senco)
    page = client.get(reverse("pupils:parents_agreement", args=[kai.pk])).content.decode()
    assert "Record Kai's agreement" in page
    client.post(reverse("pupils:parents_agreement", args=[kai.pk]), {"agreed": "yes"})

    kai.refresh_from_db()
    assert kai.parents_may_see_record_agreed_at and kai.parents_may_see_record_recorded_by == senco
    assert list(Pupil.objects.visible_to(kath)) == [kai]
    family = client.get(reverse("pupils:family_detail", args=[kai.pk])).content.decode()
    assert "Recorded by Sam Senco on 25 November 2026" in " ".join(family.split())

    client.post(reverse("pupils:parents_agreement", args=[kai.pk]), {"agreed": "no"})
    assert not Pupil.objects.visible_to(kath).exists()
    assert kai.history.filter(parents_may_see_record_agreed_at__isnull=False).exists()  # the agreement is kept
    history = client.get(reverse("pupils:pupil_history", args=[kai.pk])).content.decode()
    assert "young person agreed that their parents may see their record" in history.lower()


def test_agreement_is_only_for_a_young_person(client, senco, pupil_a):
    client.force_login(senco)
    client.post(reverse("pupils:parents_agreement", args=[pupil_a.pk]), {"agreed": "yes"})
    pupil_a.refresh_from_db()
    assert pupil_a.parents_may_see_record_agreed_at is None


def test_the_young_person_sees_only_their_own_record(kai, kath, kais_sister, pupil_b):
    kai.user = UserFactory(email="kai@home.example", role=Role.YOUNG_PERSON)
    kai.save()
    assert list(Pupil.objects.visible_to(kai.user)) == [kai]


def test_a_parent_whose_only_child_has_not_agreed_cannot_be_invited(client, office, kai):
    parent = ParentCarerFactory(first_name="Ken", last_name="Khan", email="ken@home.example")
    PupilParentFactory(pupil=kai, parent=parent, relationship="father")
    client.force_login(office)
    page = " ".join(client.get(reverse("pupils:family_detail", args=[kai.pk])).content.decode().split())
    assert "past compulsory school age and have not agreed" in page
    client.post(reverse("pupils:portal_invite", args=[kai.pk, parent.pk]))
    assert mail.outbox == []


# The young person's own account


def test_the_senco_invites_a_young_person_who_sets_a_password_and_sees_their_record(client, senco, kai, kath):
    client.force_login(senco)
    family = client.get(reverse("pupils:family_detail", args=[kai.pk])).content.decode()
    assert "Invite Kai to see their own record" in family
    url = reverse("pupils:young_person_invite", args=[kai.pk])
    response = client.post(url, {"own_email": "Kai.Khan@Home.example"})
    assert response.status_code == 302
    client.logout()

    kai.refresh_from_db()
    assert kai.own_email == "kai.khan@home.example"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kai.khan@home.example"]
    assert "Dear Kai" in mail.outbox[0].body and "see your own record" in mail.outbox[0].body
    link = re.search(r"/welcome/[\w-]+/", mail.outbox[0].body).group(0)
    client.post(link, {"new_password1": "kettle orange bicycle", "new_password2": "kettle orange bicycle"})

    kai.refresh_from_db()
    assert kai.user.role == Role.YOUNG_PERSON and kai.user.email == "kai.khan@home.example"
    assert list(Pupil.objects.visible_to(kai.user)) == [kai]
    assert client.session["_auth_user_id"] == str(kai.user.pk)


def test_a_mistyped_email_is_shown_again_with_the_problem(client, senco, kai):
    client.force_login(senco)
    response = client.post(reverse("pupils:young_person_invite", args=[kai.pk]), {"own_email": "kai@home"})
    page = response.content.decode()
    assert response.status_code == 200 and 'value="kai@home"' in page and "valid email address" in page
    assert mail.outbox == []


def test_a_pupil_not_past_compulsory_school_age_cannot_be_invited(client, senco, pupil_a):
    client.force_login(senco)
    response = client.post(reverse("pupils:young_person_invite", args=[pupil_a.pk]), {"own_email": "a@home.example"})
    assert "not past compulsory school age" in response.content.decode()
    assert mail.outbox == []
    family = client.get(reverse("pupils:family_detail", args=[pupil_a.pk])).content.decode()
    assert "see their own record" not in family


def test_revoking_a_young_persons_access_keeps_their_account(client, senco, kai):
    kai.user = UserFactory(email="kai@home.example", role=Role.YOUNG_PERSON)
    kai.save()
    client.force_login(senco)
    client.post(reverse("pupils:young_person_revoke", args=[kai.pk]))
    user = User.objects.get(email="kai@home.example")
    assert not user.is_active and user.pupil_record == kai


def test_the_office_sees_the_rule_but_not_the_young_persons_decisions(client, office, kai, kath):
    client.force_login(office)
    page = client.get(reverse("pupils:family_detail", args=[kai.pk])).content.decode()
    assert "past compulsory school age" in page
    assert "Record Kai's agreement" not in page and "Invite Kai" not in page


def test_a_meeting_for_a_young_person_who_has_not_agreed_invites_them_not_their_parents(client, senco, kai):
    mum = PupilParentFactory(pupil=kai, parent__first_name="Maya", parent__email="maya@home.example").parent
    client.force_login(senco)
    url = reverse("meetings:schedule", args=[kai.pk])

    form = client.get(url).context["form"]
    assert form["parents"].value() in ([], None) and form["pupil_invited"].value() is True

    data = {
        "meeting_type": "sen_review",
        "starts_at": "2026-12-15T15:30",
        "place": "Sixth form office",
        "purpose": "Review Kai's plan for next term.",
        "led_by": senco.pk,
        "invited_on": "2026-11-25",
        "parents": [mum.pk],
        "pupil_invited": "on",
    }
    refused = client.post(url, data)
    assert "Kai is past compulsory school age and has not agreed to their parents seeing their record" in (
        refused.content.decode()
    )
    assert not Meeting.objects.exists()

    client.post(url, data | {"parents": []})
    meeting = Meeting.objects.get()
    assert meeting.invitees.filter(kind="pupil").exists() and not meeting.invitees.filter(parent=mum).exists()


def test_parents_get_no_notice_about_a_young_person_who_has_not_agreed(senco, kai):
    mum = PupilParentFactory(pupil=kai, parent__email="maya@home.example").parent
    meeting = MeetingFactory(pupil=kai, led_by=senco, starts_at=timezone.make_aware(datetime(2026, 12, 15, 15, 30)))
    invite(meeting, parents=[mum])

    plan_meeting(meeting)
    assert not Message.objects.filter(parent=mum).exists()

    kai.parents_may_see_record_agreed_at = timezone.now()
    kai.save()
    plan_meeting(meeting)
    assert Message.objects.filter(parent=mum, kind="notice").exists()


def test_a_review_day_invitation_skips_the_parents_of_a_young_person_who_has_not_agreed(senco, teacher, kai):
    mum = PupilParentFactory(pupil=kai, parent__email="maya@home.example").parent
    sister = PupilFactory(legal_first_name="Sana", legal_last_name="Khan", year_group=9)
    PupilParentFactory(pupil=sister, parent=mum)
    day = review_day_with(senco, teacher)

    invite_to_day(day, Pupil.objects.filter(pk__in=[kai.pk, sister.pk]), senco)

    [invitation] = Message.objects.filter(review_day=day, parent=mum)  # for Sana, who is 13
    assert [i.pupil for i in invited_children(invitation)] == [sister]
