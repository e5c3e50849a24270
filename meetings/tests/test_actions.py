"""Action points across pupils, changing their status, and 'My meetings and actions'."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from meetings.models import ActionStatus, MeetingStatus

from .factories import (
    ActionPointFactory,
    InviteeFactory,
    MeetingFactory,
    MeetingRecordFactory,
    RecordVersionFactory,
    days_from_today,
)

TODAY = timezone.localdate


def text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def shown(response) -> list[str]:
    """The descriptions of the action points on the page, in order."""
    return [action.description for action in response.context["actions"]]


@pytest.fixture
def held_a(pupil_a, senco):
    return MeetingFactory(pupil=pupil_a, led_by=senco, held=True)


@pytest.fixture
def held_b(pupil_b, senco):
    return MeetingFactory(pupil=pupil_b, led_by=senco, held=True)


def action(meeting, description, *, days=14, **kwargs):
    return ActionPointFactory(
        meeting=meeting, description=description, due_on=TODAY() + datetime.timedelta(days=days), **kwargs
    )


def action_list(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("meetings:actions"), params)
    assert response.status_code == 200
    return response


# Who may open the pages


@pytest.mark.parametrize("url_name", ["meetings:actions", "meetings:mine"])
@pytest.mark.parametrize("role", ["office", "head", "parent_a"])
def test_action_pages_refused_outside_the_sen_team(db, client, request, role, url_name):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("role", ["office", "head", "parent_a"])
def test_action_status_refused_outside_the_sen_team(client, request, held_a, role):
    point = action(held_a, "Send the word list home")
    client.force_login(request.getfixturevalue(role))

    response = client.post(reverse("meetings:action_status", args=[point.pk]), {"status": "done"})

    assert response.status_code == 403
    point.refresh_from_db()
    assert point.status == ActionStatus.OPEN


# The list and its filters


def test_senco_sees_open_actions_for_every_pupil_by_default(client, senco, held_a, held_b):
    action(held_a, "Send the word list home")
    action(held_b, "Book the hearing test")
    action(held_a, "Try a coloured overlay", status=ActionStatus.DONE)

    response = action_list(client, senco)

    assert sorted(shown(response)) == ["Book the hearing test", "Send the word list home"]
    page = text(response)
    assert "Amelia Ashworth" in page
    assert "Ben Barker" in page


def test_teacher_sees_only_their_pupils_actions(client, teacher, held_a, held_b):
    action(held_a, "Send the word list home", owner_staff=teacher)
    action(held_b, "Book the hearing test", owner_staff=teacher)

    response = action_list(client, teacher, show="all")

    assert shown(response) == ["Send the word list home"]
    assert "Ben Barker" not in text(response)


def test_staff_see_their_own_open_actions_by_default(client, teacher, other_teacher, held_a):
    action(held_a, "Send the word list home", owner_staff=teacher)
    action(held_a, "Observe in maths", owner_staff=other_teacher)
    action(held_a, "Done already", owner_staff=teacher, status=ActionStatus.DONE)

    response = action_list(client, teacher)

    assert response.context["show"] == "mine"
    assert shown(response) == ["Send the word list home"]


def test_filter_mine_for_the_senco(client, senco, teacher, held_a):
    action(held_a, "Write to the speech therapist", owner_staff=senco)
    action(held_a, "Send the word list home", owner_staff=teacher)

    assert shown(action_list(client, senco, show="mine")) == ["Write to the speech therapist"]


def test_filter_overdue_shows_late_open_actions_marked_in_words(client, senco, held_a):
    action(held_a, "Send the word list home", days=-3)
    action(held_a, "Book the hearing test", days=5)
    action(held_a, "Late but done", days=-3, status=ActionStatus.DONE)

    response = action_list(client, senco, show="overdue")

    assert shown(response) == ["Send the word list home"]
    assert "Overdue" in text(response)


def test_open_list_puts_overdue_first(client, senco, held_a):
    action(held_a, "Due next week", days=7)
    action(held_a, "Was due yesterday", days=-1)

    assert shown(action_list(client, senco)) == ["Was due yesterday", "Due next week"]


def test_filter_by_who_does_it(client, senco, held_a, parent_a):
    action(held_a, "Send the word list home")
    action(held_a, "Read together each night", for_parent=True, owner_parent=parent_a.parent_record)
    action(held_a, "Use the word mat", for_pupil=True)

    parents = action_list(client, senco, owner="parent")
    pupils = action_list(client, senco, owner="pupil")

    assert shown(parents) == ["Read together each night"]
    assert "Alice Ashworth" in text(parents)
    assert shown(pupils) == ["Use the word mat"]


def test_filter_by_named_member_of_staff(client, senco, teacher, other_teacher, held_a):
    action(held_a, "Send the word list home", owner_staff=teacher)
    action(held_a, "Observe in maths", owner_staff=other_teacher)

    response = action_list(client, senco, staff=other_teacher.pk)

    assert shown(response) == ["Observe in maths"]


def test_a_bad_filter_value_is_ignored(client, senco, held_a):
    action(held_a, "Send the word list home")

    response = action_list(client, senco, show="everything", staff="nobody")

    assert shown(response) == ["Send the word list home"]


def test_action_list_links_to_pupil_and_meeting(client, senco, held_a):
    action(held_a, "Send the word list home")

    html = action_list(client, senco).content.decode()

    assert reverse("pupils:pupil_detail", args=[held_a.pupil.pk]) in html
    assert reverse("meetings:detail", args=[held_a.pk]) in html


def test_action_list_query_count_does_not_grow_with_rows(client, senco, teacher, held_a, held_b, parent_a):
    def make(count):
        for n in range(count):
            kind = n % 3
            if kind == 0:
                action(held_a, f"School action {n}", owner_staff=teacher)
            elif kind == 1:
                action(held_b, f"Parent action {n}", for_parent=True, owner_parent=parent_a.parent_record)
            else:
                action(held_a, f"Pupil action {n}", for_pupil=True, days=-n)

    client.force_login(senco)
    url = reverse("meetings:actions")
    make(5)
    # Counted after the process's first request, which reads the school's settings and keeps them.
    client.get(url)
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url).context["actions"]) == 5
    make(55)
    with CaptureQueriesContext(connection) as sixty:
        response = client.get(url)

    assert len(response.context["actions"]) == 50
    assert response.context["paginator"].count == 60
    assert len(sixty) == len(five)
    # Issue 24: at most 10 in all (session, user, two-step device; the count, the page, the staff to filter by).
    assert len(sixty) <= 10, "\n".join(query["sql"] for query in sixty.captured_queries)


# Changing the status


def change(client, user, point, status, **extra):
    client.force_login(user)
    return client.post(reverse("meetings:action_status", args=[point.pk]), {"status": status, **extra})


def test_marking_done_sets_the_completion_date(client, teacher, held_a):
    point = action(held_a, "Send the word list home", owner_staff=teacher)

    response = change(client, teacher, point, "done")

    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:actions")
    point.refresh_from_db()
    assert point.status == ActionStatus.DONE
    assert point.completed_on == TODAY()
    page = client.get(response["Location"], {"show": "all"})
    assert "Marked as done: Send the word list home (Amelia Ashworth)." in text(page)


def test_reopening_clears_the_completion_date(client, senco, held_a):
    point = action(held_a, "Send the word list home", status=ActionStatus.DONE, completed_on=TODAY())

    change(client, senco, point, "open")

    point.refresh_from_db()
    assert point.status == ActionStatus.OPEN
    assert point.completed_on is None


def test_no_longer_needed_keeps_the_action(client, senco, held_a):
    point = action(held_a, "Send the word list home")

    change(client, senco, point, "dropped")

    point.refresh_from_db()
    assert point.status == ActionStatus.DROPPED
    assert point.completed_on is None


def test_changing_status_goes_back_to_a_local_page(client, senco, held_a):
    point = action(held_a, "Send the word list home")

    response = change(client, senco, point, "done", next="/meetings/mine/")

    assert response["Location"] == "/meetings/mine/"


def test_changing_status_never_goes_to_another_site(client, senco, held_a):
    point = action(held_a, "Send the word list home")

    response = change(client, senco, point, "done", next="https://evil.example/phish")

    assert response["Location"] == reverse("meetings:actions")


def test_forged_action_id_gives_404(client, teacher, held_b):
    point = action(held_b, "Book the hearing test")

    response = change(client, teacher, point, "done")

    assert response.status_code == 404
    point.refresh_from_db()
    assert point.status == ActionStatus.OPEN


def test_unknown_status_changes_nothing(client, senco, held_a):
    point = action(held_a, "Send the word list home")

    change(client, senco, point, "finished")

    point.refresh_from_db()
    assert point.status == ActionStatus.OPEN


def test_status_change_is_post_only(client, senco, held_a):
    point = action(held_a, "Send the word list home")
    client.force_login(senco)

    assert client.get(reverse("meetings:action_status", args=[point.pk])).status_code == 405


# My meetings and actions


def my_page(client, user):
    client.force_login(user)
    response = client.get(reverse("meetings:mine"))
    assert response.status_code == 200
    return response


def test_my_actions_show_overdue_first_and_marked(client, teacher, held_a):
    action(held_a, "Due next week", days=7, owner_staff=teacher)
    action(held_a, "Was due last week", days=-7, owner_staff=teacher)
    action(held_a, "Someone else's", days=-7)
    action(held_a, "Finished", days=-9, owner_staff=teacher, status=ActionStatus.DONE)

    response = my_page(client, teacher)

    assert shown(response) == ["Was due last week", "Due next week"]
    page = text(response)
    assert page.index("Was due last week") < page.index("Overdue") < page.index("Due next week")


def test_my_upcoming_meetings_are_the_ones_i_am_part_of(client, teacher, pupil_a, senco):
    invited = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=days_from_today(3))
    InviteeFactory(meeting=invited, user=teacher)
    led = MeetingFactory(pupil=pupil_a, led_by=teacher, starts_at=days_from_today(10), confirmed=True)
    not_mine = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=days_from_today(4))
    cancelled = MeetingFactory(pupil=pupil_a, led_by=teacher, starts_at=days_from_today(5), cancelled=True)
    past = MeetingFactory(pupil=pupil_a, led_by=teacher, starts_at=days_from_today(-2), confirmed=True)

    response = my_page(client, teacher)

    assert list(response.context["upcoming"]) == [invited, led]
    assert not {not_mine, cancelled, past} & set(response.context["upcoming"])
    assert reverse("meetings:ics", args=[invited.pk]) in response.content.decode()


def test_my_meetings_list_records_not_yet_shared(client, teacher, pupil_a):
    def held(days_ago):
        return MeetingFactory(pupil=pupil_a, led_by=teacher, held=True, starts_at=days_from_today(-days_ago))

    no_record = held(3)
    draft = MeetingRecordFactory(meeting=held(5)).meeting
    finalised = RecordVersionFactory(record__meeting=held(8)).record.meeting
    shared = RecordVersionFactory(record__meeting=held(9), shared=True).record.meeting
    amended_record = RecordVersionFactory(record__meeting=held(10), shared=True).record
    RecordVersionFactory(record=amended_record, number=2, amendment_reason="Wrong date for the next review.")
    long_ago = held(45)
    cancelled = MeetingFactory(pupil=pupil_a, led_by=teacher, cancelled=True, starts_at=days_from_today(-4))

    response = my_page(client, teacher)

    awaiting = response.context["awaiting_record"]
    assert [m.pk for m in awaiting] == [amended_record.meeting.pk, finalised.pk, draft.pk, no_record.pk]
    assert not {shared.pk, long_ago.pk, cancelled.pk} & {m.pk for m in awaiting}
    page = text(response)
    assert "No record yet" in page
    assert "Record started, not finalised" in page
    assert "Record finalised, not yet shared" in page
    assert "Amended record not yet shared" in page
    assert reverse("meetings:record", args=[no_record.pk]) in response.content.decode()


def test_late_record_is_marked_in_words(client, teacher, pupil_a):
    MeetingFactory(pupil=pupil_a, led_by=teacher, held=True, starts_at=days_from_today(-20))

    assert "Late" in text(my_page(client, teacher))


def test_my_meetings_leaves_out_pupils_i_cannot_see(client, teacher, pupil_b):
    meeting = MeetingFactory(pupil=pupil_b, starts_at=days_from_today(3), status=MeetingStatus.CONFIRMED)
    InviteeFactory(meeting=meeting, user=teacher)
    ActionPointFactory(meeting__pupil=pupil_b, owner_staff=teacher, description="Book the hearing test")

    response = my_page(client, teacher)

    assert "Ben Barker" not in text(response)
    assert shown(response) == []


# A busy SENCO's "My meetings": the first few of each list, and where the rest are (issue 24)


def test_my_meetings_shows_the_soonest_ten_and_links_to_the_rest_in_the_calendar(client, senco, pupil_a):
    coming = [
        MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=days_from_today(1 + n), confirmed=True) for n in range(12)
    ]

    response = my_page(client, senco)

    assert list(response.context["upcoming"]) == coming[:10]
    page = text(response)
    assert "These are the soonest 10 of your 12 coming meetings. 2 more: see them in the calendar." in page
    eleventh = timezone.localtime(coming[10].starts_at).date()
    assert f"?view=week&amp;only=mine&amp;date={eleventh:%Y-%m-%d}" in response.content.decode()
    assert reverse("meetings:detail", args=[coming[10].pk]) not in response.content.decode()


def test_my_meetings_says_nothing_more_when_all_are_shown(client, senco, pupil_a):
    MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=days_from_today(2), confirmed=True)

    assert "see them in the calendar" not in text(my_page(client, senco))


def test_my_records_to_finish_show_the_ten_waiting_longest_and_all_on_asking(client, senco, pupil_a):
    held = [
        MeetingFactory(pupil=pupil_a, led_by=senco, held=True, starts_at=days_from_today(-25 + n)) for n in range(13)
    ]

    first = my_page(client, senco)
    everything = client.get(reverse("meetings:mine"), {"records": "all"})
    tampered = client.get(reverse("meetings:mine"), {"records": "<everything>"})

    assert [m.pk for m in first.context["awaiting_record"]] == [m.pk for m in held[:10]]
    assert "These are the 10 waiting longest of your 13 records to finish and share. 3 more: show them all." in text(
        first
    )
    assert 'href="?records=all#records-heading"' in first.content.decode()
    assert [m.pk for m in everything.context["awaiting_record"]] == [m.pk for m in held]
    assert "show them all" not in text(everything)
    assert tampered.status_code == 200
    assert len(tampered.context["awaiting_record"]) == 10


def test_my_action_points_show_the_ten_most_urgent_and_link_to_the_rest(client, teacher, held_a):
    for n in range(12):
        action(held_a, f"Action {n:02d}", days=n - 3, owner_staff=teacher)

    response = my_page(client, teacher)

    assert shown(response) == [f"Action {n:02d}" for n in range(10)]
    assert "These are the 10 most urgent of your 12 open action points." in text(response)
    assert f'href="{reverse("meetings:actions")}?show=mine"' in response.content.decode()


def test_my_meetings_reads_the_same_queries_for_a_few_rows_or_many(client, senco, pupil_a, pupil_b):
    from common.tests.page_queries import queries_after_a_first_request as queries

    def more(n):
        for day in range(n):
            for pupil in (pupil_a, pupil_b):
                coming = MeetingFactory(pupil=pupil, starts_at=days_from_today(1 + day), confirmed=True)
                InviteeFactory(meeting=coming, user=senco)
                past = MeetingFactory(pupil=pupil, led_by=senco, held=True, starts_at=days_from_today(-1 - day))
                RecordVersionFactory(record__meeting=past, finalised_by=senco)
                action(past, f"Follow up {day}", owner_staff=senco)

    client.force_login(senco)
    url = reverse("meetings:mine")
    more(1)
    few = queries(client, url)
    more(12)
    many = queries(client, url)

    assert len(many) == len(few), "\n".join(many)
    # What every signed-in request reads (session, user, two-step device), then the coming meetings, the records to
    # finish, the action points (each list with its count), the parents invited and the notices they were sent,
    # and the week's good news.
    assert len([sql for sql in many if sql.startswith("SELECT")]) <= 9, "\n".join(many)
