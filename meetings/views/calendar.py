"""The meetings calendar (a day, a week or a month) and each meeting as a file to add to a personal calendar."""

import calendar as month_calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView, View

from accounts.models import Role
from accounts.permissions import ActionRequiredMixin
from common import when
from common.downloads import content_disposition
from common.links import link_to
from privacy import access_log
from privacy.access_log import AccessAction

from ..ics import meeting_calendar
from ..models import Meeting, MeetingStatus, MeetingType
from .base import MeetingScopedMixin

DAY = "day"
WEEK = "week"
MONTH = "month"
VIEWS = (DAY, WEEK, MONTH)
MINE = "mine"
EVERYONE = "all"

# How each status looks, as a badge: on the calendar and 'My meetings'.
STATUS_BADGES = {
    MeetingStatus.CONFIRMED: "bg-success-subtle text-success-emphasis border border-success-subtle",
    MeetingStatus.PROPOSED: "bg-warning-subtle text-warning-emphasis border border-warning-subtle",
    MeetingStatus.HELD: "bg-primary-subtle text-primary-emphasis border border-primary-subtle",
    MeetingStatus.DID_NOT_ATTEND: "bg-danger-subtle text-danger-emphasis border border-danger-subtle",
}
OTHER_BADGE = "text-bg-secondary"
MEETING_TYPES = dict(MeetingType.choices)
STATUSES = dict(MeetingStatus.choices)
CLOSED = (MeetingStatus.CANCELLED, MeetingStatus.REARRANGED)


@dataclass
class CalendarDay:
    day: date
    in_period: bool = True
    is_today: bool = False
    meetings: list = field(default_factory=list)
    count: int = 0  # the day view's tabs: how many meetings each day of the week has

    @property
    def is_weekend(self) -> bool:
        return self.day.weekday() >= 5


