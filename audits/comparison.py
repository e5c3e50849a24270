"""A re-audit beside the audit it started from: question by question, per section, and as a chart.

Only the later audit's questions are compared (a re-audit may look again at one section only), using the agreed
rating of each audit. A question is "not compared" when either audit has no agreed rating for it. Averages use
RATING_SCORE (in place 2, partly 1, not yet 0) over the questions that have a rating in that audit.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from common import when

from .models import RATING_SCORE, AgreedPosition, Audit, AuditQuestion, AuditSection, Rating

BEST_SCORE = max(RATING_SCORE.values())


class Change(StrEnum):
    IMPROVED = "improved"
    STAYED = "stayed"
    SLIPPED = "slipped"
    NOT_COMPARED = "not_compared"

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self]


CHANGE_LABELS = {
    Change.IMPROVED: "Improved",
    Change.STAYED: "Stayed the same",
    Change.SLIPPED: "Slipped",
    Change.NOT_COMPARED: "Not compared",
}


def change_between(then: str | None, now: str | None) -> Change:
    """How a question moved from one agreed rating to the next."""
    if then not in RATING_SCORE or now not in RATING_SCORE:
        return Change.NOT_COMPARED
    difference = RATING_SCORE[now] - RATING_SCORE[then]
    if difference > 0:
        return Change.IMPROVED
    return Change.SLIPPED if difference < 0 else Change.STAYED


def score_label(score: float | None) -> str:
    """An average to one decimal place, halves rounded up (as the page's table shows it)."""
    if score is None:
        return "no rating"
    return str(Decimal(str(score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def average_score(ratings: list[str]) -> float | None:
    scores = [RATING_SCORE[rating] for rating in ratings if rating in RATING_SCORE]
    return sum(scores) / len(scores) if scores else None


@dataclass(frozen=True)
class QuestionComparison:
    question: AuditQuestion
    then: AgreedPosition | None
    now: AgreedPosition | None

    @property
    def then_rating(self) -> str:
        return self.then.rating if self.then else ""

    @property
    def now_rating(self) -> str:
        return self.now.rating if self.now else ""

    @property
    def change(self) -> Change:
        return change_between(self.then_rating or None, self.now_rating or None)


@dataclass(frozen=True)
class SectionComparison:
    section: AuditSection
    questions: list[QuestionComparison]

    def _counts(self, ratings: list[str]) -> dict[str, int]:
        counted = Counter(ratings)
        return {rating: counted[rating] for rating in Rating.values}

    @property
    def then_counts(self) -> dict[str, int]:
        """How many questions were in place, partly in place or not yet, in the earlier audit."""
        return self._counts([q.then_rating for q in self.questions])

    @property
    def now_counts(self) -> dict[str, int]:
        return self._counts([q.now_rating for q in self.questions])

    @property
    def then_average(self) -> float | None:
        return average_score([q.then_rating for q in self.questions])

    @property
    def now_average(self) -> float | None:
        return average_score([q.now_rating for q in self.questions])

    @property
    def changes(self) -> dict[Change, int]:
        counted = Counter(q.change for q in self.questions)
        return {change: counted[change] for change in Change}

    @property
    def then_label(self) -> str:
        return score_label(self.then_average)

    @property
    def now_label(self) -> str:
        return score_label(self.now_average)


@dataclass(frozen=True)
class Comparison:
    earlier: Audit
    later: Audit
    sections: list[SectionComparison]

    @property
    def questions(self) -> list[QuestionComparison]:
        return [question for section in self.sections for question in section.questions]

    @property
    def changes(self) -> dict[Change, int]:
        counted = Counter(q.change for q in self.questions)
        return {change: counted[change] for change in Change}


def compare(later: Audit) -> Comparison:
    """The later audit against the one it started from. Three queries, however many questions."""
    earlier = later.started_from
    if earlier is None:
        raise ValueError("This audit did not start from an earlier one: there is nothing to compare with.")
    questions = list(later.questions_in_scope())
    then = _agreed(earlier, questions)
    now = _agreed(later, questions)
    sections: dict[int, SectionComparison] = {}
    for question in questions:
        section = sections.setdefault(question.section_id, SectionComparison(question.section, []))
        section.questions.append(QuestionComparison(question, then.get(question.pk), now.get(question.pk)))
    return Comparison(earlier=earlier, later=later, sections=list(sections.values()))


def _agreed(audit: Audit, questions: list[AuditQuestion]) -> dict[int, AgreedPosition]:
    positions = AgreedPosition.objects.filter(audit=audit, question__in=[q.pk for q in questions])
    return {position.question_id: position for position in positions}


# The chart: a grouped bar chart, one group per section, a bar per audit whose height is the average score.
# Geometry is worked out here and drawn by templates/audits/compare_chart.html (an inline SVG, no JavaScript).


@dataclass(frozen=True)
class Bar:
    section: str
    audit: str  # "then" or "now"
    score: float | None
    x: float
    y: float
    width: float
    height: float

    @property
    def value_label(self) -> str:
        return score_label(self.score)

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2

    @property
    def label_y(self) -> float:
        return self.y - 6


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class SectionLabel:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    bars: list[Bar]
    ticks: list[Tick]
    sections: list[SectionLabel]
    then_label: str
    now_label: str
    description: str


CHART_WIDTH, CHART_HEIGHT = 640, 340
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 64, 624, 24, 270
BAR_WIDTH, BAR_GAP = 56, 8
TICK_LABELS = {0: "0 not yet", 1: "1 partly", 2: "2 in place"}


def chart(comparison: Comparison) -> Chart:
    """Average score per section, earlier audit beside this one. A bar's height is proportional to its score."""
    plot_height = PLOT_BOTTOM - PLOT_TOP
    group_width = (PLOT_RIGHT - PLOT_LEFT) / max(len(comparison.sections), 1)
    bars, labels = [], []
    for index, section in enumerate(comparison.sections):
        centre = PLOT_LEFT + group_width * (index + 0.5)
        labels.append(SectionLabel(x=centre, text=section.section.title))
        for audit, score, x in (
            ("then", section.then_average, centre - BAR_WIDTH - BAR_GAP / 2),
            ("now", section.now_average, centre + BAR_GAP / 2),
        ):
            height = round(plot_height * (score or 0) / BEST_SCORE, 1)
            bars.append(Bar(section.section.title, audit, score, x, PLOT_BOTTOM - height, BAR_WIDTH, height))
    ticks = [
        Tick(y=PLOT_BOTTOM - plot_height * score / BEST_SCORE, label=TICK_LABELS.get(score, str(score)))
        for score in range(BEST_SCORE + 1)
    ]
    then_label = f"Earlier audit, {when.date(comparison.earlier.held_on)}"
    now_label = f"This audit, {when.date(comparison.later.held_on)}"
    return Chart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        plot_left=PLOT_LEFT,
        plot_right=PLOT_RIGHT,
        plot_top=PLOT_TOP,
        plot_bottom=PLOT_BOTTOM,
        bars=bars,
        ticks=ticks,
        sections=labels,
        then_label=then_label,
        now_label=now_label,
        description=describe(comparison),
    )


def describe(comparison: Comparison) -> str:
    """The chart in words, for people who cannot see it."""
    parts = []
    for section in comparison.sections:
        then, now = score_label(section.then_average), score_label(section.now_average)
        parts.append(f"{section.section.title}: {then} then, {now} now")
    return (
        "Average score out of 2 for each section (2 in place, 1 partly in place, 0 not yet). " + "; ".join(parts) + "."
    )
