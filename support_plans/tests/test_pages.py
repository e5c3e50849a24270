"""The staff pages of a plan, used as the SENCO and a teacher would: writing a draft, bad input refused with what
was typed kept, tampering refused in words, finalising, the review, who sees what, and the queries a page costs."""

import datetime

import pytest
from django.urls import reverse

from privacy.models import AccessLogEntry
from provision.models import GroupPlace, GroupSession, Intervention, InterventionGroup, StaffCostBand, Wave
from pupils.tests.factories import OutcomeFactory
from support_plans import cycle
from support_plans.models import PlanOutcome, PlanStatus, Result, SupportPlan

from .factories import draft_plan, finalised_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def senco_client(client, senco):
    client.force_login(senco)
    return client


def page(response) -> str:
    return response.content.decode()


def management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


OUTCOME = {
    "description": "Write three sentences about her weekend",
    "baseline": "Writes one sentence with help",
    "success_measure": "Three sentences, each with a capital letter and full stop, on two Mondays running",
    "by_when": "2026-12-04",
    "measured_how": "Her Monday news book",
    "who_helps": "Mrs Patel",
    "home_actions": "Talk about the weekend on Sunday evening",
}


def provision_row(n: int, **fields) -> dict:
    row = {
        "what": "Writing frame group",
        "wave": "2",
        "group": "",
        "frequency": "Twice a week",
        "minutes": "20",
        "group_size": "4",
        "staff": "",
        "who": "",
        "setting": "withdrawn",
        "starts_on": "",
        "ends_on": "",
    }
    row.update(fields)
    return {f"provision-{n}-{key}": value for key, value in row.items()}


# Writing a draft


def test_the_senco_starts_a_first_plan_from_the_targets_already_recorded(senco_client, pupil_a):
    OutcomeFactory(pupil=pupil_a, description="Tie shoelaces")
    response = senco_client.post(reverse("support_plans:start", args=[pupil_a.pk]), follow=True)
    plan = SupportPlan.objects.get(pupil=pupil_a)
    assert plan.is_draft and [o.description for o in plan.outcomes.all()] == ["Tie shoelaces"]
    assert "first plan is started, with 1 outcomes" in page(response)
    assert "Tie shoelaces" in page(response)


def test_an_outcome_and_its_support_are_saved_together(senco_client, pupil_a):
    plan = draft_plan(pupil_a, outcomes=0)
    data = {**OUTCOME, **management("provision", 1, 0), **provision_row(0)}
    response = senco_client.post(reverse("support_plans:outcome_add", args=[plan.pk]), data)
    assert response.status_code == 302
    outcome = plan.outcomes.get()
    assert outcome.success_measure.startswith("Three sentences") and outcome.order == 1
    (support,) = outcome.provisions.all()
    assert (support.what, support.minutes, support.group_size, support.plan) == ("Writing frame group", 20, 4, plan)
    shown = page(senco_client.get(reverse("support_plans:plan", args=[plan.pk])))
    assert "Write three sentences about her weekend" in shown and "Writing frame group" in shown
    assert "Twice a week, 20 minutes each time" in shown


def test_an_outcome_without_a_measure_of_success_is_refused_keeping_what_was_typed(senco_client, pupil_a):
    plan = draft_plan(pupil_a, outcomes=0)
    data = {**OUTCOME, "success_measure": "", **management("provision", 1, 0), **provision_row(0)}
    response = senco_client.post(reverse("support_plans:outcome_add", args=[plan.pk]), data)
    assert response.status_code == 200
    text = page(response)
    assert "An outcome needs a measure of success" in text
    assert "Write three sentences about her weekend" in text and "Writing frame group" in text
    assert not PlanOutcome.objects.exists() and plan.provisions.count() == 1  # the one across the plan


