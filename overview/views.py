"""The SENCO's privacy pages: who has looked at a pupil's record, subject access exports, and retention."""

from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView, View

from accounts.models import FAMILY_ROLES, Role
from accounts.permissions import ActionRequiredMixin
from common.downloads import content_disposition, file_name
from privacy.access_log import AccessAction, LogsRecordViewMixin, record
from privacy.models import AccessLogEntry
from pupils.models import ParentCarer, Pupil
from pupils.retention import retention_report
from pupils.views.records import PupilScopedMixin

from .subject_access import parent_export, pupil_export
from .timeline import Strand, timeline_page


class PupilAccessLogView(ActionRequiredMixin, ListView):
    """Who has looked at this record: every view, PDF and export about the pupil, newest first."""

    required_action = "privacy.manage"
    template_name = "privacy/pupil_access_log.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        self.pupil = get_object_or_404(Pupil.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        return AccessLogEntry.objects.about_pupil(self.pupil).order_by("-at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(pupil=self.pupil, portal_viewers=self.portal_viewers(), **kwargs)

    def portal_viewers(self) -> list[dict]:
        """Each family member who has opened the record in the portal: how often, and when last."""
        viewers = (
            AccessLogEntry.objects.about_pupil(self.pupil)
            .filter(user_role__in=FAMILY_ROLES)
            .values("user_id", "user_name", "user_role")
            .annotate(views=Count("pk"), last=Max("at"))
            .order_by("-last")
        )
        roles = dict(Role.choices)
        return [viewer | {"role_name": roles.get(viewer["user_role"], "")} for viewer in viewers]


def zip_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    return response


class PupilSubjectAccessView(ActionRequiredMixin, View):
    """Everything held about a pupil, as one zip (a POST: it writes to the access log)."""

    required_action = "privacy.manage"

    def post(self, request, pk):
        pupil = get_object_or_404(Pupil.objects.visible_to(request.user), pk=pk)
        record(request, AccessAction.EXPORTED, pupil=pupil, what="Subject access export: everything held (zip)")
        filename = file_name(
            "subject-access", pupil.full_name, f"pupil-{pupil.pk}", timezone.localdate(), ending=".zip"
        )
        return zip_response(pupil_export(pupil, request.user), filename)


class ParentSubjectAccessView(ActionRequiredMixin, View):
    """Everything held about a parent or carer, as one zip."""

    required_action = "privacy.manage"

    def post(self, request, pk):
        visible = Pupil.objects.visible_to(request.user)
        # A parent no longer linked to any child is still someone the school holds data about.
        parents = ParentCarer.objects.filter(Q(pupil_links__pupil__in=visible) | Q(pupil_links__isnull=True))
        parent = get_object_or_404(parents.distinct(), pk=pk)
        what = "Subject access export for a parent or carer: everything held (zip)"
        record(request, AccessAction.EXPORTED, parent=parent, what=what)
        filename = file_name(
            "subject-access", parent.full_name, f"parent-{parent.pk}", timezone.localdate(), ending=".zip"
        )
        return zip_response(parent_export(parent, request.user), filename)


class RetentionView(ActionRequiredMixin, TemplateView):
    """Records past their retention date, and those falling due within a year. Nothing is deleted here."""

    required_action = "privacy.manage"
    template_name = "privacy/retention.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=retention_report(), **kwargs)


class PupilTimelineView(LogsRecordViewMixin, PupilScopedMixin, DetailView):
    """Everything that has happened with the pupil and their family, one school term at a time, newest first
    (?term= picks the term, ?strand= narrows it to one kind of thing)."""

    template_name = "pupils/pupil_timeline.html"
    context_object_name = "pupil"
    access_log_what = "The timeline of everything about the pupil and their family"

    def get_object(self, queryset=None):
        return self.get_pupil()

    def get_context_data(self, **kwargs):
        strand = self.request.GET.get("strand")
        if strand not in Strand.LABELS:
            strand = None
        page = timeline_page(self.object, self.request.user, strand, self.request.GET.get("term"))
        return super().get_context_data(
            page=page, strand=strand, strand_label=Strand.LABELS.get(strand), strands=Strand.LABELS, **kwargs
        )
