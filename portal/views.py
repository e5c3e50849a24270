"""The parents' portal: read-only pages about a family's own children.

Every query starts from `Pupil.objects.visible_to(request.user)`; an id in a URL only picks among those, so
another family's child, record or letter is a 404, never a page.
"""

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import DetailView, ListView, TemplateView, UpdateView, View

from accounts.models import Role, User
from accounts.permissions import ActionRequiredMixin
from documents.deliveries import note_opened_in_portal
from documents.glossary import explain_words_on_page
from documents.models import GlossaryTerm
from meetings.models import BOOKED_STATUSES, ActionOwner, ActionPoint, ActionStatus, Invitee, Meeting, RecordVersion
from notices.kinds import parent_kinds
from notices.models import Channel, Message, MessageStatus
from privacy import access_log
from privacy.models import AccessAction
from pupils.models import ParentCarer, Pupil
from school.models import School
from services.models import SupportService, grouped_by_kind, needs_of

from . import text_size
from .forms import ContactPreferenceForm


class FamilyPageMixin(ActionRequiredMixin):
    required_action = "portal.use"

    def render_to_response(self, context, **response_kwargs):
        """Every page's "Words on this page" explains the specialist words of the whole page as rendered
        (`{% include "portal/_words.html" %}` marks where the box goes)."""
        response = super().render_to_response(context, **response_kwargs)
        response.add_post_render_callback(explain_words_on_page)
        return response

    def children(self):
        return Pupil.objects.visible_to(self.request.user)

    @cached_property
    def parent_record(self) -> ParentCarer | None:
        """The signed-in parent's own contact record; None for a young person. Read through the user, where it
        stays for the rest of the request (the text-size choice and the questionnaire tag read it too)."""
        return getattr(self.request.user, "parent_record", None)