def parse_day(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` away from `day`'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def school_day_after(day: date, step: int) -> date:
    """The next (step 1) or previous (step -1) weekday: the day view's arrows pass over weekends, whose meetings
    (home visits) the day tabs show."""
    day += timedelta(days=step)
    while day.weekday() >= 5:
        day += timedelta(days=step)
    return day


def period(view: str, day: date) -> tuple[date, date, date, date]:
    """(first, last) day of the day, week or month, and the first and last day shown."""
    if view == MONTH:
        first = day.replace(day=1)
        last = first.replace(day=month_calendar.monthrange(first.year, first.month)[1])
        return first, last, week_start(first), week_start(last) + timedelta(days=6)
    if view == DAY:
        return day, day, day, day
    first = week_start(day)
    last = first + timedelta(days=6)
    return first, last, first, last


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def entries(meetings) -> list[dict]:
    """The meetings as the calendar shows them, each a dict of its words worked out here, from the few columns it
    needs: a whole school's day is a hundred meetings, its month two thousand, and a template asking each meeting
    for its links, times and labels took most of a second."""
    detail_url, ics_url = link_to("meetings:detail"), link_to("meetings:ics")
    rows = meetings.values_list(
        "pk",
        "starts_at",
        "duration_minutes",
        "pupil__preferred_name",
        "pupil__legal_first_name",
        "pupil__legal_last_name",
        "meeting_type",
        "place",
        "led_by__first_name",
        "led_by__last_name",
        "status",
        "rearranged_to__starts_at",
    )
    found = []
    for pk, starts, minutes, preferred, first, last, kind, place, led_first, led_last, status, moved in rows:
        starts = timezone.localtime(starts)
        found.append(
            {
                "pk": pk,
                "day": starts.date(),
                "iso": starts.isoformat(),
                "times": f"{when.clock(starts)}–{when.clock(starts + timedelta(minutes=minutes))}",
                "about": f"meeting about {preferred or first} {last}, {when.date(starts)}",
                "number": str(pk),  # strings, not numbers: a template formats a number for the locale, slowly
                "minutes": str(minutes),
                "pupil": f"{preferred or first} {last}",
                "meeting_type": MEETING_TYPES.get(kind, kind),
                "place": place,
                "led_by": f"{led_first} {led_last}".strip(),
                "status": status,
                "status_label": STATUSES.get(status, status),
                "status_badge": STATUS_BADGES.get(status, OTHER_BADGE),
                "is_closed": status in CLOSED,
                "moved_to": when.day_at(moved, short=True) if moved and status == MeetingStatus.REARRANGED else "",
                "detail_url": detail_url(pk),
                "ics_url": ics_url(pk),
            }
        )
    return found


class CalendarView(ActionRequiredMixin, TemplateView):
    """Meetings about the pupils this person may see, a day, a week or a month at a time.

    Staff see the meetings they lead, chair or are invited to unless they ask for everyone's (?only=all), a week
    at a time; the SENCO sees everyone's unless they ask for their own (?only=mine), a day at a time, with the
    week's days as tabs (a whole school's week is hundreds of meetings: too many to read on one page). Any of
    them may ask for a day, a week or a month (?view=day, week or month).
    """

    required_action = "meetings.work"
    template_name = "meetings/calendar.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        params = self.request.GET
        default_only = EVERYONE if self.request.user.role == Role.SENCO else MINE
        only = params.get("only") if params.get("only") in (MINE, EVERYONE) else default_only
        default_view = DAY if only == EVERYONE and self.request.user.role == Role.SENCO else WEEK
        view = params.get("view") if params.get("view") in VIEWS else default_view
        chosen = parse_day(params.get("date"), today)
        first, last, shown_from, shown_to = period(view, chosen)

        days = [
            CalendarDay(day, in_period=first <= day <= last, is_today=day == today)
            for day in (shown_from + timedelta(days=n) for n in range((shown_to - shown_from).days + 1))
        ]
        by_day = {d.day: d for d in days}
        for entry in entries(self.meetings(only, shown_from, shown_to)):
            by_day[entry["day"]].meetings.append(entry)

        week_days = []
        if view == MONTH:
            step_back, step_on = add_months(first, -1), add_months(first, 1)
            weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
        elif view == DAY:
            step_back, step_on = school_day_after(first, -1), school_day_after(first, 1)
            weeks = []
            week_days = self.week_of(only, first, today)
        else:
            step_back, step_on = first - timedelta(days=7), first + timedelta(days=7)
            weeks = []
            # Weekends only when something is booked on them (or it is today): schools rarely meet then.
            days = [d for d in days if not d.is_weekend or d.meetings or d.is_today]

        return super().get_context_data(
            view=view,
            only=only,
            first=first,
            last=last,
            days=days,
            weeks=weeks,
            week_days=week_days,
            meeting_count=sum(len(d.meetings) for d in days if d.in_period),
            previous_url=self.link(view=view, only=only, date=step_back),
            next_url=self.link(view=view, only=only, date=step_on),
            today_url=self.link(view=view, only=only),
            day_url=self.link(view=DAY, only=only, date=first if view == DAY else max(first, min(today, last))),
            week_url=self.link(view=WEEK, only=only, date=first),
            month_url=self.link(view=MONTH, only=only, date=first),
            mine_url=self.link(view=view, only=MINE, date=first),
            everyone_url=self.link(view=view, only=EVERYONE, date=first),
            **kwargs,
        )

    def visible(self, only: str):
        meetings = Meeting.objects.visible_to(self.request.user)
        if only == MINE:
            meetings = meetings.involving(self.request.user)
        return meetings

    def meetings(self, only: str, shown_from: date, shown_to: date):
        return self.visible(only).filter(
            starts_at__gte=local_midnight(shown_from), starts_at__lt=local_midnight(shown_to + timedelta(days=1))
        )

    def week_of(self, only: str, day: date, today: date) -> list[CalendarDay]:
        """The day view's tabs: the days of `day`'s week, each with how many meetings it has (weekends only when
        something is booked then, or it is today), counted in one query."""
        monday = week_start(day)
        counts = dict(
            self.meetings(only, monday, monday + timedelta(days=6))
            .annotate(day=TruncDate("starts_at", tzinfo=timezone.get_current_timezone()))
            .order_by()
            .values_list("day")
            .annotate(n=Count("pk"))
        )
        week = [monday + timedelta(days=n) for n in range(7)]
        return [
            CalendarDay(d, in_period=d == day, is_today=d == today, count=counts.get(d, 0))
            for d in week
            if d.weekday() < 5 or counts.get(d) or d in (day, today)
        ]

    def link(self, *, view: str, only: str, date: date | None = None) -> str:
        query = self.request.GET.copy()
        query["view"] = view
        query["only"] = only
        if date:
            query["date"] = date.isoformat()
        else:
            query.pop("date", None)
        return "?" + query.urlencode()


class MeetingIcsView(MeetingScopedMixin, View):
    """The meeting as a .ics file: opens in Outlook, Google Calendar or a phone's calendar."""

    def get(self, request, pk):
        meeting = self.get_meeting()
        what = f"Meeting on {when.date(meeting.meeting_date)} as a calendar file (.ics)"
        access_log.record(request, AccessAction.EXPORTED, pupil=meeting.pupil, what=what)
        response = HttpResponse(meeting_calendar(meeting), content_type="text/calendar; charset=utf-8")
        # Named by the day the event is on now: a rearranged meeting's file is the meeting it went to.
        day = meeting.as_now_arranged.meeting_date
        response["Content-Disposition"] = content_disposition(f"meeting-{day:%Y-%m-%d}.ics")
        return response
