"""The meetings calendar (a week or a month) and each meeting as a file to add to a personal calendar."""

import calendar as month_calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView, View

from accounts.models import Role
from accounts.permissions import ActionRequiredMixin
from common import when
from common.downloads import content_disposition
from privacy import access_log
from privacy.access_log import AccessAction

from ..ics import meeting_calendar
from ..models import Meeting
from .base import MeetingScopedMixin

WEEK = "week"
MONTH = "month"
MINE = "mine"
EVERYONE = "all"


@dataclass
class CalendarDay:
    day: date
    in_period: bool = True
    is_today: bool = False
    meetings: list = field(default_factory=list)

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


def period(view: str, day: date) -> tuple[date, date, date, date]:
    """(first, last) day of the week or month, the first and last day shown, and where 'previous' leads."""
    if view == MONTH:
        first = day.replace(day=1)
        last = first.replace(day=month_calendar.monthrange(first.year, first.month)[1])
        return first, last, week_start(first), week_start(last) + timedelta(days=6)
    first = week_start(day)
    last = first + timedelta(days=6)
    return first, last, first, last


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class CalendarView(ActionRequiredMixin, TemplateView):
    """Meetings about the pupils this person may see, a week (default) or a month at a time.

    Staff see the meetings they lead, chair or are invited to unless they ask for everyone's (?only=all);
    the SENCO sees everyone's unless they ask for their own (?only=mine).
    """

    required_action = "meetings.work"
    template_name = "meetings/calendar.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        params = self.request.GET
        view = MONTH if params.get("view") == MONTH else WEEK
        chosen = parse_day(params.get("date"), today)
        default_only = EVERYONE if self.request.user.role == Role.SENCO else MINE
        only = params.get("only") if params.get("only") in (MINE, EVERYONE) else default_only
        first, last, shown_from, shown_to = period(view, chosen)

        days = [
            CalendarDay(day, in_period=first <= day <= last, is_today=day == today)
            for day in (shown_from + timedelta(days=n) for n in range((shown_to - shown_from).days + 1))
        ]
        by_day = {d.day: d for d in days}
        for meeting in self.meetings(only, shown_from, shown_to):
            by_day[timezone.localtime(meeting.starts_at).date()].meetings.append(meeting)

        if view == MONTH:
            step_back, step_on = add_months(first, -1), add_months(first, 1)
            weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
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
            meeting_count=sum(len(d.meetings) for d in days if d.in_period),
            previous_url=self.link(view=view, only=only, date=step_back),
            next_url=self.link(view=view, only=only, date=step_on),
            today_url=self.link(view=view, only=only),
            week_url=self.link(view=WEEK, only=only, date=first),
            month_url=self.link(view=MONTH, only=only, date=first),
            mine_url=self.link(view=view, only=MINE, date=first),
            everyone_url=self.link(view=view, only=EVERYONE, date=first),
            **kwargs,
        )

    def meetings(self, only: str, shown_from: date, shown_to: date):
        meetings = Meeting.objects.visible_to(self.request.user)
        if only == MINE:
            meetings = meetings.involving(self.request.user)
        return meetings.filter(
            starts_at__gte=local_midnight(shown_from), starts_at__lt=local_midnight(shown_to + timedelta(days=1))
        ).select_related("pupil", "led_by")

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