def test_negative_minutes_and_groups_and_a_by_when_before_the_start_are_refused(senco_client, pupil_a):
    plan = draft_plan(pupil_a, outcomes=0)
    data = {
        **OUTCOME,
        "by_when": "2026-01-01",
        **management("provision", 1, 0),
        **provision_row(0, minutes="-20", group_size="0"),
    }
    text = page(senco_client.post(reverse("support_plans:outcome_add", args=[plan.pk]), data))
    assert "Choose a date on or after the day the plan starts (7 September 2026)." in text
    assert "A session lasts at least a minute." in text
    assert "A group has at least one pupil: 1 means one-to-one." in text
    assert 'value="-20"' in text
    assert not PlanOutcome.objects.exists()


def test_support_needs_how_often_unless_it_follows_a_group(senco_client, pupil_a):
    plan = draft_plan(pupil_a, outcomes=0)
    data = {**OUTCOME, **management("provision", 1, 0), **provision_row(0, frequency="")}
    text = page(senco_client.post(reverse("support_plans:outcome_add", args=[plan.pk]), data))
    assert "Say how often, or choose the group whose timetable it follows." in text


def test_a_review_date_before_the_start_is_refused_keeping_what_was_typed(senco_client, pupil_a):
    plan = draft_plan(pupil_a, outcomes=0)
    data = {"starts_on": "2026-09-07", "review_on": "2026-09-01", "aspirations": "To be a vet"}
    response = senco_client.post(reverse("support_plans:edit", args=[plan.pk]), data)
    assert response.status_code == 200
    assert "The review date must be on or after the day the plan starts (7 September 2026)." in page(response)
    assert "To be a vet" in page(response)
    plan.refresh_from_db()
    assert plan.review_on == datetime.date(2026, 12, 4)


def test_provision_linked_to_a_group_shows_the_groups_timetable_as_it_changes(senco_client, pupil_a, senco):
    band = StaffCostBand.objects.create(name="TA level 2", hourly_rate="18.50")
    group = InterventionGroup.objects.create(
        intervention=Intervention.objects.create(name="Talk Boost", cost_band=band, wave=Wave.SMALL_GROUP),
        name="Year 5, Mondays",
        room="Library",
        starts_on=datetime.date(2026, 9, 7),
        ends_on=datetime.date(2026, 12, 18),
    )
    session = GroupSession.objects.create(group=group, weekday=0, starts_at=datetime.time(9, 10), minutes=20)
    GroupPlace.objects.create(group=group, pupil=pupil_a, joined_on=datetime.date(2026, 9, 7))
    plan = draft_plan(pupil_a, outcomes=0)
    data = {**OUTCOME, **management("provision", 1, 0), **provision_row(0, group=str(group.pk), frequency="")}
    assert senco_client.post(reverse("support_plans:outcome_add", args=[plan.pk]), data).status_code == 302
    cycle.finalise(plan, senco)
    url = reverse("support_plans:plan", args=[plan.pk])
    assert "Monday 9:10am, 20 minutes" in page(senco_client.get(url))
    # The group moves to Tuesday: the finalised plan shows the group's timetable as it is now.
    session.weekday, session.minutes = 1, 30
    session.save()
    text = page(senco_client.get(url))
    assert "Tuesday 9:10am, 30 minutes" in text and "Talk Boost: Year 5, Mondays, Library" in text


def test_only_groups_the_pupil_is_in_can_be_linked(senco_client, pupil_a, pupil_b):
    band = StaffCostBand.objects.create(name="TA", hourly_rate="18")
    other = InterventionGroup.objects.create(
        intervention=Intervention.objects.create(name="Lego therapy", cost_band=band),
        name="Year 8",
        starts_on=datetime.date(2026, 9, 7),
        ends_on=datetime.date(2026, 12, 18),
    )
    GroupPlace.objects.create(group=other, pupil=pupil_b)
    plan = draft_plan(pupil_a, outcomes=0)
    data = {**OUTCOME, **management("provision", 1, 0), **provision_row(0, group=str(other.pk))}
    text = page(senco_client.post(reverse("support_plans:outcome_add", args=[plan.pk]), data))
    assert "Select a valid choice" in text
    assert not PlanOutcome.objects.exists()


