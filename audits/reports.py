"""Two summaries built from the audit and the register: the handover for a new SENCO, and the anonymous figures for
the governors' annual report to parents.

Seed 004: "When changes of staff occur (particularly the SENCo) the audit and points for action need to be discussed
with those taking over responsibility." The handover is that conversation's page.

The governors' figures are published to parents, so no child may be identifiable: every count of pupils or families
under 5 shows as "fewer than 5" (the head's register figures in pupils/figures.py use 3; a published report needs
more), and where a total would let a reader work out the one hidden count, the next smallest count is hidden too.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, QuerySet

from meetings.compliance import MEETINGS_A_YEAR, Pace
from meetings.dashboard import family_counts, family_lines
from provision.figures import Line, provision_map, year_period
from pupils.models import AreaOfNeed, Pupil, SenStatus, YearGroup
from school.years import AcademicYear, academic_year_of

from .comparison import Change, compare
from .models import AgreedPosition, Audit, AuditAction, AuditSection, ParentQuestionnaire, Rating
from .questionnaire import Reach, reach

# The headline of an audit


@dataclass
class SectionHeadline:
    """How many of a section's questions the school agreed are in place, partly in place or not yet."""

    section: AuditSection
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Rating.values, 0))
    not_rated: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.not_rated

    def rows(self) -> list[tuple[str, int]]:
        return [(label, self.counts[value]) for value, label in Rating.choices]


def headline(audit: Audit) -> list[SectionHeadline]:
    """Per section of the audit's scope, the agreed ratings (two queries)."""
    ratings = dict(AgreedPosition.objects.filter(audit=audit).values_list("question_id", "rating"))
    sections: dict[int, SectionHeadline] = {}
    for question in audit.questions_in_scope():
        line = sections.setdefault(question.section_id, SectionHeadline(question.section))
        rating = ratings.get(question.pk)
        if rating in line.counts:
            line.counts[rating] += 1
        else:
            line.not_rated += 1
    return list(sections.values())


def headline_totals(sections: list[SectionHeadline]) -> SectionHeadline:
    total = SectionHeadline(section=None)
    for line in sections:
        for rating, count in line.counts.items():
            total.counts[rating] += count
        total.not_rated += line.not_rated
    return total


# The handover


@dataclass
class QuestionnaireState:
    questionnaire: ParentQuestionnaire
    questions: int
    reach: Reach


@dataclass
class Handover:
    audit: Audit | None
    sections: list[SectionHeadline]
    totals: SectionHeadline | None
    open_actions: QuerySet[AuditAction]
    overdue: int
    questionnaire: QuestionnaireState | None
    today: date

    @property
    def review_is_overdue(self) -> bool:
        return self.audit is not None and self.audit.review_on < self.today


def questionnaire_state(audit: Audit) -> QuestionnaireState | None:
    questionnaire = ParentQuestionnaire.objects.filter(audit=audit).first()
    if questionnaire is None:
        return None
    return QuestionnaireState(questionnaire, questionnaire.questions.count(), reach(questionnaire))


def handover(today: date) -> Handover:
    """The last audit, its headline, every open action (from any audit) and the parents' questionnaire."""
    audit = Audit.objects.select_related("created_by", "started_from").prefetch_related("sections").first()
    sections = headline(audit) if audit else []
    open_actions = AuditAction.objects.open().select_related("owner", "question__section", "audit").order_by("due_on")
    return Handover(
        audit=audit,
        sections=sections,
        totals=headline_totals(sections) if audit else None,
        open_actions=open_actions,
        overdue=open_actions.filter(due_on__lt=today).count(),
        questionnaire=questionnaire_state(audit) if audit else None,
        today=today,
    )


# Anonymous figures for the governors

SMALLEST_SHOWN = 5
FEWER = f"fewer than {SMALLEST_SHOWN}"
HIDDEN = "not shown"  # a count hidden only so that a smaller one cannot be worked out from the total


def shown(count: int) -> str:
    return FEWER if 0 < count < SMALLEST_SHOWN else str(count)


def suppressed(rows: list[tuple[str, int]]) -> list[tuple[str, str]]:
    """Each row's count as it may be published, knowing the total of the rows is published too.

    With exactly one small count hidden, total minus the rest would give it away: the smallest other count above
    zero is hidden as well ("not shown"). With two or more hidden, no single one can be worked out.
    """
    hidden = {index for index, (_, count) in enumerate(rows) if 0 < count < SMALLEST_SHOWN}
    also_hidden = None
    if len(hidden) == 1 and sum(count for _, count in rows) >= SMALLEST_SHOWN:
        others = [(count, index) for index, (_, count) in enumerate(rows) if index not in hidden and count > 0]
        if others:
            also_hidden = min(others)[1]
    return [(label, HIDDEN if index == also_hidden else shown(count)) for index, (label, count) in enumerate(rows)]


# Phases: a year-group table in a small school is mostly "fewer than 5"; key stages say more and hide less.
PHASES = [
    ("Early years (nursery and reception)", range(-2, 1)),
    ("Key stage 1 (years 1 and 2)", range(1, 3)),
    ("Key stage 2 (years 3 to 6)", range(3, 7)),
    ("Key stage 3 (years 7 to 9)", range(7, 10)),
    ("Key stage 4 (years 10 and 11)", range(10, 12)),
    ("Post-16 (years 12 to 14)", range(12, 15)),
]
BY_PHASE, BY_YEAR = "phase", "year"


