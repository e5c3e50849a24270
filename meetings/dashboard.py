"""What the SENCO's dashboard shows: each SEN support / EHC plan family's meetings this year, and what needs doing.

Every figure is computed in a fixed number of queries, however large the register.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone

from common import when
from pupils.models import Pupil, SenStatus
from school.years import AcademicYear

from .compliance import (
    RECORD_DUE_DAYS,
    Pace,
    annual_review_due_on,
    annual_review_is_due_soon,
    annual_review_year_began_by,
    counting_statuses,
    counting_types,
    pace,
    pace_in_database,
)
from .models import BOOKED_STATUSES, Meeting, MeetingStatus, MeetingType

SEN_STATUSES = (SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN)
NAME_ORDER = ("legal_last_name", "legal_first_name", "pk")


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def day_end(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


@dataclass
class FamilyMeetings:
    """One pupil's line on the dashboard."""

    pupil: Pupil
    held: int
    last_held: datetime | None
    next_booked: datetime | None
    held_this_term: int
    booked_this_term: int
    pace: Pace


def pupils_in_year(pupils: QuerySet, year: AcademicYear, today: date) -> QuerySet:
    """Pupils on SEN support or with an EHC plan: now, for the current year; at any time in it, for a past year."""
    pupils = pupils.filter(sen_status__in=SEN_STATUSES)
    if today in year:
        return pupils.on_register()
    return pupils.filter(added_to_register_on__lte=year.end).filter(
        Q(removed_from_register_on__isnull=True) | Q(removed_from_register_on__gte=year.start)
    )


def family_lines(pupils: QuerySet, year: AcademicYear, today: date, *, with_pace: bool = True) -> QuerySet:
    """Each family's line as pupils annotated by the database, in name order: meetings held this year, the last
    held and the next booked, this term's held and booked, and (`with_pace`) the pace as `pace_value`
    (`compliance.pace_in_database`). The dashboard counts, filters and pages them there: a page costs much the same
    however many families there are."""
    now = timezone.now()
    term = year.term_of(today) if today in year else year.terms[-1]
    held = Q(since__status__in=counting_statuses(), since__starts_at__lte=day_end(year.end))
    in_term = Q(since__starts_at__range=(day_start(term.start), day_end(term.end)))
    upcoming = Q(since__status__in=BOOKED_STATUSES, since__starts_at__gte=now)
    lines = (
        pupils_in_year(pupils, year, today)
        # Only the meetings that can count are joined: from the year's start on (the year's and any booked ahead), of
        # a type the school counts (a plain list: `counting_types` is kept by the process), held or booked. Every
        # figure below is of those, so the database joins and sums a few thousand rows, not every year's meetings.
        .annotate(
            since=FilteredRelation(
                "meetings",
                condition=Q(
                    meetings__starts_at__gte=day_start(year.start),
                    meetings__meeting_type__in=counting_types(),
                    meetings__status__in=(*counting_statuses(), *BOOKED_STATUSES),
                ),
            )
        )
        .annotate(
            held_count=Count("since", filter=held),
            last_held_at=Max("since__starts_at", filter=held),
            next_booked_at=Min("since__starts_at", filter=upcoming),
            held_in_term=Count("since", filter=held & in_term),
            booked_in_term=Count("since", filter=upcoming & in_term),
        )
        .order_by(*NAME_ORDER)
    )
    if not with_pace:
        return lines
    return lines.annotate(
        pace_value=pace_in_database(
            year, today, held="held_count", booked_this_term="booked_in_term", joined_on="added_to_register_on"
        )
    )


def not_met_this_term(pupils: QuerySet, year: AcademicYear, today: date) -> QuerySet:
    """The families of `pupils_in_year` with no counting meeting held or still booked this term (`held_in_term` and
    `booked_in_term` of `family_lines` both 0), in name order: each pupil is looked up by the index on its meetings,
    so the first few cost a few look-ups, not every family's line."""
    term = year.term_of(today)
    met = Meeting.objects.filter(
        Q(status__in=counting_statuses()) | Q(status__in=BOOKED_STATUSES, starts_at__gte=timezone.now()),
        pupil=OuterRef("pk"),
        meeting_type__in=counting_types(),
        starts_at__range=(day_start(term.start), day_end(term.end)),
    )
    return pupils_in_year(pupils, year, today).exclude(Exists(met)).order_by(*NAME_ORDER)