def test_support_across_the_plan_can_be_given_to_an_outcome(senco_client, pupil_a):
    plan = draft_plan(pupil_a, outcomes=1)
    (whole,) = plan.provisions.filter(outcome__isnull=True)
    outcome = plan.outcomes.get()
    data = {
        **management("provision", 2, 1),
        "provision-0-id": str(whole.pk),
        **provision_row(0, what=whole.what, outcome=str(outcome.pk), wave="1"),
        **provision_row(1, what="", frequency="", minutes="", group_size="1", wave="2", setting="in_class"),
    }
    response = senco_client.post(reverse("support_plans:support", args=[plan.pk]), data)
    assert response.status_code == 302, page(response)
    whole.refresh_from_db()
    assert whole.outcome == outcome


# Tampering


def test_another_pupils_provision_posted_in_a_plans_form_is_refused_in_words(senco_client, pupil_a, pupil_b):
    mine = draft_plan(pupil_a, outcomes=1)
    theirs = draft_plan(pupil_b, outcomes=1)
    their_provision = theirs.provisions.filter(outcome__isnull=False).first()
    outcome = mine.outcomes.get()
    data = {
        **OUTCOME,
        **management("provision", 1, 1),
        "provision-0-id": str(their_provision.pk),
        **provision_row(0, what="Taken over"),
    }
    response = senco_client.post(reverse("support_plans:outcome_edit", args=[outcome.pk]), data)
    assert response.status_code == 400
    assert "Nothing was saved" in page(response)
    their_provision.refresh_from_db()
    assert their_provision.what != "Taken over" and their_provision.plan == theirs


def test_another_plans_outcome_chosen_for_support_is_refused(senco_client, pupil_a, pupil_b):
    mine = draft_plan(pupil_a, outcomes=0)
    theirs = draft_plan(pupil_b, outcomes=1)
    data = {**management("provision", 2, 1), "provision-0-id": str(mine.provisions.get().pk)}
    data |= provision_row(0, outcome=str(theirs.outcomes.get().pk))
    data |= provision_row(1, what="", frequency="", minutes="", group_size="1", setting="in_class")
    response = senco_client.post(reverse("support_plans:support", args=[mine.pk]), data)
    assert response.status_code == 200
    assert "Select a valid choice" in page(response)


def test_a_review_posting_more_results_than_outcomes_is_refused(senco_client, pupil_a, senco):
    plan = finalised_plan(pupil_a, senco, outcomes=1)
    data = {"held_on": "2026-12-03", "held_by": str(senco.pk), **management("result", 2, 0)}
    response = senco_client.post(reverse("support_plans:review", args=[plan.pk]), data)
    assert response.status_code == 400
    assert not hasattr(SupportPlan.objects.get(pk=plan.pk), "review")


def test_another_pupils_plan_is_not_found(client, teacher, pupil_b):
    plan = draft_plan(pupil_b)
    client.force_login(teacher)
    assert client.get(reverse("support_plans:plan", args=[plan.pk])).status_code == 404
    assert client.get(reverse("support_plans:pupil", args=[pupil_b.pk])).status_code == 404


# The lock, finalising and the review


def test_a_finalised_plan_cannot_be_edited_only_superseded(senco_client, pupil_a, senco):
    plan = finalised_plan(pupil_a, senco)
    outcome = plan.outcomes.first()
    data = {**OUTCOME, **management("provision", 0, 0)}
    response = senco_client.post(reverse("support_plans:outcome_edit", args=[outcome.pk]), data, follow=True)
    assert "Finalised plans cannot be edited, only superseded" in page(response)
    assert PlanOutcome.objects.get(pk=outcome.pk).description == outcome.description
    response = senco_client.post(reverse("support_plans:edit", args=[plan.pk]), {"aspirations": "x"}, follow=True)
    assert "Finalised plans cannot be edited, only superseded" in page(response)


