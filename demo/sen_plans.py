"""The demo school's SEN support plans: every pupil on SEN support with targets being worked towards has a current
plan, started from their targets and support as the SENCO would start it, written in full (hopes, needs, views,
each outcome's starting point, measure and what the family does at home), with the intervention groups they are in
this term as provision (the groups' timetables show on the plan), and reviews spread over the coming weeks.

Some families show the rest of the cycle:
- Oliver Thompson (the demo parent's son): his first plan was sent to his parents and reviewed three weeks ago; the
  second, drafted from that review, is agreed, so the portal shows how the last plan went.
- Maisie Thompson: her review is in ten days; the plan went to both parents four days ago (two weeks before the
  review) and Sarah (the demo parent) commented in the portal, which told the SENCO: the plan's page and the review
  page show it.
- One pupil reviewed last week whose next version is still a draft, waiting for the SENCO to finish it.
- One pupil whose review is two weeks away: the plan went to the parents on the last school day (a family who gets
  letters: its copy waits on the office's letters to print, with the plan to enclose).

Plans are made through the plans' own rules (`support_plans.cycle`); messages through plan_comments, composed as
they were sent. The words are in content/support_plans.json. Safe to run again: if any plan exists, nothing is added.
"""

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from demo import content
from notices.channels import channel_choice
from notices.content import compose, keep_no_secrets
from notices.models import Channel, Message, MessageStatus
from plan_comments import comments
from plan_comments.models import PlanCommentReminder
from plan_comments.sending import due_on, plan_for_review
from provision.models import GroupPlace
from pupils.models import ParentCarer, ProvisionSetting, Pupil, SenStatus
from school.calendar import is_school_day, next_school_day, previous_school_day
from support_plans import cycle
from support_plans.models import PlanProvision, PlanStatus, Result, SupportPlan

SEED = 2027
WORDS = content.words("support_plans")
A_TERM = timedelta(weeks=12)


