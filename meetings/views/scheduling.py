"""Arranging a meeting: schedule, look at, change, confirm or mark held, cancel, rearrange."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import CreateView, DetailView, UpdateView, View

from common import when
from privacy.access_log import LogsRecordViewMixin
from pupils.models import Pupil

from ..forms import CancelForm, MeetingForm, RearrangeForm, StatusForm
from ..models import RecordVersion
from ..notice_planning import plan_meeting
from ..scheduling import cancel, rearrange, set_invitees
from .base import MeetingScopedMixin


class MeetingFormMixin(MeetingScopedMixin):
    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"pupil": self.get_pupil(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(pupil=self.get_pupil(), **kwargs)

    @transaction.atomic
    def form_valid(self, form):
        if not form.instance.pk:
            form.instance.created_by = self.request.user
        self.object = form.save()
        data = form.cleaned_data
        set_invitees(
            self.object,
            parents=data["parents"],
            staff=data["staff"],
            pupil=data["pupil_invited"],
            others=data["others"],
        )
        plan_meeting(self.object)
        if self.object.is_short_notice:
            messages.warning(
                self.request,
                f"Short notice: the family has {self.object.notice_days} days' notice, less than two weeks.",
            )
        messages.success(self.request, f"Meeting saved for {self.object.pupil.full_name}.")
        return redirect("meetings:detail", self.object.pk)


class MeetingCreateView(MeetingFormMixin, CreateView):
    def get_initial(self):
        from ..models import MeetingType

        wanted = self.request.GET.get("type")
        return {"meeting_type": wanted} if wanted in MeetingType.values else {}

    def get_pupil(self) -> Pupil:
        if not hasattr(self, "_pupil"):
            pupils = Pupil.objects.visible_to(self.request.user).prefetch_related("parent_links__parent")
            self._pupil = get_object_or_404(pupils, pk=self.kwargs["pupil_pk"])
        return self._pupil


class MeetingUpdateView(MeetingFormMixin, UpdateView):
    def get_object(self, queryset=None):
        return self.get_meeting()

    def get_pupil(self) -> Pupil:
        return self.get_meeting().pupil

    def get(self, request, *args, **kwargs):
        if not self.get_meeting().is_booked:
            messages.info(request, "Only a proposed or confirmed meeting can be changed.")
            return redirect("meetings:detail", self.get_meeting().pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.get_meeting().is_booked:
            messages.info(request, "Only a proposed or confirmed meeting can be changed.")
            return redirect("meetings:detail", self.get_meeting().pk)
        return super().post(request, *args, **kwargs)


class MeetingDetailView(LogsRecordViewMixin, MeetingScopedMixin, DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    # What the page says of the record's latest version, read inside the meeting's own query.
    LATEST_VERSION = (
        "pk",
        "number",
        "finalised_at",
        "shared_at",
        "finalised_by",
        "finalised_by__first_name",
        "finalised_by__last_name",
    )

    def visible_meetings(self):
        # The record, its latest version and the meeting this one replaced are shown on the page: read with the
        # meeting, not after it.
        latest = RecordVersion.objects.filter(record__meeting=OuterRef("pk")).order_by("-number")
        return (
            super()
            .visible_meetings()
            .select_related("record", "rearranged_to", "rearranged_from")
            .annotate(**{f"latest_{name}": Subquery(latest.values(name)[:1]) for name in self.LATEST_VERSION})
        )

    def get_object(self, queryset=None):
        return self.get_meeting()

    def latest_version(self, meeting, record) -> RecordVersion | None:
        """The record's latest version as far as the page shows it (its number, when finalised and by whom, whether
        shared), from the meeting's query."""
        if record is None or meeting.latest_pk is None:
            return None
        finalised_by = get_user_model()(
            pk=meeting.latest_finalised_by,
            first_name=meeting.latest_finalised_by__first_name,
            last_name=meeting.latest_finalised_by__last_name,
        )
        return RecordVersion(
            pk=meeting.latest_pk,
            record=record,
            number=meeting.latest_number,
            finalised_at=meeting.latest_finalised_at,
            shared_at=meeting.latest_shared_at,
            finalised_by=finalised_by,
        )

    def access_log_pupil(self) -> Pupil:
        return self.get_meeting().pupil

    def describe_access(self) -> str:
        meeting = self.get_meeting()
        return f"Meeting on {when.date(meeting.meeting_date)} ({meeting.get_meeting_type_display()})"

    def get_context_data(self, **kwargs):
        meeting = self.object
        record = getattr(meeting, "record", None)
        return super().get_context_data(
            # The same list the notice given was worked out from: read once.
            invitees=meeting.people_invited,
            record=record,
            version=self.latest_version(meeting, record),
            action_points=meeting.action_points.select_related("owner_staff", "owner_parent"),
            history=meeting.history.select_related("history_user").order_by("-history_date")[:20],
            status_form=StatusForm(),
            **kwargs,
        )


class MeetingStatusView(MeetingScopedMixin, View):
    """Confirm a meeting, or mark it held or not attended."""

    def post(self, request, pk):
        meeting = self.get_meeting()
        form = StatusForm(request.POST)
        if form.is_valid() and meeting.is_booked:
            meeting.status = form.cleaned_data["status"]
            meeting.save(update_fields=["status"])
            plan_meeting(meeting)
            messages.success(request, f"Meeting marked: {meeting.get_status_display().lower()}.")
        else:
            messages.error(request, "That change is not possible for this meeting.")
        return redirect("meetings:detail", meeting.pk)


class BookedMeetingFormView(MeetingScopedMixin, View):
    """A small form that acts on a proposed or confirmed meeting."""

    form_class = None
    template_name = ""

    def get(self, request, pk):
        return self.show(self.form_class())

    def post(self, request, pk):
        form = self.form_class(request.POST)
        if not self.get_meeting().is_booked:
            messages.error(request, "This meeting has already been held, cancelled or rearranged.")
            return redirect("meetings:detail", pk)
        if form.is_valid():
            return self.act(form.cleaned_data)
        return self.show(form)

    def show(self, form):
        return render(self.request, self.template_name, {"meeting": self.get_meeting(), "form": form})


class MeetingCancelView(BookedMeetingFormView):
    form_class = CancelForm
    template_name = "meetings/meeting_cancel.html"

    def act(self, data):
        meeting = self.get_meeting()
        cancel(meeting, data["reason"])
        plan_meeting(meeting)
        messages.success(self.request, "The meeting is cancelled. It stays in the pupil's history.")
        return redirect("meetings:detail", meeting.pk)


class MeetingRearrangeView(BookedMeetingFormView):
    form_class = RearrangeForm
    template_name = "meetings/meeting_rearrange.html"

    def act(self, data):
        new = rearrange(self.get_meeting(), data["starts_at"], self.request.user, data["short_notice_reason"])
        plan_meeting(self.get_meeting())
        plan_meeting(new)
        messages.success(self.request, "The meeting is rearranged. The old time stays in the history, linked here.")
        return redirect(reverse("meetings:detail", args=[new.pk]))