def test_finalising_locks_the_draft_and_replaces_the_current_plan(senco_client, pupil_a, senco):
    first = finalised_plan(pupil_a, senco)
    draft = cycle.start_plan(pupil_a, senco)
    response = senco_client.post(reverse("support_plans:finalise", args=[draft.pk]), follow=True)
    assert "Version 2 is finalised: it is now the current plan, locked. Version 1 is kept" in page(response)
    first.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED
    old = page(senco_client.get(reverse("support_plans:plan", args=[first.pk])))
    assert "Replaced by a later version" in old and "Edit the outcome" not in old


def test_a_draft_without_outcomes_is_not_finalised_and_says_why(senco_client, pupil_a):
    plan = draft_plan(pupil_a, outcomes=0)
    response = senco_client.post(reverse("support_plans:finalise", args=[plan.pk]), follow=True)
    assert "Not finalised yet. Add at least one outcome" in page(response)
    assert SupportPlan.objects.get(pk=plan.pk).is_draft


def test_the_review_records_each_result_and_drafts_the_next_version(senco_client, pupil_a, senco):
    plan = finalised_plan(pupil_a, senco, outcomes=2)
    form = senco_client.get(reverse("support_plans:review", args=[plan.pk]))
    assert "Outcome 1: read 30 common words by sight." in page(form)
    data = {
        "held_on": plan.starts_on.isoformat(),
        "held_by": str(senco.pk),
        "notes": "Mum came; Amelia showed us her word cards.",
        **management("result", 2, 0),
        "result-0-evidence": "Reads all 30 words.",
        "result-0-result": Result.MET,
        "result-0-carry": "",
        "result-1-evidence": "Reads 20 of 30.",
        "result-1-result": Result.PARTLY_MET,
        "result-1-next_steps": "Add a daily five minutes with the TA.",
        "result-1-carry": "",
    }
    response = senco_client.post(reverse("support_plans:review", args=[plan.pk]), data, follow=True)
    assert "Version 2 is drafted from it, with 1 outcome carried forward" in page(response)
    draft = SupportPlan.objects.get(pupil=pupil_a, status=PlanStatus.DRAFT)
    (carried,) = draft.outcomes.all()
    assert carried.carried_from.result.result == Result.PARTLY_MET and carried.baseline == "Reads 20 of 30."
    reviewed = page(senco_client.get(reverse("support_plans:plan", args=[plan.pk])))
    assert "At the review: partly met" in reviewed and "Add a daily five minutes with the TA." in reviewed
    assert "Mum came; Amelia showed us her word cards." in reviewed


def test_a_review_without_evidence_or_result_is_refused_keeping_what_was_typed(senco_client, pupil_a, senco):
    plan = finalised_plan(pupil_a, senco, outcomes=2)
    data = {
        "held_on": (plan.starts_on - datetime.timedelta(days=1)).isoformat(),
        "held_by": str(senco.pk),
        "notes": "Dad came",
        **management("result", 2, 0),
        "result-0-evidence": "",
        "result-0-result": Result.MET,
        "result-1-evidence": "Reads 20 of 30.",
    }
    response = senco_client.post(reverse("support_plans:review", args=[plan.pk]), data)
    text = page(response)
    assert response.status_code == 200
    assert "The review cannot be before the plan started" in text
    assert "Say what the evidence is" in text and "Choose whether it was met" in text
    assert "Reads 20 of 30." in text and "Dad came" in text
    assert SupportPlan.objects.filter(pupil=pupil_a).count() == 1


def test_a_review_date_still_to_come_is_refused(senco_client, pupil_a, senco):
    plan = finalised_plan(pupil_a, senco, outcomes=1, starts_on=datetime.date(2026, 1, 5))
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    data = {"held_on": tomorrow.isoformat(), "held_by": str(senco.pk), **management("result", 1, 0)}
    text = page(senco_client.post(reverse("support_plans:review", args=[plan.pk]), data))
    assert "this date is still to come" in text


