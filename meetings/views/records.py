"""Writing the record of a meeting through the four stages, then finalising, sharing and amending it."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import DetailView, View

from accounts.permissions import ActionRequiredMixin
from common import when
from privacy.access_log import LogsRecordViewMixin
from pupils.models import Pupil
from security.tampering import refuse_tampered_post

from ..forms import ActionPointFormSet, AttendanceFormSet, OutcomeReviewFormSet, RecordForm
from ..models import RecordVersion
from ..notice_planning import plan_meeting
from ..records import RecordLocked, amend, finalise, latest_version, share, start_record, version_shared_with_parents
from .base import MeetingScopedMixin


class RecordEditView(LogsRecordViewMixin, MeetingScopedMixin, View):
    """One page, four stages: Explore, Focus, Plan, Review. Save as a draft, or save and finalise."""

    template_name = "meetings/record_edit.html"

    def access_log_pupil(self) -> Pupil:
        return self.get_meeting().pupil

    def describe_access(self) -> str:
        return f"Meeting record, draft (meeting on {when.date(self.get_meeting().meeting_date)})"

    def forms(self, data=None):
        meeting = self.get_meeting()
        record = start_record(meeting)
        return {
            "record_form": RecordForm(data, instance=record),
            "attendance": AttendanceFormSet(
                data, queryset=meeting.invitees.select_related("user", "parent"), prefix="attendance"
            ),
            "reviews": OutcomeReviewFormSet(
                data, queryset=record.outcome_reviews.select_related("outcome", "plan_outcome"), prefix="reviews"
            ),
            "actions": ActionPointFormSet(data, instance=meeting, prefix="actions", form_kwargs={"meeting": meeting}),
        }

    def get(self, request, pk):
        record = start_record(self.get_meeting())
        if record.is_locked:
            return redirect("meetings:version", latest_version(record).pk)
        return self.show(self.forms())

    def post(self, request, pk):
        record = start_record(self.get_meeting())
        if record.is_locked:
            messages.error(request, "This record is finalised. Amend it to make changes.")
            return redirect("meetings:version", latest_version(record).pk)
        forms = self.forms(request.POST)
        if not (forms["attendance"].matches_rows_shown() and forms["reviews"].matches_rows_shown()):
            return refuse_tampered_post(request, "meeting record")
        if not all(form.is_valid() for form in forms.values()):
            messages.error(request, "Some answers need another look: see the messages below.")
            return self.show(forms)
        self.save(forms)
        if "finalise" in request.POST:
            try:
                version = finalise(record, request.user)
            except RecordLocked as not_now:
                messages.warning(request, f"Draft saved. {not_now}")
                return redirect("meetings:record", self.get_meeting().pk)
            plan_meeting(record.meeting)
            messages.success(request, f"Record finalised as version {version.number}. It is now locked.")
            return redirect("meetings:version", version.pk)
        messages.success(request, "Draft saved.")
        return redirect("meetings:record", self.get_meeting().pk)

    @transaction.atomic
    def save(self, forms):
        forms["record_form"].save()
        forms["attendance"].save()
        forms["reviews"].save()
        forms["actions"].save()

    def show(self, forms):
        meeting = self.get_meeting()
        context = {"meeting": meeting, "record": forms["record_form"].instance, **forms}
        return render(self.request, self.template_name, context)


class RecordFinaliseView(MeetingScopedMixin, View):
    def post(self, request, pk):
        record = start_record(self.get_meeting())
        try:
            version = finalise(record, request.user)
        except RecordLocked as locked:
            messages.error(request, str(locked))
            return redirect("meetings:detail", pk)
        plan_meeting(record.meeting)
        messages.success(request, f"Record finalised as version {version.number}. It is now locked.")
        return redirect("meetings:version", version.pk)


class RecordAmendView(MeetingScopedMixin, View):
    """Reopen a finalised record; the parents keep the version they were given."""

    template_name = "meetings/record_amend.html"

    def get(self, request, pk):
        return render(request, self.template_name, {"meeting": self.get_meeting(), "reason": ""})

    def post(self, request, pk):
        reason = request.POST.get("reason", "").strip()
        if not reason:
            context = {"meeting": self.get_meeting(), "reason": reason, "error": "Say why the record is changing."}
            return render(request, self.template_name, context)
        try:
            amend(start_record(self.get_meeting()), reason)
        except RecordLocked as not_locked:
            messages.error(request, str(not_locked))
        else:
            messages.success(request, "The record is open for changes. Finalise it again to make a new version.")
        return redirect("meetings:record", pk)


class VersionScopedMixin(ActionRequiredMixin):
    required_action = "meetings.work"

    def get_version(self) -> RecordVersion:
        visible = Pupil.objects.visible_to(self.request.user)
        versions = RecordVersion.objects.filter(record__meeting__pupil__in=visible).select_related(
            "record__meeting__pupil", "finalised_by", "shared_by"
        )
        return get_object_or_404(versions, pk=self.kwargs["pk"])


class RecordVersionView(LogsRecordViewMixin, VersionScopedMixin, DetailView):
    """A finalised version exactly as the parents see it."""

    template_name = "meetings/record_version.html"
    context_object_name = "version"

    def get_object(self, queryset=None):
        return self.get_version()

    def access_log_pupil(self) -> Pupil:
        return self.object.record.meeting.pupil

    def describe_access(self) -> str:
        version = self.object
        return f"Meeting record, version {version.number} (meeting on {when.date(version.record.meeting.meeting_date)})"

    def get_context_data(self, **kwargs):
        record = self.object.record
        return super().get_context_data(
            meeting=record.meeting,
            record=record,
            content=self.object.content,
            other_versions=record.versions.exclude(pk=self.object.pk).select_related("shared_by"),
            **kwargs,
        )


class RecordShareView(VersionScopedMixin, View):
    def post(self, request, pk):
        version = share(self.get_version(), request.user)
        version_shared_with_parents.send(sender=RecordVersion, version=version)
        messages.success(
            request, f"Version {version.number} is shared: it is on its way to the family. See below how it goes."
        )
        return redirect("meetings:version", version.pk)