def line_of(pupil: Pupil, pace: Pace | None = None) -> FamilyMeetings:
    """A pupil from `family_lines` as its dashboard line; `pace` if it was worked out here, not by the database."""
    return FamilyMeetings(
        pupil=pupil,
        held=pupil.held_count,
        last_held=pupil.last_held_at,
        next_booked=pupil.next_booked_at,
        held_this_term=pupil.held_in_term,
        booked_this_term=pupil.booked_in_term,
        pace=pace or Pace(pupil.pace_value),
    )


def family_page_with_counts(lines: QuerySet, pace: Pace | None, number, size: int) -> tuple[Page, "FamilyCounts"]:
    """One page of `lines` (`family_lines`) in name order, at one pace or all, and `family_counts`'s figures of
    every line, in one query: the lines are worked out once, counted by window sums and numbered in name order (all
    of them, and each pace's apart), and only the page's rows come back, each carrying the counts. Asked for apart,
    as an aggregate and a page, they cost Django more to build than the database to answer (issue 24)."""
    requested = _page_number(number)
    rows, counts = _numbered_lines(lines, pace, requested, size)
    paginator = Paginator(range(counts.paces[pace] if pace else counts.families), size)
    page = paginator.get_page(requested)
    if page.number != requested:  # past the last page (a stale link): the last page, asked for again
        rows, _ = _numbered_lines(lines, pace, page.number, size)
    page.object_list = [line_of(pupil) for pupil in rows]
    return page, counts


def _page_number(number) -> int:
    try:
        return max(int(number), 1)
    except (TypeError, ValueError):
        return 1


def _numbered_lines(lines: QuerySet, pace: Pace | None, number: int, size: int) -> tuple[list[Pupil], "FamilyCounts"]:
    # Unordered: the windows put the lines in name order once (sorting names is the dearest part of the query).
    sql, params = lines.order_by().query.sql_with_params()
    names = [(Pupil._meta.pk if name == "pk" else Pupil._meta.get_field(name)).column for name in NAME_ORDER]
    order = ", ".join(f'lines."{column}"' for column in names)
    at_each_pace = "".join(
        f", SUM(CASE WHEN lines.pace_value = %s THEN 1 ELSE 0 END) OVER () AS count_{n}" for n, _ in enumerate(Pace)
    )
    numbered = (
        "SELECT lines.*, COUNT(*) OVER () AS count_of_all, "
        f"SUM(lines.held_count) OVER () AS held_of_all{at_each_pace}, "
        f"ROW_NUMBER() OVER (ORDER BY {order}) AS number_of_all FROM ({sql}) lines"
    )
    on_page = "number_at_pace" if pace else "number_of_all"
    if pace:  # numbered again within each pace, by the numbers in name order: no second sort of names
        numbered = (
            "SELECT named.*, ROW_NUMBER() OVER (PARTITION BY named.pace_value ORDER BY named.number_of_all) "
            f"AS number_at_pace FROM ({numbered}) named"
        )
    query = (
        f"SELECT * FROM ({numbered}) numbered "
        # The first line always comes, so that the counts do even when the page asked for is past the last.
        f"WHERE number_of_all = 1 OR ({on_page} > %s AND {on_page} <= %s{' AND pace_value = %s' if pace else ''}) "
        "ORDER BY number_of_all"
    )
    window = ((number - 1) * size, number * size)
    at_pace = [pace.value] if pace else []
    rows = list(Pupil.objects.raw(query, (*[each.value for each in Pace], *params, *window, *at_pace)))
    first = rows[0] if rows else None
    counts = FamilyCounts(
        families=first.count_of_all if first else 0,
        held=(first.held_of_all or 0) if first else 0,
        paces={each: getattr(first, f"count_{n}") if first else 0 for n, each in enumerate(Pace)},
    )
    shown = [
        row
        for row in rows
        if window[0] < getattr(row, on_page) <= window[1] and (pace is None or row.pace_value == pace.value)
    ]
    for row in shown:  # raw SQL: the database's own values of the annotations (SQLite's datetimes are text)
        row.last_held_at, row.next_booked_at = (
            when.from_database(row.last_held_at),
            when.from_database(row.next_booked_at),
        )
    return shown, counts


def family_meetings(pupils: QuerySet, year: AcademicYear, today: date) -> list[FamilyMeetings]:
    """The lines of a few families (a pupil's page), in name order: the pace by `compliance.pace`, here, which costs
    less to ask for than the database's version. The dashboard pages `family_lines` instead."""
    return [line_of(pupil, pace_of(pupil, year, today)) for pupil in family_lines(pupils, year, today, with_pace=False)]


