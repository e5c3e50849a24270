"""The data migration: each pupil's targets and provision from before plans become their first plan, nothing lost.

Runs the real migration on a database wound back to just before it, with data written as the old models held it.
"""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("support_plans", "0002_provision_waves_and_groups")]
AFTER = [("support_plans", "0003_first_plans_from_targets_and_provision")]


def on(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 30)))


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def old_school(apps):
    """Pupils as the register held them: targets open and finished, provision running and ended."""
    User = apps.get_model("accounts", "User")
    Pupil = apps.get_model("pupils", "Pupil")
    Outcome = apps.get_model("pupils", "Outcome")
    ProgressNote = apps.get_model("pupils", "ProgressNote")
    Provision = apps.get_model("pupils", "Provision")
    SupportPlan = apps.get_model("support_plans", "SupportPlan")
    ta = User.objects.create(email="ta@school.example", first_name="Priya", last_name="Patel", role="staff")

    def pupil(first: str):
        return Pupil.objects.create(
            legal_first_name=first,
            legal_last_name="Old",
            date_of_birth=datetime.date(2016, 5, 1),
            year_group=5,
            sen_status="K",
            added_to_register_on=datetime.date(2024, 9, 4),
        )

    def target(child, words, status, review, set_on):
        row = Outcome.objects.create(
            pupil=child,
            description=words,
            success_measure=f"We will know: {words}",
            who_helps="Mrs Patel and Mum",
            review_date=review,
            status=status,
        )
        Outcome.objects.filter(pk=row.pk).update(created_at=on(set_on))
        return row

    amelia = pupil("Amelia")
    reading = target(
        amelia, "Read 30 common words", "in_progress", datetime.date(2026, 12, 4), datetime.date(2025, 9, 15)
    )
    target(amelia, "Write her name", "achieved", datetime.date(2025, 12, 5), datetime.date(2024, 10, 1))
    target(amelia, "Use a pencil grip", "stopped", datetime.date(2025, 7, 1), datetime.date(2025, 1, 10))
    target(amelia, "Join in at circle time", "in_progress", datetime.date(2027, 2, 12), datetime.date(2026, 1, 5))
    ProgressNote.objects.create(outcome=reading, note="Knows 18 of them now.", noted_on=datetime.date(2026, 3, 1))
    Provision.objects.create(
        pupil=amelia,
        intervention="Precision teaching",
        frequency="4 times a week, 10 minutes",
        group_size=1,
        staff=ta,
        setting="withdrawn",
        start_date=datetime.date(2025, 9, 1),
    )
    Provision.objects.create(
        pupil=amelia,
        intervention="Fine motor group",
        frequency="Twice a week",
        group_size=5,
        setting="in_class",
        start_date=datetime.date(2024, 9, 20),
        end_date=datetime.date(2025, 3, 31),
    )

    ben = pupil("Ben")  # provision only
    Provision.objects.create(
        pupil=ben,
        intervention="Social skills group",
        frequency="Weekly",
        group_size=6,
        start_date=datetime.date(2026, 1, 12),
    )

    cara = pupil("Cara")  # every target finished
    target(cara, "Count to 20", "achieved", datetime.date(2025, 12, 1), datetime.date(2025, 9, 10))

    pupil("Dan")  # nothing recorded: no plan

    ella = pupil("Ella")  # a plan already (written before this ran): left alone
    target(ella, "Something old", "in_progress", datetime.date(2026, 12, 1), datetime.date(2026, 1, 1))
    SupportPlan.objects.create(
        pupil=ella, number=1, status="draft", starts_on=datetime.date(2026, 9, 1), review_on=datetime.date(2026, 12, 1)
    )
    return ta


def test_each_pupils_targets_and_provision_become_their_first_finalised_plan(executor):
    ta = old_school(executor.loader.project_state(BEFORE).apps)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    SupportPlan = apps.get_model("support_plans", "SupportPlan")
    PlanOutcome = apps.get_model("support_plans", "PlanOutcome")

    plans = {plan.pupil.legal_first_name: plan for plan in SupportPlan.objects.select_related("pupil")}
    assert set(plans) == {"Amelia", "Ben", "Cara", "Ella"}

    amelia = plans["Amelia"]
    assert (amelia.number, amelia.status) == (1, "finalised")
    assert amelia.finalised_at is not None
    # From the earliest target set or provision begun, to the latest review of a target still open.
    assert amelia.starts_on == datetime.date(2024, 9, 20)
    assert amelia.review_on == datetime.date(2027, 2, 12)
    outcomes = list(PlanOutcome.objects.filter(plan=amelia).order_by("order").select_related("former_target"))
    assert [(o.description, o.status_before_plans) for o in outcomes] == [
        ("Read 30 common words", "in_progress"),
        ("Join in at circle time", "in_progress"),
        ("Use a pencil grip", "stopped"),
        ("Write her name", "achieved"),
    ]
    reading = outcomes[0]
    assert reading.success_measure == "We will know: Read 30 common words"
    assert reading.who_helps == "Mrs Patel and Mum"
    assert reading.by_when == datetime.date(2026, 12, 4)
    assert reading.former_target.description == "Read 30 common words"
    assert [n.note for n in reading.former_target.progress_notes.all()] == ["Knows 18 of them now."]
    provisions = {p.what: p for p in amelia.provisions.all()}
    teaching, motor = provisions["Precision teaching"], provisions["Fine motor group"]
    assert (teaching.frequency, teaching.group_size, teaching.staff_id, teaching.setting, teaching.wave) == (
        "4 times a week, 10 minutes",
        1,
        ta.pk,
        "withdrawn",
        3,
    )
    assert teaching.outcome_id is None and teaching.former_provision.intervention == "Precision teaching"
    assert (motor.wave, motor.starts_on, motor.ends_on) == (2, datetime.date(2024, 9, 20), datetime.date(2025, 3, 31))

    ben = plans["Ben"]
    assert not PlanOutcome.objects.filter(plan=ben).exists()
    assert [p.what for p in ben.provisions.all()] == ["Social skills group"]
    assert ben.review_on == datetime.date(2026, 1, 12) + datetime.timedelta(weeks=12)

    cara = plans["Cara"]  # nothing open: a term after the start
    assert cara.review_on == datetime.date(2025, 9, 10) + datetime.timedelta(weeks=12)
    assert [o.status_before_plans for o in PlanOutcome.objects.filter(plan=cara)] == ["achieved"]

    assert plans["Ella"].status == "draft" and not PlanOutcome.objects.filter(plan=plans["Ella"]).exists()

    HistoricalSupportPlan = apps.get_model("support_plans", "HistoricalSupportPlan")
    created = HistoricalSupportPlan.objects.get(id=amelia.pk)
    assert (created.history_type, created.history_change_reason, created.status) == (
        "+",
        "From the targets and provision recorded before plans",
        "finalised",
    )
    assert apps.get_model("support_plans", "HistoricalPlanOutcome").objects.filter(plan_id=amelia.pk).count() == 4
    assert apps.get_model("support_plans", "HistoricalPlanProvision").objects.filter(plan_id=amelia.pk).count() == 2

    # Run again: nothing more.
    migration = importlib.import_module("support_plans.migrations.0003_first_plans_from_targets_and_provision")
    migration.first_plans(apps, None)
    assert SupportPlan.objects.count() == 4 and PlanOutcome.objects.count() == 5