# Who sees what


def test_a_teacher_reads_the_plan_but_is_offered_no_changes(client, teacher, pupil_a, senco):
    plan = finalised_plan(pupil_a, senco)
    draft = cycle.start_plan(pupil_a, senco)
    client.force_login(teacher)
    text = page(client.get(reverse("support_plans:pupil", args=[pupil_a.pk])))
    assert "Outcome 1: read 30 common words by sight." in text and "Version 2 is being written" in text
    for offer in ("Record the review", "Start a new version", "Finalise"):
        assert offer not in text
    assert "Edit the outcome" not in page(client.get(reverse("support_plans:plan", args=[draft.pk])))
    assert client.post(reverse("support_plans:finalise", args=[draft.pk])).status_code == 403
    assert client.get(reverse("support_plans:review", args=[plan.pk])).status_code == 403


def test_the_pupils_page_shows_the_plan_in_place_of_targets_and_provision(client, teacher, pupil_a, senco):
    OutcomeFactory(pupil=pupil_a, description="An old target")
    client.force_login(teacher)
    before = page(client.get(reverse("pupils:pupil_detail", args=[pupil_a.pk])))
    assert "Targets recorded before plans" in before and "An old target" in before and "No plan yet" in before
    finalised_plan(pupil_a, senco)
    after = page(client.get(reverse("pupils:pupil_detail", args=[pupil_a.pk])))
    assert "SEN support plan" in after and "Outcome 1: read 30 common words by sight." in after
    assert "Targets recorded before plans" not in after and "An old target" not in after
    assert reverse("support_plans:pupil", args=[pupil_a.pk]) in after


def test_looking_at_a_plan_is_in_the_access_log(client, teacher, pupil_a, senco):
    plan = finalised_plan(pupil_a, senco)
    client.force_login(teacher)
    client.get(reverse("support_plans:plan", args=[plan.pk]))
    entry = AccessLogEntry.objects.get(pupil=pupil_a)
    assert entry.user == teacher and entry.what == "SEN support plan, version 1 (current plan)"


# Queries


def test_the_plan_pages_cost_the_same_queries_however_many_outcomes(
    senco_client, pupil_a, senco, django_assert_max_num_queries
):
    small = finalised_plan(pupil_a, senco, outcomes=1)
    cycle.start_plan(pupil_a, senco)
    big = finalised_plan(None, senco, outcomes=8)
    counts = {}
    for plan in (small, big):
        for name, args in (("support_plans:pupil", [plan.pupil_id]), ("support_plans:plan", [plan.pk])):
            with django_assert_max_num_queries(20) as queries:
                assert senco_client.get(reverse(name, args=args)).status_code == 200
            counts.setdefault(name, []).append(len(queries))
    assert counts["support_plans:pupil"][0] == counts["support_plans:pupil"][1]
    assert counts["support_plans:plan"][0] == counts["support_plans:plan"][1]


def test_a_version_of_the_plan_is_read_with_the_others_in_at_most_ten_queries(senco_client, pupil_a, senco):
    from common.tests.page_queries import queries_after_a_first_request

    first = finalised_plan(pupil_a, senco, outcomes=2)
    cycle.finalise(cycle.start_plan(pupil_a, senco), senco)
    cycle.start_plan(pupil_a, senco)
    url = reverse("support_plans:plan", args=[first.pk])

    queries = queries_after_a_first_request(senco_client, url)
    # Issue 24's target, the session and sign-in included (the test's own transaction adds savepoints: not counted).
    assert len([sql for sql in queries if "SAVEPOINT" not in sql]) <= 10
    shown = page(senco_client.get(url))
    assert '<strong aria-current="page">Version 1</strong>' in shown
    assert "Version 2</a>" in shown and "Version 3</a>" in shown