def pace_of(pupil: Pupil, year: AcademicYear, today: date) -> Pace:
    joined_on = max(pupil.added_to_register_on, year.start)
    return pace(
        held=pupil.held_count, booked_this_term=pupil.booked_in_term > 0, year=year, joined_on=joined_on, today=today
    )


@dataclass(frozen=True)
class FamilyCounts:
    families: int
    held: int
    paces: dict[Pace, int]


def family_counts(lines: QuerySet) -> FamilyCounts:
    """How many families, meetings held and families at each pace, in one query over `family_lines`."""
    by_pace = {pace: Count("pk", filter=Q(pace_value=pace.value)) for pace in Pace}
    counts = lines.order_by().aggregate(
        families=Count("pk"),
        held=Sum("held_count"),
        **{pace.value: count for pace, count in by_pace.items()},
    )
    return FamilyCounts(
        families=counts["families"],
        held=counts["held"] or 0,
        paces={pace: counts[pace.value] for pace in Pace},
    )


def first_and_count(rows: QuerySet, size: int) -> tuple[list, int]:
    """The first `size` rows and how many there are in all, in one query: the count is a sub-query over the rows'
    own table (without the related rows they are shown with, which only the first few need), asked once. For the
    dashboard's blocks, which show a count and the first few."""
    counted = rows.order_by().values(count_of_all=Func(F("pk"), function="COUNT"))
    first = list(rows.annotate(count_of_all=Subquery(counted, output_field=IntegerField()))[:size])
    return first, first[0].count_of_all if first else 0


def overdue_records(meetings: QuerySet, today: date) -> QuerySet:
    """Held meetings whose record has not reached the parents within 14 days: not shared, or shared but not yet sent
    to every parent it is for (an email not gone, a letter not printed: `Meeting.record_delivered_at`)."""
    # Held on day d, the record is due by d + 14: overdue from the day after.
    held_before = day_start(today - timedelta(days=RECORD_DUE_DAYS))
    return (
        meetings.filter(status=MeetingStatus.HELD, starts_at__lt=held_before, record_delivered_at__isnull=True)
        .select_related("pupil", "led_by", "record")
        .order_by("starts_at")
    )


def overdue_actions(actions: QuerySet, today: date) -> QuerySet:
    return actions.overdue(today).select_related("meeting__pupil", "owner_staff", "owner_parent")


@dataclass
class AnnualReviewDue:
    pupil: Pupil
    last_review: datetime | None
    due_on: date
    booked_for: datetime | None

    @property
    def is_overdue(self) -> bool:
        return self.due_on < timezone.localdate()


def annual_reviews_due(pupils: QuerySet, today: date) -> list[AnnualReviewDue]:
    """EHC plan pupils whose annual review falls due within 8 weeks, or is overdue (12 months after the last).

    With no annual review recorded, the year is counted from the date the pupil joined the register.
    """
    began_by = annual_review_year_began_by(today)
    rows = (
        pupils.on_register()
        .filter(sen_status=SenStatus.EHC_PLAN)
        # Only annual reviews are joined, not every meeting.
        .annotate(reviews=FilteredRelation("meetings", condition=Q(meetings__meeting_type=MeetingType.ANNUAL_REVIEW)))
        .annotate(
            last_review_at=Max("reviews__starts_at", filter=Q(reviews__status=MeetingStatus.HELD)),
            booked_at=Min(
                "reviews__starts_at",
                filter=Q(reviews__status__in=BOOKED_STATUSES, reviews__starts_at__gte=timezone.now()),
            ),
        )
        # Only plans whose year began long enough ago to be due soon are loaded: most are not.
        .filter(
            Q(last_review_at__isnull=True, added_to_register_on__lte=began_by)
            | Q(last_review_at__lt=day_start(began_by + timedelta(days=1)))
        )
        .order_by("legal_last_name", "pk")
    )
    due = []
    for pupil in rows:
        last = timezone.localtime(pupil.last_review_at).date() if pupil.last_review_at else None
        due_on = annual_review_due_on(last or pupil.added_to_register_on)
        if annual_review_is_due_soon(due_on, today):
            due.append(AnnualReviewDue(pupil, pupil.last_review_at, due_on, pupil.booked_at))
    return sorted(due, key=lambda row: row.due_on)
