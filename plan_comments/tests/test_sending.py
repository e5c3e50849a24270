"""When the plan goes to the parents before its review, to whom, how, and exactly once."""

import datetime

import time_machine

from notices.models import Channel, Message, MessageStatus
from plan_comments.sending import (
    MESSAGE_KIND,
    due_on,
    plan_every_current_plan_again,
    plan_for_review,
)
from school.models import ClosureDay, School
from school.signals import calendar_changed
from support_plans import cycle
from support_plans.models import Result, SupportPlan

from .helpers import AGREED, GOES_AT, REVIEW_ON, agreed_plan, london


def planned(plan):
    return Message.objects.filter(support_plan=plan, kind=MESSAGE_KIND, status=MessageStatus.PLANNED)


def test_finalising_plans_one_message_to_each_parent_with_parental_responsibility(plan_a, mother, father):
    rows = {m.parent: m for m in planned(plan_a)}
    assert set(rows) == {mother, father}  # never the childminder, who has no parental responsibility
    assert rows[mother].channel == Channel.EMAIL
    assert rows[father].channel == Channel.LETTER
    assert {m.due_at for m in rows.values()} == {GOES_AT}
    assert {m.expires_at for m in rows.values()} == {london(2027, 3, 12, 0, 0)}


def test_a_draft_plans_nothing(school, pupil_a, senco, mother):
    from support_plans.tests.factories import draft_plan

    draft = draft_plan(pupil_a, review_on=REVIEW_ON)
    assert not Message.objects.filter(support_plan=draft).exists()


def test_two_weeks_before_on_a_school_day_the_school_day_before_when_it_is_closed(db):
    assert due_on(datetime.date(2027, 3, 12)) == datetime.date(2027, 2, 26)
    ClosureDay.objects.create(date=datetime.date(2027, 5, 3), reason="May bank holiday")
    assert due_on(datetime.date(2027, 5, 17)) == datetime.date(2027, 4, 30)  # the Friday before


def test_at_the_schools_reminder_time(school, pupil_a, senco, mother):
    school.reminder_time = datetime.time(9, 0)
    school.save()
    plan = agreed_plan(pupil_a, senco)
    assert planned(plan).get().due_at == london(2027, 2, 26, 9, 0)


def test_a_plan_agreed_less_than_two_weeks_before_its_review_goes_at_once(school, pupil_a, senco, mother):
    at = london(2027, 3, 3, 11, 0)
    plan = agreed_plan(pupil_a, senco, at=at)
    assert planned(plan).get().due_at == at


def test_planning_again_changes_nothing_and_never_plans_twice(plan_a):
    before = list(planned(plan_a).values_list("pk", "due_at"))
    with time_machine.travel(AGREED + datetime.timedelta(days=3), tick=False):
        plan_for_review(plan_a)
        plan_every_current_plan_again()
    assert list(planned(plan_a).values_list("pk", "due_at")) == before


def test_a_message_sent_is_not_sent_again_when_planned_again(plan_a, mother):
    Message.objects.filter(support_plan=plan_a).update(status=MessageStatus.SENT, sent_at=GOES_AT)
    with time_machine.travel(GOES_AT + datetime.timedelta(days=1), tick=False):
        plan_for_review(plan_a)
    assert not planned(plan_a).exists()
    assert Message.objects.filter(support_plan=plan_a, parent=mother).count() == 1


def test_a_new_review_date_moves_the_message_not_yet_sent(plan_a):
    SupportPlan.objects.filter(pk=plan_a.pk).update(review_on=datetime.date(2027, 3, 19))
    with time_machine.travel(AGREED + datetime.timedelta(days=7), tick=False):
        plan_for_review(plan_a)
    assert {m.due_at for m in planned(plan_a)} == {london(2027, 3, 5, 15, 30)}
    assert Message.objects.filter(support_plan=plan_a, status=MessageStatus.CANCELLED, due_at=GOES_AT).count() == 2


def test_a_closure_day_added_moves_it_to_the_school_day_before(plan_a):
    with time_machine.travel(AGREED + datetime.timedelta(days=7), tick=False):
        ClosureDay.objects.create(date=datetime.date(2027, 2, 26), reason="INSET day")
        School.forget_loaded()
        calendar_changed.send(sender=School)  # as it is sent once the change is saved
    assert {m.due_at for m in planned(plan_a)} == {london(2027, 2, 25, 15, 30)}


def test_a_plan_replaced_by_a_new_version_cancels_its_message_and_the_new_one_plans_its_own(plan_a, senco):
    with time_machine.travel(AGREED + datetime.timedelta(days=10), tick=False):
        draft = cycle.start_plan(plan_a.pupil, senco)
        draft.review_on = datetime.date(2027, 3, 26)
        draft.save()
        cycle.finalise(draft, senco)
    assert not planned(plan_a).exists()
    assert {m.due_at for m in planned(draft)} == {london(2027, 3, 12, 15, 30)}


def test_a_plan_reviewed_early_has_nothing_more_sent(plan_a, senco):
    with time_machine.travel(london(2027, 2, 1, 10, 0), tick=False):
        cycle.record_review(
            plan_a,
            held_on=datetime.date(2027, 2, 1),
            held_by=senco,
            notes="",
            results=[cycle.ResultGiven(o, "Done.", Result.MET) for o in plan_a.outcomes.all()],
            user=senco,
        )
        plan_for_review(plan_a)
    assert not planned(plan_a).exists()


def test_a_young_person_who_decides_alone_is_not_sent_past_them(plan_a):
    pupil = plan_a.pupil
    pupil.date_of_birth = datetime.date(2009, 1, 1)  # past compulsory school age, no agreement recorded
    pupil.save()
    with time_machine.travel(AGREED + datetime.timedelta(days=1), tick=False):
        plan_for_review(plan_a)
    assert not planned(plan_a).exists()


def test_beat_plans_a_plan_that_came_without_one(plan_a, mother):
    Message.objects.filter(support_plan=plan_a).delete()  # as a plan from the data migration has none
    with time_machine.travel(london(2027, 2, 1, 10, 0), tick=False):
        assert plan_every_current_plan_again(coming_up_only=True) == 1
    assert planned(plan_a).count() == 2


def test_beat_leaves_plans_whose_review_is_far_off(plan_a):
    Message.objects.filter(support_plan=plan_a).delete()
    with time_machine.travel(AGREED, tick=False):
        assert plan_every_current_plan_again(coming_up_only=True) == 0
