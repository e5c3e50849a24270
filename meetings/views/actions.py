"""Action points across pupils, and 'My meetings and actions': what a member of staff has to do next."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.db.models import Case, Count, Exists, F, IntegerField, Max, OuterRef, Q, Value, When, Window
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.views.generic import ListView, TemplateView, View

from accounts.models import Role, User
from accounts.permissions import ActionRequiredMixin
from common import when
from common.links import link_to

from ..compliance import record_due_on
from ..models import ActionOwner, ActionPoint, ActionStatus, Meeting, MeetingStatus
from ..notice_period import with_notice_given
from .calendar import OTHER_BADGE, STATUS_BADGES

RECENT_DAYS = 30  # 'my meetings' looks back this far for records still to reach the parents
# 'My meetings' shows the first few of each list, and says where the rest are: the calendar has every coming
# meeting, the page itself every record to finish (?records=all), the list of action points every action.
UPCOMING_SHOWN = 10
# What the lists show of a meeting (the rest of its columns, its purpose and arrangements, are the meeting page's).
LISTED = (
    "pupil__preferred_name",
    "pupil__legal_first_name",
    "pupil__legal_last_name",
    "meeting_type",
    "starts_at",
)
RECORDS_SHOWN = 10
ACTIONS_SHOWN = 10


def open_actions_overdue_first(actions):
    """Open actions, overdue first: ordered by when they are due, that is the same order (every overdue one is due
    before today, every other one today or later), and the database walks its index of open actions by due date for
    the first few rather than sorting every open action."""
    return actions.open().order_by("due_on", "pk")


def meetings_awaiting_record(meetings, now):
    """Meetings in the last 30 days that took place (or were booked and not yet marked) whose latest record
    version is not yet shared with the parents, or that have no finalised record at all: the highest version
    shared (if any) is below the highest version. Each with `record_status`, `latest_version` and `ever_shared`.
    Worked out by aggregates over one join to the versions, rather than a sub-query for each figure."""
    versions = "record__versions__number"
    return (
        meetings.filter(
            status__in=(MeetingStatus.HELD, MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED),
            starts_at__gte=now - timedelta(days=RECENT_DAYS),
            starts_at__lt=now,
        )
        .annotate(
            record_status=Max("record__status"),  # one record a meeting: its status
            latest_version=Max(versions),
            latest_shared=Max(versions, filter=Q(record__versions__shared_at__isnull=False)),
        )
        .filter(Q(latest_shared__isnull=True) | Q(latest_shared__lt=F("latest_version")))
        .select_related("pupil")
        .only(*LISTED, "status")
        .order_by("starts_at")
    )


class MyMeetingsView(ActionRequiredMixin, TemplateView):
    """The signed-in member of staff's coming meetings, records to finish and share, and open actions."""

    required_action = "meetings.work"
    template_name = "meetings/my_meetings.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        now = timezone.now()
        today = timezone.localdate()
        mine = Meeting.objects.visible_to(user).involving(user)
        # Each row's links and status badge are worked out here, once: reverse() and an include for each row cost
        # more than the rest of the row.
        detail_url, ics_url, record_url = (
            link_to(name) for name in ("meetings:detail", "meetings:ics", "meetings:record")
        )
        # The soonest coming meetings: a busy SENCO has hundreds booked, which the calendar shows a week or a month
        # at a time; the link to the rest opens it where they start.
        upcoming, upcoming_count = first_and_count(
            mine.booked()
            .filter(starts_at__gte=now)
            .select_related("pupil")
            .only(*LISTED, "duration_minutes", "place", "status", "invited_on", "calendar_uid")
            .order_by("starts_at", "pk"),
            UPCOMING_SHOWN + 1,
        )
        rest_from = upcoming[UPCOMING_SHOWN].meeting_date if len(upcoming) > UPCOMING_SHOWN else None
        upcoming = upcoming[:UPCOMING_SHOWN]
        for meeting in upcoming:
            meeting.detail_url, meeting.ics_url = detail_url(meeting.pk), ics_url(meeting.pk)
            meeting.status_badge = STATUS_BADGES.get(meeting.status, OTHER_BADGE)
        # The records to finish, the most overdue first: the first few unless all are asked for (?records=all).
        all_records = self.request.GET.get("records") == "all"
        awaiting, awaiting_count = first_and_count(
            meetings_awaiting_record(mine, now), None if all_records else RECORDS_SHOWN
        )
        for meeting in awaiting:
            meeting.record_due_on = record_due_on(meeting.meeting_date)
            meeting.record_is_late = meeting.record_due_on < today
            meeting.record_url = record_url(meeting.pk)
        # The most urgent action points; the list of action points has the rest.
        actions, actions_count = first_and_count(
            open_actions_overdue_first(ActionPoint.objects.visible_to(user).filter(owner_staff=user))
            .select_related("meeting__pupil")
            .only(
                "description",
                "due_on",
                "status",
                "meeting__starts_at",
                "meeting__pupil__preferred_name",
                "meeting__pupil__legal_first_name",
                "meeting__pupil__legal_last_name",
            ),
            ACTIONS_SHOWN,
        )
        pupil_url = link_to("pupils:pupil_detail")
        for action in actions:
            action.pupil_url, action.meeting_url = pupil_url(action.meeting.pupil_id), detail_url(action.meeting_id)
        return super().get_context_data(
            # Each with the notice its families had, read for the whole list at once.
            upcoming=with_notice_given(upcoming),
            upcoming_count=upcoming_count,
            more_upcoming=upcoming_count - len(upcoming),
            rest_from=rest_from,
            awaiting_record=awaiting,
            awaiting_count=awaiting_count,
            more_awaiting=awaiting_count - len(awaiting),
            actions=actions,
            actions_count=actions_count,
            more_actions=actions_count - len(actions),
            recent_days=RECENT_DAYS,
            **kwargs,
        )