class ChildPageMixin(access_log.LogsRecordViewMixin, FamilyPageMixin):
    """A page about one child: the child in the URL must be one of the signed-in person's own. Each page shown is
    in the access log, like a member of staff's look at the record."""

    section = ""

    def access_log_pupil(self) -> Pupil:
        return self.child

    def describe_access(self) -> str:
        return f"Parents' portal: {self.access_log_what}"

    @cached_property
    def child(self) -> Pupil:
        return get_object_or_404(self.children().select_related("class_teacher", "key_worker"), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("child", self.child)
        kwargs.setdefault("section", self.section)
        return super().get_context_data(**kwargs)


def shared_versions():
    return RecordVersion.objects.filter(shared_at__isnull=False).select_related("record__meeting__pupil")


def upcoming_meetings(children):
    return (
        Meeting.objects.filter(pupil__in=children, starts_at__gte=timezone.now())
        .booked()
        .select_related("pupil", "led_by", "chaired_by")
        .prefetch_related(Prefetch("invitees", queryset=Invitee.objects.select_related("user", "parent")))
    )


class HomeView(FamilyPageMixin, TemplateView):
    """Where a parent lands: their children, what is coming up, and what is new."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        children = list(self.children().order_by("-year_group", "legal_first_name"))
        return super().get_context_data(
            children=children,
            upcoming=upcoming_meetings(children)[:5],
            records=shared_versions().filter(record__meeting__pupil__in=children).order_by("-shared_at")[:3],
            is_parent=self.request.user.role == Role.PARENT,
            **kwargs,
        )


class ChildView(ChildPageMixin, TemplateView):
    """The child's one-page profile: who they are, in their and their family's words."""

    template_name = "portal/child.html"
    access_log_what = "one-page profile"
    section = "profile"

    @cached_property
    def profile(self):
        return getattr(self.child, "profile", None)

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, **kwargs)


class MeetingsView(ChildPageMixin, TemplateView):
    """Meetings coming up, with everything needed to come (or to ask for another time), and past meetings with
    the records shared with the family."""

    template_name = "portal/meetings.html"
    access_log_what = "meetings and records"
    section = "meetings"

    def get_context_data(self, **kwargs):
        # Coming and past meetings in one query (the same whether the child has one meeting or many): everyone
        # invited to each, and each record's versions shared with the family, read with them.
        now = timezone.now()
        meetings = (
            self.child.meetings.filter(Q(starts_at__lt=now) | Q(starts_at__gte=now, status__in=BOOKED_STATUSES))
            .select_related("pupil", "led_by", "chaired_by", "record")
            .prefetch_related(
                Prefetch("invitees", queryset=Invitee.objects.select_related("user", "parent")),
                Prefetch("record__versions", queryset=RecordVersion.objects.filter(shared_at__isnull=False)),
            )
            .order_by("starts_at", "pk")
        )
        upcoming, past = [], []
        for meeting in meetings:
            if meeting.starts_at >= now:
                upcoming.append(meeting)
            else:
                record = getattr(meeting, "record", None)
                meeting.shared_version = next(iter(record.versions.all()), None) if record else None
                past.append(meeting)
        past.reverse()  # the latest first
        return super().get_context_data(upcoming=upcoming, past=past, **kwargs)


class SharedRecordMixin(FamilyPageMixin):
    """A meeting record shared with the family about one of their own children."""

    def get_queryset(self):
        return shared_versions().filter(record__meeting__pupil__in=self.children()).select_related("finalised_by")


class RecordView(access_log.LogsRecordViewMixin, SharedRecordMixin, DetailView):
    """A meeting record shared with the family, on screen (in the access log, as the PDF is)."""

    template_name = "portal/record.html"
    context_object_name = "version"

    def access_log_pupil(self) -> Pupil:
        return self.object.record.meeting.pupil

    def describe_access(self) -> str:
        return f"Parents' portal: meeting record, version {self.object.number}"

    def get_context_data(self, **kwargs):
        version = self.object
        note_opened_in_portal(version, self.request.user)  # the record's page tells staff it was read
        newer = shared_versions().filter(record=version.record, number__gt=version.number).order_by("-number").first()
        return super().get_context_data(
            meeting=version.record.meeting,
            child=version.record.meeting.pupil,
            content=version.content,
            newer=newer,
            **kwargs,
        )


class RecordPdfView(SharedRecordMixin, DetailView):
    """The PDF the family was given when the record was shared, unchanged; or in large print on request."""

    def get(self, request, *args, **kwargs):
        from common.downloads import file_name
        from documents.records import record_pdf, store_shared_pdf
        from documents.views import pdf_response

        version = self.get_object()
        pupil = version.record.meeting.pupil
        filename = file_name(
            "record", pupil.first_name, f"{version.record.meeting.meeting_date:%Y-%m-%d}", ending=".pdf"
        )
        shared = getattr(version, "shared_pdf", None) or store_shared_pdf(version)
        wants_large = request.GET.get("large") == "1"
        if wants_large and not shared.large_print:
            pdf = record_pdf(version, large_print=True, request=request)
        else:
            with shared.pdf.open("rb") as stored:
                pdf = stored.read()
        access_log.record(
            request,
            AccessAction.DOWNLOADED_PDF,
            pupil=pupil,
            what=f"Meeting record, version {version.number} ({'large print PDF' if wants_large else 'PDF'}), portal",
        )
        return pdf_response(pdf, filename)


class ActionsView(FamilyPageMixin, TemplateView):
    """The things the family agreed to do at meetings, to do first at the top."""

    template_name = "portal/actions.html"

    def get_context_data(self, **kwargs):
        mine = Q(owner=ActionOwner.PARENT, owner_parent=self.parent_record) if self.parent_record else Q(pk=None)
        if self.request.user.role == Role.YOUNG_PERSON:
            mine |= Q(owner=ActionOwner.PUPIL, meeting__pupil__user=self.request.user)
        actions = list(
            ActionPoint.objects.filter(mine, meeting__pupil__in=self.children())
            .select_related("meeting__pupil")
            .order_by("due_on")
        )
        return super().get_context_data(
            to_do=[a for a in actions if a.status == ActionStatus.OPEN],
            done=[a for a in actions if a.status != ActionStatus.OPEN],
            **kwargs,
        )


class SentToMeMixin(FamilyPageMixin):
    def get_queryset(self):
        if not self.parent_record:
            return Message.objects.none()
        return (
            Message.objects.filter(parent=self.parent_record, kind__in=parent_kinds(), status=MessageStatus.SENT)
            .exclude(channel=Channel.PHONE)  # the office's call list and its script are not a letter to the family
            .select_related("meeting__pupil", "review_day")
            .order_by("-sent_at")
        )


class MessagesView(SentToMeMixin, ListView):
    """Letters and emails the school has sent to this parent."""

    template_name = "portal/messages.html"
    context_object_name = "sent_messages"
    paginate_by = 20


class MessageView(SentToMeMixin, DetailView):
    template_name = "portal/message.html"
    context_object_name = "sent"

    def get_context_data(self, **kwargs):
        from documents.letters import letter_content

        return super().get_context_data(content=letter_content(self.object), **kwargs)


class ContactsView(FamilyPageMixin, TemplateView):
    """Who's who: the people who work with each child, and the school's SENCO, head teacher and SEN governor."""

    template_name = "portal/contacts.html"

    def get_context_data(self, **kwargs):
        children = self.children().select_related("class_teacher", "key_worker").prefetch_related("teaching_assistants")
        school = School.objects.select_related("head_teacher", "sen_governor").get_or_create(pk=1)[0]
        sencos = User.objects.filter(role=Role.SENCO, is_active=True)
        return super().get_context_data(children=children, school=school, sencos=sencos, **kwargs)


class ServicesView(FamilyPageMixin, TemplateView):
    """Help outside school: first the services for the family's own children's needs, then the rest by kind."""

    template_name = "portal/services.html"

    def get_context_data(self, **kwargs):
        services = list(SupportService.objects.active())
        for_children, shown = [], set()
        for child in self.children().order_by("-year_group", "legal_first_name"):
            needs = needs_of(child)
            matching = [service for service in services if service.serves_any_of(needs)]
            if matching:
                for_children.append((child, matching))
                shown.update(service.pk for service in matching)
        return super().get_context_data(
            for_children=for_children,
            groups=grouped_by_kind(service for service in services if service.pk not in shown),
            **kwargs,
        )


class GlossaryView(FamilyPageMixin, ListView):
    """Words we use, explained."""

    template_name = "portal/glossary.html"
    context_object_name = "terms"

    def get_queryset(self):
        return GlossaryTerm.objects.order_by("term")


class SettingsView(FamilyPageMixin, UpdateView):
    """The only things a family changes here: how we contact them, their password, and text size."""

    template_name = "portal/settings.html"
    form_class = ContactPreferenceForm

    def get_object(self, queryset=None):
        return self.parent_record

    def get_form(self, form_class=None):
        return super().get_form(form_class) if self.parent_record else None

    def post(self, request, *args, **kwargs):
        if not self.parent_record:
            return HttpResponseRedirect(reverse("portal:settings"))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        messages.success(self.request, "Thank you. We will contact you the way you asked.")
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("portal:settings")


class TextSizeView(View):
    """Larger or standard text, remembered on this device. Open to anyone signed in; the portal offers it."""

    def post(self, request):
        size = request.POST.get("size")
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
            back = reverse("accounts:home")
        response = HttpResponseRedirect(back)
        text_size.remember(response, large=size == text_size.LARGE)
        return response
