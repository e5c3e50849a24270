"""Positive news: my count this week, the families I work with who have not heard good news for a while, and the
school's weekly figure for the SENCO (seed 004: at least one positive contact each week)."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from common.scalars import ask_together
from contacts import positive_news
from contacts.models import Channel, Contact, Direction
from pupils.tests.factories import PupilFactory

# A Wednesday afternoon: the week began on Monday 23 November 2026.
NOW = timezone.make_aware(datetime(2026, 11, 25, 15, 0))


def good_news(pupil, by, happened_at, **fields) -> Contact:
    return Contact.objects.create(
        pupil=pupil,
        channel=Channel.PHONE,
        direction=Direction.TO_FAMILY,
        happened_at=happened_at,
        recorded_by=by,
        summary="Read aloud to the class today, beaming.",
        is_positive_news=fields.pop("is_positive_news", True),
        **fields,
    )


def at(day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(2026, 11, day, hour, 0))


def test_my_week_starts_on_monday_and_counts_only_good_news_i_logged(teacher, senco, pupil_a):
    good_news(pupil_a, teacher, at(23, 0) + timedelta(minutes=1))  # Monday just after midnight: counts
    good_news(pupil_a, teacher, at(22, 23))  # Sunday night: last week
    good_news(pupil_a, teacher, at(24), is_positive_news=False)  # an ordinary call
    good_news(pupil_a, senco, at(24))  # someone else's
    assert positive_news.my_count_this_week(teacher, NOW) == 1


def test_quiet_families_are_those_i_work_with_and_not_told_good_news_for_28_days(teacher, senco, pupil_a, pupil_b):
    told_recently = PupilFactory(legal_last_name="Recent", key_worker=teacher)
    told_long_ago = PupilFactory(legal_last_name="Longago")
    told_long_ago.teaching_assistants.add(teacher)
    left_register = PupilFactory(
        legal_last_name="Left",
        class_teacher=teacher,
        removed_from_register_on=NOW.date(),
        removal_reason="Needs met",
    )
    good_news(told_recently, senco, NOW - timedelta(days=27, hours=23))
    good_news(told_long_ago, teacher, NOW - timedelta(days=28, hours=1))
    good_news(pupil_b, senco, NOW - timedelta(days=90))  # not a family this teacher works with

    quiet = list(positive_news.quiet_families(teacher, NOW))

    # Never told any good news comes first, then the longest ago.
    assert quiet == [pupil_a, told_long_ago]
    assert quiet[1].last_positive_at == NOW - timedelta(days=28, hours=1)
    assert told_recently not in quiet and left_register not in quiet and pupil_b not in quiet


def test_school_weeks_count_pieces_families_and_staff_per_week(teacher, senco, pupil_a, pupil_b):
    good_news(pupil_a, teacher, at(23))
    good_news(pupil_a, teacher, at(24))
    good_news(pupil_b, senco, at(25, 9))
    good_news(pupil_b, senco, at(18))  # last week
    good_news(pupil_b, senco, at(26))  # tomorrow: not yet

    this_week, last_week, *earlier = positive_news.school_weeks(NOW)

    assert (this_week.week_starting, this_week.positive_contacts, this_week.families, this_week.staff_sharing) == (
        at(23).date(),
        3,
        2,
        2,
    )
    assert (last_week.positive_contacts, last_week.families, last_week.staff_sharing) == (1, 1, 1)
    # The dashboard's line for this week, counted by the database with its other figures: the same.
    assert positive_news.school_week(NOW, ask_together(positive_news.school_week_figures(NOW))) == this_week
    assert len(earlier) == positive_news.WEEKS_SHOWN - 2 and all(w.positive_contacts == 0 for w in earlier)


def test_the_page_shows_my_count_and_who_to_call_with_a_prefilled_log_link(client, teacher, pupil_a):
    good_news(pupil_a, teacher, timezone.now() - timedelta(days=40))
    client.force_login(teacher)

    page = client.get(reverse("contacts:positive_news")).content.decode()

    assert "You have not shared any positive news with a family yet this week." in page
    assert "Amelia Ashworth" in page
    assert f"{reverse('contacts:contact_add', args=[pupil_a.pk])}?positive=1" in page
    assert "The school, week by week" not in page  # the school's figure is the SENCO's

    form = client.get(reverse("contacts:contact_add", args=[pupil_a.pk]) + "?positive=1").context["form"]
    assert form["is_positive_news"].value() is True
    assert form["direction"].value() == "out"


def test_logging_good_news_takes_the_family_off_my_list_and_counts_for_me(client, teacher, pupil_a):
    client.force_login(teacher)
    client.post(
        reverse("contacts:contact_add", args=[pupil_a.pk]),
        {
            "channel": "phone",
            "direction": "out",
            "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "summary": "Rang to say Amelia read in assembly.",
            "is_positive_news": "on",
        },
    )
    page = client.get(reverse("contacts:positive_news")).content.decode()
    assert "You have shared <strong>1</strong> piece of positive news" in page
    assert "Every family you work with has heard good news" in page


def test_the_senco_sees_the_school_figure_and_each_member_of_staff_this_week(client, senco, teacher, pupil_a):
    good_news(pupil_a, teacher, timezone.now())
    client.force_login(senco)

    response = client.get(reverse("contacts:positive_news"))
    page = response.content.decode()

    assert "The school, week by week" in page
    staff = {member.email: member.shared for member in response.context["staff_this_week"]}
    assert staff == {"teacher@school.example": 1, "senco@school.example": 0}
    assert list(response.context["staff_this_week"])[0].email == "senco@school.example"  # fewest first


@pytest.mark.parametrize("role", ["office", "head", "parent_a"])
def test_only_the_senco_and_staff_open_positive_news(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("contacts:positive_news")).status_code == 403


def test_dashboards_show_positive_news_and_this_terms_response_figures(client, senco, teacher, pupil_a):
    from contacts.tests.factories import concern_for

    concern = concern_for(pupil_a, recorded_by=senco, assigned_to=teacher, happened_at=timezone.now())
    from contacts.concerns import record_response

    record_response(concern, "Rang back and agreed a new seat.", by=teacher)
    good_news(pupil_a, teacher, timezone.now())

    client.force_login(senco)
    dashboard = client.get(reverse("meetings:dashboard_waiting")).content.decode()
    assert "The school this week: 1 piece of good news to 1 family, from 1 member of staff." in dashboard
    assert "1 concern raised, a response in 0.0 hours (median), 100% answered within 24 hours (1 of 1)" in dashboard

    client.force_login(teacher)
    mine = client.get(reverse("meetings:mine")).content.decode()
    assert "You have shared 1 piece of good news this week." in mine


def test_the_head_sees_the_weekly_figure_with_the_register_figures(client, head, teacher, pupil_a):
    good_news(pupil_a, teacher, timezone.now())
    client.force_login(head)
    response = client.get(reverse("pupils:figures"))
    this_week = response.context["positive_weeks"][0]
    assert (this_week.positive_contacts, this_week.families, this_week.staff_sharing) == (1, 1, 1)
    assert "Amelia" not in response.content.decode()  # numbers only