def first_and_count(rows, size: int | None) -> tuple[list, int]:
    """The first `size` rows (all of them for None) and how many there are in all, in the same query (a window
    count over the rows the query finds, before the limit)."""
    rows = rows.annotate(count_of_all=Window(Count("pk")))
    first = list(rows if size is None else rows[:size])
    return first, first[0].count_of_all if first else 0


SHOW_CHOICES = [
    ("open", "Still to do"),
    ("overdue", "Overdue"),
    ("mine", "Mine, still to do"),
    ("all", "All, including done"),
]


class ActionFilterForm(forms.Form):
    show = forms.ChoiceField(choices=SHOW_CHOICES, required=False, label="Show")
    owner = forms.ChoiceField(choices=[("", "Anyone")] + ActionOwner.choices, required=False, label="Who does it")
    staff = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Member of staff", empty_label="Any member of staff"
    )

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class ActionListView(ActionRequiredMixin, ListView):
    """Action points agreed at meetings about the pupils this person may see, with filters."""

    required_action = "meetings.work"
    template_name = "meetings/actions.html"
    context_object_name = "actions"
    paginate_by = 50

    def get_queryset(self):
        user = self.request.user
        self.today = timezone.localdate()
        visible = ActionPoint.objects.visible_to(user)
        # Each member of staff is looked up among the actions by the index on who owns them: a few dozen look-ups,
        # not a pass over every year's actions.
        staff = User.objects.filter(Exists(visible.filter(owner_staff=OuterRef("pk"))))
        data = self.request.GET.copy()
        default_show = "open" if user.role == Role.SENCO else "mine"
        data.setdefault("show", default_show)
        self.form = ActionFilterForm(data, staff_queryset=staff)
        self.form.is_valid()  # a bad value in one filter is ignored; the others still apply
        filters = self.form.cleaned_data
        self.show = filters.get("show") or default_show

        # Only what a row shows of the action, its meeting, pupil and owner: a page builds 250 objects.
        actions = visible.select_related("meeting__pupil", "owner_staff", "owner_parent").only(
            *("description", "owner", "owner_staff", "owner_parent", "due_on", "status", "completed_on"),
            *("meeting__starts_at", "meeting__pupil__legal_first_name", "meeting__pupil__preferred_name"),
            "meeting__pupil__legal_last_name",
            *("owner_staff__first_name", "owner_staff__last_name"),
            *("owner_parent__title", "owner_parent__first_name", "owner_parent__last_name"),
        )
        if self.show == "mine":
            actions = actions.open().filter(owner_staff=user)
        elif self.show == "overdue":
            actions = actions.overdue(self.today)
        elif self.show == "open":
            actions = actions.open()
        if filters.get("owner"):
            actions = actions.filter(owner=filters["owner"])
        if filters.get("staff"):
            actions = actions.filter(owner_staff=filters["staff"])
        if self.show == "all":
            return actions.order_by(
                Case(When(status=ActionStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()),
                "due_on",
                "pk",
            )
        return open_actions_overdue_first(actions)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(
            form=self.form,
            show=self.show,
            show_label=dict(SHOW_CHOICES)[self.show],
            query_string=query.urlencode(),
            back_here=self.request.get_full_path(),
            **kwargs,
        )
        context["actions"] = self.rows(context["actions"])
        return context

    def rows(self, actions) -> list[ActionPoint]:
        """The page's action points, each with what its row writes worked out here once: its links (`link_to`, not a
        `{% url %}` each) and its dates in words (`common.when`, as `|date:"SHORT_DATE_FORMAT"` writes them)."""
        pupil_link, meeting_link, status_link = map(
            link_to, ("pupils:pupil_detail", "meetings:detail", "meetings:action_status")
        )
        rows = list(actions)
        for action in rows:
            meeting = action.meeting
            action.overdue = action.status == ActionStatus.OPEN and action.due_on < self.today
            action.pupil_link, action.meeting_link = pupil_link(meeting.pupil_id), meeting_link(meeting.pk)
            action.status_link = status_link(action.pk)
            action.due_words = when.date(action.due_on, short=True)
            action.meeting_words = when.date(meeting.starts_at, short=True)
            action.completed_words = when.date(action.completed_on, short=True)
            action.owner_words, action.owner_kind = action.owner_name, action.get_owner_display()
            action.short_description = Truncator(action.description).chars(60)
        return rows


class ActionStatusView(ActionRequiredMixin, View):
    """Mark an action point done, reopen it, or say it is no longer needed; then go back where you were."""

    required_action = "meetings.work"
    http_method_names = ["post"]

    def post(self, request, pk):
        action = get_object_or_404(ActionPoint.objects.visible_to(request.user).select_related("meeting__pupil"), pk=pk)
        status = request.POST.get("status")
        if status not in ActionStatus.values:
            messages.error(request, "Choose done, to do or no longer needed.")
            return redirect(self.next_url())
        action.status = status
        action.completed_on = timezone.localdate() if status == ActionStatus.DONE else None
        action.save(update_fields=["status", "completed_on"])
        done = {
            ActionStatus.DONE: "Marked as done",
            ActionStatus.OPEN: "Back on the to-do list",
            ActionStatus.DROPPED: "Marked as no longer needed",
        }[status]
        messages.success(request, f"{done}: {action.description[:80]} ({action.meeting.pupil.full_name}).")
        return redirect(self.next_url())

    def next_url(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return "meetings:actions"
