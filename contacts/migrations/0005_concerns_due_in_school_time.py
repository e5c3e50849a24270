"""Concerns are due 24 hours of school time after they were raised, not 24 clock hours (issue 20).

Every concern's deadline is worked out again by the school's calendar (term dates with half terms, closure days),
so past terms' figures are honest too, and each open concern's planned reminder moves to 4 hours of the working day
before its deadline.

The calendar rules are copied here, frozen, rather than imported from school/calendar.py and
contacts/response_time.py: those read the real models (through a cache kept per request), which may gain fields
this migration's database does not have yet; the historical models here are the tables as they are at this point.
They are the rules of school_time_after, is_school_day and reminder_time as issue 20 left them.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db import migrations
from django.utils import timezone

RESPONSE_TIME = timedelta(hours=24)
REMINDER_BEFORE = timedelta(hours=4)
WORKING_DAY = (time(8, 0), time(18, 0))
TERM_ORDER = ["autumn", "spring", "summer"]
DAY = timedelta(days=1)


def academic_year_start(day: date) -> int:
    return day.year if day.month >= 9 else day.year - 1


class SchoolDays:
    """The school's calendar read once from the historical models: every closure day and every term entered."""

    def __init__(self, apps):
        self.closed = set(apps.get_model("school", "ClosureDay").objects.values_list("date", flat=True))
        self.terms = defaultdict(list)
        for term in apps.get_model("school", "TermDates").objects.order_by("starts_on"):
            self.terms[academic_year_start(term.starts_on)].append(term)

    def in_holiday(self, day: date) -> bool:
        terms = self.terms.get(academic_year_start(day))
        if not terms:
            return False
        before = None
        for term in terms:
            if term.starts_on <= day <= term.ends_on:
                return bool(term.half_term_starts_on and term.half_term_starts_on <= day <= term.half_term_ends_on)
            if term.ends_on < day:
                before = term
            elif term.starts_on > day:
                if before is None:
                    return term.term == TERM_ORDER[0]
                return TERM_ORDER.index(term.term) - TERM_ORDER.index(before.term) == 1
        return before is not None and before.term == TERM_ORDER[-1]

    def is_school_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.closed and not self.in_holiday(day)

    def next_school_day(self, day: date) -> date:
        day += DAY
        while not self.is_school_day(day):
            day += DAY
        return day

    def previous_school_day(self, day: date) -> date:
        day -= DAY
        while not self.is_school_day(day):
            day -= DAY
        return day

    def due_after(self, raised_at: datetime) -> datetime:
        """RESPONSE_TIME of school time after `raised_at`, on wall-clock time (school_time_after)."""
        local = timezone.localtime(raised_at).replace(tzinfo=None)
        day = local.date()
        if self.is_school_day(day):
            remaining = RESPONSE_TIME + (local - datetime.combine(day, time.min))
        else:
            day, remaining = self.next_school_day(day), RESPONSE_TIME
        while remaining > timedelta(hours=24):
            remaining -= timedelta(hours=24)
            day = self.next_school_day(day)
        return timezone.make_aware(datetime.combine(day, time.min) + remaining)

    def reminder_time(self, due_at: datetime) -> datetime:
        """REMINDER_BEFORE of the working day (WORKING_DAY on school days) before the deadline (reminder_time)."""
        deadline = timezone.localtime(due_at).replace(tzinfo=None)
        day, left = deadline.date(), REMINDER_BEFORE
        while True:
            if self.is_school_day(day):
                starts = datetime.combine(day, WORKING_DAY[0])
                ends = min(datetime.combine(day, WORKING_DAY[1]), deadline)
                if ends > starts:
                    if ends - starts >= left:
                        return timezone.make_aware(ends - left)
                    left -= ends - starts
            day = self.previous_school_day(day)


def due_in_school_time(apps, schema_editor):
    Concern = apps.get_model("contacts", "Concern")
    ConcernReminder = apps.get_model("contacts", "ConcernReminder")
    if not Concern.objects.exists():
        return
    calendar, now = SchoolDays(apps), timezone.now()
    moved = []
    for concern in Concern.objects.select_related("contact").only("due_at", "contact__happened_at").iterator():
        due = calendar.due_after(concern.contact.happened_at)
        if due != concern.due_at:
            concern.due_at = due
            moved.append(concern)
    Concern.objects.bulk_update(moved, ["due_at"], batch_size=500)
    moved_ids = {concern.pk for concern in moved}

    # Open concerns: one planned reminder, at the new time if it is still to come (as concerns.plan_reminder).
    for concern in Concern.objects.filter(responded_at__isnull=True).only("due_at", "assigned_to_id"):
        remind_at = calendar.reminder_time(concern.due_at)
        planned = ConcernReminder.objects.filter(concern=concern, status="planned")
        if concern.pk not in moved_ids and not planned.exclude(due_at=remind_at).exists():
            continue  # the deadline stands and nothing planned is out of place (one already sent is not sent again)
        planned.exclude(recipient_id=concern.assigned_to_id, due_at=remind_at).update(status="cancelled")
        if remind_at <= now:
            continue
        reminder, _ = ConcernReminder.objects.get_or_create(
            concern=concern, recipient_id=concern.assigned_to_id, due_at=remind_at
        )
        if reminder.status == "cancelled":
            reminder.status, reminder.claimed_at = "planned", None
            reminder.save(update_fields=["status", "claimed_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0004_typed_text_limits"),
        ("school", "0007_term_dates"),
    ]

    operations = [
        # Backwards the deadlines stay in school time: nothing to undo in the schema.
        migrations.RunPython(due_in_school_time, migrations.RunPython.noop),
    ]