def school_day_on_or_after(day: date) -> date:
    return day if is_school_day(day) else next_school_day(day)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class PlanWriter:
    def __init__(self, senco: User, today: date):
        self.senco, self.today, self.rng = senco, today, random.Random(SEED)
        self.created: Counter[str] = Counter()

    def pick(self, pool: list[str], pupil: Pupil) -> str:
        ta = next(iter(pupil.teaching_assistants.all()), None)
        return self.rng.choice(pool).format(first=pupil.first_name, ta=ta.get_full_name() if ta else "the TA")

    def area(self, pupil: Pupil) -> str:
        return content.AREA.get(pupil.primary_need, "learning")

    def draft(self, pupil: Pupil, starts_on: date, review_on: date) -> SupportPlan | None:
        """The pupil's first plan, from their targets and support, written in full; None without targets."""
        plan = cycle.start_plan(pupil, self.senco, today=starts_on)
        if not plan.outcomes.exists():
            cycle.discard_draft(plan)
            return None
        self.write_words(plan, starts_on, review_on)
        return plan

    def write_words(self, plan: SupportPlan, starts_on: date, review_on: date) -> None:
        pupil, area = plan.pupil, self.area(plan.pupil)
        plan.starts_on, plan.review_on = starts_on, review_on
        plan.aspirations = self.pick(WORDS["aspirations"][area], pupil)
        plan.needs = self.pick(WORDS["needs"][area], pupil)
        plan.child_views = self.pick(WORDS["child_views"], pupil)
        plan.parent_views = self.pick(WORDS["parent_views"], pupil)
        plan.barriers = self.pick(WORDS["barriers"], pupil)
        plan.feedback_arrangements = self.pick(WORDS["feedback"], pupil)
        plan.save()
        for outcome in plan.outcomes.all():
            outcome.baseline = outcome.baseline or self.pick(WORDS["baselines"], pupil)
            outcome.measured_how = outcome.measured_how or self.pick(WORDS["measured_how"], pupil)
            outcome.home_actions = outcome.home_actions or self.pick(WORDS["home_actions"], pupil)
            outcome.by_when = review_on
            outcome.save()
        self.add_groups(plan)

    def add_groups(self, plan: SupportPlan) -> None:
        """The intervention groups the pupil is in now, as the plan's provision for its first outcome."""
        outcome = plan.outcomes.order_by("order", "pk").first()
        already = set(plan.provisions.exclude(group=None).values_list("group", flat=True))
        places = GroupPlace.objects.filter(pupil=plan.pupil, left_on=None, group__ends_on__gte=self.today)
        for place in places.select_related("group__intervention", "group__led_by").exclude(group__in=already):
            group, intervention = place.group, place.group.intervention
            sessions = list(group.sessions.all())
            PlanProvision.objects.create(
                plan=plan,
                outcome=outcome,
                what=intervention.name,
                frequency=f"{len(sessions)} times a week" if len(sessions) != 1 else "Once a week",
                minutes=sessions[0].minutes if sessions else None,
                group_size=intervention.group_size,
                staff=group.led_by,
                setting=ProvisionSetting.WITHDRAWN,
                wave=intervention.wave,
                group=group,
            )
            self.created["plan provision in intervention groups"] += 1

    def agree(self, plan: SupportPlan, on: date) -> SupportPlan:
        """Finalised as on `on` (the dates a reader sees are that day's)."""
        plan = cycle.finalise(plan, self.senco)
        SupportPlan.objects.filter(pk=plan.pk).update(finalised_at=at(on, 16), created_at=at(on, 9))
        SupportPlan.objects.filter(pupil=plan.pupil, status=PlanStatus.SUPERSEDED, superseded_at__isnull=False).filter(
            superseded_at__gt=at(on, 16)
        ).update(superseded_at=at(on, 16))
        self.created["SEN support plans agreed"] += 1
        return plan

    def send(self, plan: SupportPlan, on: date, printed: bool = True) -> list[Message]:
        """The plan's messages to the parents, planned as they were then and sent on `on`, as the worker sent them."""
        messages = plan_for_review(plan, now=at(on, 8))
        # Planned when the plan was agreed (today, in the demo's making) for a moment since passed: not a real row.
        Message.objects.filter(support_plan=plan, status=MessageStatus.CANCELLED, sent_at=None).delete()
        for message in messages:
            message.refresh_from_db()
            compose(message)
            keep_no_secrets(message)
            message.status, message.attempts = MessageStatus.SENT, 1
            message.sent_at = message.due_at + timedelta(minutes=1)
            if message.channel == Channel.LETTER and printed:
                message.printed_at = at(on + timedelta(days=1), 9)
            message.save()
            self.created["plans sent to parents"] += 1
        return messages

    def review(self, plan: SupportPlan, held_on: date) -> SupportPlan:
        """The review of the plan held on `held_on`: the first outcome met, the others partly met or not; the next
        version drafted from it."""
        pupil = plan.pupil
        results = []
        for n, outcome in enumerate(plan.outcomes.order_by("order", "pk")):
            result = Result.MET if n == 0 else self.rng.choice([Result.PARTLY_MET, Result.PARTLY_MET, Result.NOT_MET])
            key = {Result.MET: "met", Result.PARTLY_MET: "partly", Result.NOT_MET: "not_met"}[result]
            results.append(cycle.ResultGiven(outcome, WORDS["evidence"][key], result, WORDS["next_steps"][key]))
        notes = self.pick(WORDS["review_notes"], pupil)
        _, draft = cycle.record_review(
            plan, held_on=held_on, held_by=self.senco, notes=notes, results=results, user=self.senco
        )
        self.created["plan reviews"] += 1
        return draft


def recipients_of(pupil: Pupil) -> list[ParentCarer]:
    return [link.parent for link in pupil.parent_links.all() if link.has_parental_responsibility]


