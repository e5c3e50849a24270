"""Each pupil's targets and provision, as recorded before plans, become their first SEN support plan.

They were already agreed with the family and shown to the parents, so the plan is version 1 and finalised (current).
It starts on the earliest day a target was set or a provision began; its review date is the latest review date of
the targets still being worked towards, or a term (twelve weeks) on where none is. Every target is kept, finished or
not: those achieved, partly achieved, not achieved or no longer needed keep what had become of them
(`status_before_plans`), so the plan shows them as done before plans and its first review starts from their result.
Each outcome and provision keeps a link to the target or provision it came from (its progress notes and meeting
reviews stay there), and each new row's history says where it came from. Provision keeps its intervention, frequency, group size, staff, setting and dates; one-to-one
provision is wave 3, the rest wave 2. Pupils who already have a plan are left alone, so running it again adds nothing.
"""

from collections import defaultdict
from datetime import timedelta

from django.db import migrations
from django.utils import timezone

A_TERM = timedelta(weeks=12)
OPEN = "in_progress"
WHY = "From the targets and provision recorded before plans"


def record_creation(apps, model_name: str, rows, when) -> None:
    """Each new row's 'created' entry in its history, as saving it one by one would have written."""
    History = apps.get_model("support_plans", f"Historical{model_name}")
    names = [field.attname for field in apps.get_model("support_plans", model_name)._meta.concrete_fields]
    History.objects.bulk_create(
        (
            History(
                **{name: getattr(row, name) for name in names},
                history_date=when,
                history_type="+",
                history_change_reason=WHY,
            )
            for row in rows
        ),
        batch_size=500,
    )


def first_plans(apps, schema_editor):
    Outcome = apps.get_model("pupils", "Outcome")
    Provision = apps.get_model("pupils", "Provision")
    SupportPlan = apps.get_model("support_plans", "SupportPlan")
    PlanOutcome = apps.get_model("support_plans", "PlanOutcome")
    PlanProvision = apps.get_model("support_plans", "PlanProvision")

    targets, provisions = defaultdict(list), defaultdict(list)
    for target in Outcome.objects.order_by("review_date", "pk"):
        targets[target.pupil_id].append(target)
    for provision in Provision.objects.order_by("start_date", "pk"):
        provisions[provision.pupil_id].append(provision)
    have_plans = set(SupportPlan.objects.values_list("pupil_id", flat=True))
    pupils = sorted((set(targets) | set(provisions)) - have_plans)
    if not pupils:
        return

    now = timezone.now()
    plans = []
    for pupil_id in pupils:
        starts = [timezone.localtime(t.created_at).date() for t in targets[pupil_id]]
        starts += [p.start_date for p in provisions[pupil_id]]
        starts_on = min(starts)
        open_reviews = [t.review_date for t in targets[pupil_id] if t.status == OPEN]
        review_on = max(open_reviews) if open_reviews else starts_on + A_TERM
        plans.append(
            SupportPlan(
                pupil_id=pupil_id,
                number=1,
                status="finalised",
                starts_on=starts_on,
                review_on=max(review_on, starts_on),
                finalised_at=now,
            )
        )
    SupportPlan.objects.bulk_create(plans)
    plans = list(SupportPlan.objects.filter(pupil_id__in=pupils, number=1))
    record_creation(apps, "SupportPlan", plans, now)
    plan_of = {plan.pupil_id: plan.pk for plan in plans}

    outcomes = []
    for pupil_id in pupils:
        # Those still being worked towards first, by review date; then those finished before plans.
        in_order = sorted(targets[pupil_id], key=lambda t: (t.status != OPEN, t.review_date, t.pk))
        for position, target in enumerate(in_order, start=1):
            outcomes.append(
                PlanOutcome(
                    plan_id=plan_of[pupil_id],
                    order=position,
                    description=target.description,
                    success_measure=target.success_measure,
                    who_helps=target.who_helps,
                    by_when=target.review_date,
                    former_target_id=target.pk,
                    status_before_plans=target.status,
                )
            )
    PlanOutcome.objects.bulk_create(outcomes, batch_size=500)
    record_creation(apps, "PlanOutcome", PlanOutcome.objects.filter(plan_id__in=plan_of.values()), now)

    PlanProvision.objects.bulk_create(
        (
            PlanProvision(
                plan_id=plan_of[pupil_id],
                what=provision.intervention,
                frequency=provision.frequency,
                group_size=provision.group_size,
                staff_id=provision.staff_id,
                setting=provision.setting,
                wave=3 if provision.group_size == 1 else 2,
                starts_on=provision.start_date,
                ends_on=provision.end_date,
                former_provision_id=provision.pk,
            )
            for pupil_id in pupils
            for provision in provisions[pupil_id]
        ),
        batch_size=500,
    )
    record_creation(apps, "PlanProvision", PlanProvision.objects.filter(plan_id__in=plan_of.values()), now)


class Migration(migrations.Migration):
    dependencies = [
        ("support_plans", "0002_provision_waves_and_groups"),
        ("pupils", "0005_whole_school_from_the_mis"),
    ]

    # Undone, the plans stay: they may have been changed since, and doing it again skips pupils with a plan.
    operations = [migrations.RunPython(first_plans, migrations.RunPython.noop)]
