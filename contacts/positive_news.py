"""Positive news: every member of staff shares at least one piece of good news with a family each week (seed 004),
so that a call from school is not always a call parents dread.

A week runs Monday to Sunday in the school's time zone. A family 'has not heard good news for a while' when no
positive contact about the pupil has been logged for `QUIET_AFTER`.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Max, Q
from django.utils import timezone

from accounts.models import Role, User
from common.scalars import Scalar, count
from pupils.models import Pupil

from .models import Contact

QUIET_AFTER = timedelta(days=28)
WEEKS_SHOWN = 6


def week_starting(day: date) -> date:
    return day - timedelta(days=day.weekday())


def start_of_week(now: datetime) -> datetime:
    monday = week_starting(timezone.localdate(now))
    return timezone.make_aware(datetime.combine(monday, datetime.min.time()))


def mine_this_week(user: User, now: datetime | None = None):
    """Positive contacts this person logged (or made) since Monday."""
    now = now or timezone.now()
    return Contact.objects.filter(
        recorded_by=user, is_positive_news=True, happened_at__gte=start_of_week(now), happened_at__lte=now
    )


def my_count_this_week(user: User, now: datetime | None = None) -> int:
    return mine_this_week(user, now).count()


def quiet_families(user: User, now: datetime | None = None):
    """The pupils on the register this person works with (key worker, class teacher or teaching assistant) whose
    family has had no positive news for `QUIET_AFTER`, those never told any first. Each has `last_positive_at`."""
    now = now or timezone.now()
    return (
        Pupil.objects.on_register()
        .linked_with(user)
        .annotate(
            last_positive_at=Max(
                "family_contacts__happened_at",
                filter=Q(family_contacts__is_positive_news=True, family_contacts__happened_at__lte=now),
            )
        )
        .filter(Q(last_positive_at__isnull=True) | Q(last_positive_at__lt=now - QUIET_AFTER))
        .order_by(F("last_positive_at").asc(nulls_first=True), "legal_last_name", "legal_first_name", "pk")
        .distinct()
    )


@dataclass(frozen=True)
class WeekFigures:
    week_starting: date
    positive_contacts: int
    families: int
    staff_sharing: int  # members of staff who shared at least one piece of good news that week


def school_weeks(now: datetime | None = None, weeks: int = WEEKS_SHOWN) -> list[WeekFigures]:
    """The school's positive news per week, this week first: for the SENCO and the head (numbers only)."""
    now = now or timezone.now()
    this_week = start_of_week(now)
    first = this_week - timedelta(weeks=weeks - 1)
    contacts = Contact.objects.filter(is_positive_news=True, happened_at__gte=first, happened_at__lte=now)
    rows = contacts.values_list("happened_at", "pupil_id", "recorded_by_id")
    count: Counter[date] = Counter()
    families: defaultdict[date, set] = defaultdict(set)
    staff: defaultdict[date, set] = defaultdict(set)
    for happened_at, pupil_id, staff_id in rows:
        monday = week_starting(timezone.localdate(happened_at))
        count[monday] += 1
        families[monday].add(pupil_id)
        staff[monday].add(staff_id)
    mondays = [week_starting(timezone.localdate(this_week)) - timedelta(weeks=n) for n in range(weeks)]
    return [WeekFigures(day, count[day], len(families[day]), len(staff[day])) for day in mondays]


def school_week_figures(now: datetime) -> dict[str, Scalar]:
    """This week's line of `school_weeks`, as counts the database works out (`common.scalars`): asked with the
    dashboard's other figures. `school_week` makes the line from them."""
    contacts = Contact.objects.filter(is_positive_news=True, happened_at__gte=start_of_week(now), happened_at__lte=now)
    return {
        "week_contacts": count(contacts),
        "week_families": count(contacts.values("pupil_id").distinct()),
        "week_staff": count(contacts.values("recorded_by_id").distinct()),
    }


def school_week(now: datetime, figures: dict) -> WeekFigures:
    monday = week_starting(timezone.localdate(start_of_week(now)))
    return WeekFigures(monday, figures["week_contacts"], figures["week_families"], figures["week_staff"])


def staff_expected_to_share() -> int:
    """Teaching staff and the SENCO: everyone who works with families day to day."""
    return User.objects.filter(is_active=True, role__in=(Role.SENCO, Role.STAFF)).count()


def staff_this_week(now: datetime | None = None):
    """Everyone expected to share good news, with `shared`: how many pieces since Monday (fewest first)."""
    now = now or timezone.now()
    this_week = Q(
        recorded_contacts__is_positive_news=True,
        recorded_contacts__happened_at__gte=start_of_week(now),
        recorded_contacts__happened_at__lte=now,
    )
    return (
        User.objects.filter(is_active=True, role__in=(Role.SENCO, Role.STAFF))
        .annotate(shared=Count("recorded_contacts", filter=this_week))
        .order_by("shared", "last_name", "first_name")
    )