@dataclass
class GovernorsFigures:
    year: AcademicYear
    sen_support: str
    ehc_plan: str
    total: str
    by_need: list[tuple[str, str]]
    by_age: list[tuple[str, str]]
    by: str  # BY_PHASE or BY_YEAR
    meetings: dict
    audit: dict | None
    provision: dict | None = None

    @property
    def has_hidden(self) -> bool:
        rows = [self.sen_support, self.ehc_plan, *(c for _, c in self.by_need + self.by_age)]
        rows += [count for _, count in self.meetings["paces"]]
        if self.provision:
            rows += [row.pupils for row in self.provision["by_wave"] + self.provision["by_need"]]
        return HIDDEN in rows


def register_counts(pupils: QuerySet[Pupil], by: str) -> dict:
    """Pupils on SEN support or with an EHC plan: by status, by primary area of need, by phase or year (3 queries)."""
    by_status = dict(pupils.values_list("sen_status").annotate(n=Count("pk")).values_list("sen_status", "n"))
    by_need = dict(pupils.values_list("primary_need").annotate(n=Count("pk")).values_list("primary_need", "n"))
    by_year = dict(pupils.values_list("year_group").annotate(n=Count("pk")).values_list("year_group", "n"))
    need_rows = [(label, by_need[code]) for code, label in AreaOfNeed.choices if by_need.get(code)]
    if by_need.get(""):
        need_rows.append(("Not yet recorded", by_need[""]))
    if by == BY_YEAR:
        age_rows = [(label, by_year[year]) for year, label in YearGroup.choices if by_year.get(year)]
    else:
        age_rows = [(label, sum(by_year.get(y, 0) for y in years)) for label, years in PHASES]
        age_rows = [(label, count) for label, count in age_rows if count]
    status_rows = suppressed(
        [("SEN support", by_status.get(SenStatus.SEN_SUPPORT, 0)), ("EHC plan", by_status.get(SenStatus.EHC_PLAN, 0))]
    )
    return {
        "sen_support": status_rows[0][1],
        "ehc_plan": status_rows[1][1],
        "total": shown(sum(by_status.values())),
        "by_need": suppressed(need_rows),
        "by_age": suppressed(age_rows),
    }


def meeting_figures(year: AcademicYear, today: date) -> dict:
    """Against the duty to meet each family three times a year: how many families, how many meetings held, and
    how many are on track (a meeting held for every term so far), at risk or behind (meetings/compliance.py)."""
    counts = family_counts(family_lines(Pupil.objects.all(), year, today))
    return {
        "families": shown(counts.families),
        "held": shown(counts.held),
        "paces": suppressed([(pace.label, counts.paces[pace]) for pace in Pace]),
        "meetings_a_year": MEETINGS_A_YEAR,
    }


def audit_progress() -> dict | None:
    """The latest re-audit against the audit it repeated (audits/comparison.py): questions improved, stayed the
    same or slipped, and how the latest audit rates now. Counts of questions, not of people: shown as they are."""
    latest = Audit.objects.select_related("started_from").first()
    if latest is None:
        return None
    re_audit = Audit.objects.filter(started_from__isnull=False).select_related("started_from").first()
    changes = None
    if re_audit is not None:
        counted = compare(re_audit).changes
        changes = {
            "audit": re_audit,
            "rows": [(change.label, counted[change]) for change in (Change.IMPROVED, Change.STAYED, Change.SLIPPED)],
            "not_compared": counted[Change.NOT_COMPARED],
        }
    return {"latest": latest, "totals": headline_totals(headline(latest)), "changes": changes}


@dataclass(frozen=True)
class SpendingRow:
    """A wave or area of need of the year's SEN provision: pupils (as publishable), their hours in the sessions held
    and the spending on them; the hours and spending are not shown where the count is not."""

    label: str
    pupils: str
    hours: str  # the pupils' time in the sessions held in the year
    spending: str


def spending_rows(rows: list[tuple[str, Line]]) -> list[SpendingRow]:
    counts = suppressed([(label, line.pupil_count) for label, line in rows])
    return [
        SpendingRow(
            label,
            count,
            HIDDEN if count in (FEWER, HIDDEN) else f"{line.hours_held:,}",
            HIDDEN if count in (FEWER, HIDDEN) else f"£{line.total:,.0f}",
        )
        for (label, line), (_, count) in zip(rows, counts, strict=True)
    ]


def provision_spending(year: AcademicYear) -> dict | None:
    """The year's spending and hours on SEN provision (provision/figures.py), by wave and by area of need, every
    count of pupils under 5 hidden with the hours and spending beside it; the totals are the whole school's."""
    the_map = provision_map(year_period(year))
    if the_map.is_empty:
        return None
    total = the_map.total.total
    by_wave = [(line.label, line) for line in the_map.total.by_wave if line.pupil_count]
    by_need = [(row.label, row.total) for row in the_map.by_need]
    return {
        "pupils": shown(total.pupil_count),
        "spending": f"£{total.total:,.0f}",
        "staff_hours": f"{the_map.staff_hours_held:,}",
        "groups": the_map.groups,
        "interventions": len(the_map.interventions),
        "by_wave": spending_rows(by_wave),
        "by_need": spending_rows(by_need),
    }


def governors_figures(today: date, by: str = BY_PHASE) -> GovernorsFigures:
    year = academic_year_of(today)
    pupils = Pupil.objects.on_register().filter(sen_status__in=(SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN))
    counts = register_counts(pupils, by)
    return GovernorsFigures(
        year=year,
        by=by,
        meetings=meeting_figures(year, today),
        audit=audit_progress(),
        provision=provision_spending(year),
        **counts,
    )