def build_demo_plans(senco: User, today: date | None = None) -> Counter:
    today = today or timezone.localdate()
    if SupportPlan.objects.exists():
        return Counter()
    writer = PlanWriter(senco, today)
    pupils = list(
        Pupil.objects.on_register()
        .filter(sen_status=SenStatus.SEN_SUPPORT)
        .prefetch_related("teaching_assistants", "parent_links__parent")
        .order_by("upn")
    )
    thompsons = {p.first_name: p for p in pupils if p.legal_last_name == "Thompson"}
    showcase = [thompsons.get("Oliver"), thompsons.get("Maisie")]
    others = [p for p in pupils if p not in showcase]
    with transaction.atomic():
        if showcase[0]:
            _reviewed_and_agreed_again(writer, showcase[0])
        if showcase[1]:
            _commented_on(writer, showcase[1])
        told = [p for p in others if recipients_of(p)]  # pupils with someone to send the plan to
        by_letter = [p for p in told if any(channel_choice(parent) == Channel.LETTER for parent in recipients_of(p))]
        went_yesterday = _due_in_two_weeks(writer, by_letter + told)
        reviewed_with_draft = _reviewed_with_a_draft(writer, [p for p in told if p != went_yesterday])
        rest = [p for p in others if p not in (reviewed_with_draft, went_yesterday)]
        for n, pupil in enumerate(rest):
            review_on = school_day_on_or_after(today + timedelta(days=20 + (n * 7) % 56))
            starts_on = review_on - A_TERM
            plan = writer.draft(pupil, starts_on, review_on)
            if plan:
                writer.agree(plan, min(starts_on, today))
    return writer.created


def _reviewed_and_agreed_again(writer: PlanWriter, pupil: Pupil) -> None:
    """Oliver: a plan sent and reviewed three weeks ago; the next one agreed since."""
    today = writer.today
    held_on = previous_school_day(today - timedelta(days=20))
    first = writer.draft(pupil, held_on - A_TERM, held_on)
    if first is None:
        return
    first = writer.agree(first, held_on - A_TERM)
    writer.send(first, due_on(held_on))
    second = writer.review(first, held_on)
    writer.write_words(second, held_on, cycle.a_term_after(held_on))
    writer.agree(second, held_on + timedelta(days=6))


def _commented_on(writer: PlanWriter, pupil: Pupil) -> None:
    """Maisie: the review in ten days; the plan went two weeks before it, and Sarah commented in the portal two days
    ago, which told the SENCO."""
    today = writer.today
    review_on = school_day_on_or_after(today + timedelta(days=10))
    plan = writer.draft(pupil, review_on - A_TERM, review_on)
    if plan is None:
        return
    plan = writer.agree(plan, review_on - A_TERM)
    writer.send(plan, due_on(review_on))
    sarah = ParentCarer.objects.filter(user__email=f"parent@{content.STAFF_DOMAIN}").first()
    if sarah is None:
        return
    said = WORDS["comment"]
    comment, _ = comments.record(plan, said, parent=sarah, through_portal=True, now=at(today - timedelta(days=2), 20))
    PlanCommentReminder.objects.filter(comment=comment).update(
        status="sent", sent_at=at(today - timedelta(days=2), 20, 1)
    )
    writer.created["comments from parents"] += 1


def _reviewed_with_a_draft(writer: PlanWriter, pupils: list[Pupil]) -> Pupil | None:
    """A pupil reviewed last week, whose next version the SENCO is still writing."""
    held_on = previous_school_day(writer.today - timedelta(days=5))
    for pupil in pupils:
        plan = writer.draft(pupil, held_on - A_TERM, held_on)
        if plan is None:
            continue
        plan = writer.agree(plan, held_on - A_TERM)
        writer.send(plan, due_on(held_on))
        writer.review(plan, held_on)
        writer.created["next plans being written"] += 1
        return pupil
    return None


def _due_in_two_weeks(writer: PlanWriter, pupils: list[Pupil]) -> Pupil | None:
    """A pupil whose review is two weeks away: the plan went to the parents on the last school day."""
    sent_on = previous_school_day(writer.today)
    review_on = school_day_on_or_after(sent_on + timedelta(days=14))
    while due_on(review_on) >= writer.today:
        review_on = previous_school_day(review_on)
    for pupil in pupils:
        plan = writer.draft(pupil, review_on - A_TERM, review_on)
        if plan is None:
            continue
        plan = writer.agree(plan, review_on - A_TERM)
        writer.send(plan, due_on(review_on), printed=False)
        return pupil
    return None
