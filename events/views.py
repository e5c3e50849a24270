"""Events for parents. The SENCO sets them up, invites and cancels; the SENCO and staff see them and take attendance.

Every event comes through `Event.objects.visible_to`, every guest through `Guest.objects.visible_to` and every
pupil a member of staff picks through `Pupil.objects.visible_to`; the rules live in `notices.py`, `attendance.py`
and `reports.py`.
"""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView

from accounts.permissions import ActionRequiredMixin
from common.downloads import file_name
from notices.models import Message, MessageStatus
from pupils.models import Pupil

from . import attendance as attendance_rules
from . import notices
from .forms import AttendanceForm, EventForm, HandoutForm, WalkInForm
from .models import Event, Guest, Handout
from .reports import times_of_day


class EventMixin(ActionRequiredMixin):
    """The event named in the URL, as the signed-in person may see it (404 otherwise)."""

    def get_event(self) -> Event:
        if not hasattr(self, "_event"):
            self._event = get_object_or_404(Event.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        return self._event

    def get_object(self, queryset=None):
        return self.get_event()

    def visible_guests(self):
        user = self.request.user
        return (
            Guest.objects.visible_to(user)
            .filter(event=self.get_event())
            .select_related("parent")
            .prefetch_related(Prefetch("children", queryset=Pupil.objects.visible_to(user), to_attr="visible_children"))
        )


class EventListView(ActionRequiredMixin, TemplateView):
    required_action = "events.view"
    template_name = "events/event_list.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        events = Event.objects.visible_to(self.request.user).annotate(
            n_invited=Count("guests", filter=Q(guests__invited_at__isnull=False)),
            n_came=Count("guests", filter=Q(guests__attended=True)),
        )
        upcoming = events.upcoming(now).order_by("starts_at", "pk")
        past = events.exclude(pk__in=upcoming.values("pk")).order_by("-starts_at", "-pk")
        return super().get_context_data(upcoming=upcoming, past=past, now=now, **kwargs)


class EventCreateView(ActionRequiredMixin, CreateView):
    required_action = "events.manage"
    form_class = EventForm
    template_name = "events/event_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        event = form.save()
        messages.success(self.request, "Event saved. Invite the families when you are ready.")
        return redirect("events:detail", event.pk)


class EventUpdateView(EventMixin, UpdateView):
    required_action = "events.manage"
    form_class = EventForm
    template_name = "events/event_form.html"

    def dispatch(self, request, *args, **kwargs):
        if self.may_take_action(request) and self.get_event().is_cancelled:
            messages.info(request, "This event is cancelled and cannot be changed.")
            return redirect("events:detail", self.get_event().pk)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def form_valid(self, form):
        moved = "starts_at" in form.changed_data
        event = form.save()
        notices.replan(event)
        invited = event.guests.filter(invited_at__isnull=False).exists()
        if moved and invited:
            messages.success(self.request, "Event saved. Families already invited will be sent the new time.")
        else:
            messages.success(self.request, "Event saved.")
        return redirect("events:detail", event.pk)


class EventDetailView(EventMixin, DetailView):
    required_action = "events.view"
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_context_data(self, **kwargs):
        event, now = self.get_event(), timezone.now()
        guests = list(self.visible_guests())
        sent = Message.objects.filter(event=event, status=MessageStatus.SENT)
        return super().get_context_data(
            guests=guests,
            invited_count=sum(1 for guest in guests if guest.invited_at),
            came_count=sum(1 for guest in guests if guest.attended),
            invitations_sent=sent.filter(kind="event_invitation").count(),
            handouts=event.handouts.order_by("added_at", "pk"),
            handout_form=HandoutForm(),
            may_invite=not event.is_cancelled and not event.has_begun(now),
            may_record=attendance_rules.may_record(event, now),
            chosen_pupils=Pupil.objects.visible_to(self.request.user).filter(pk__in=event.chosen_pupils.values("pk")),
            **kwargs,
        )


class InviteView(EventMixin, TemplateView):
    """GET: how many families and parents will be invited. POST: invite them (only the ones not yet invited)."""

    required_action = "events.manage"
    template_name = "events/invite_confirm.html"

    def get_context_data(self, **kwargs):
        event = self.get_event()
        may_invite = not event.is_cancelled and not event.has_begun(timezone.now())
        return super().get_context_data(
            event=event, preview=notices.preview(event) if may_invite else None, may_invite=may_invite, **kwargs
        )

    def post(self, request, pk):
        event = self.get_event()
        if event.is_cancelled or event.has_begun(timezone.now()):
            messages.error(request, "Invitations can only be sent before the event starts.")
            return redirect("events:detail", event.pk)
        invited = notices.plan_invitations(event)
        if invited:
            messages.success(
                request,
                f"{invited} parent{'s' if invited != 1 else ''} or carer{'s' if invited != 1 else ''} invited. "
                "The invitations go out in the next few minutes, and a reminder the school day before.",
            )
        else:
            messages.info(request, "Everyone in the audience has already been invited.")
        return redirect("events:detail", event.pk)


class AttendanceView(EventMixin, TemplateView):
    """Who came: a choice per guest the member of staff may see, and a parent who came without an invitation."""

    required_action = "events.view"
    template_name = "events/attendance.html"

    def dispatch(self, request, *args, **kwargs):
        if self.may_take_action(request) and not attendance_rules.may_record(self.get_event()):
            messages.info(request, "Attendance can be recorded from the day of the event, if it goes ahead.")
            return redirect("events:detail", self.get_event().pk)
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None, *, which=None):
        event, user = self.get_event(), self.request.user
        guests = self.visible_guests()
        return (
            AttendanceForm(data if which == "attendance" else None, guests=guests),
            WalkInForm(data if which == "walk_in" else None, user=user, event=event),
        )

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs["form"], kwargs["walk_in_form"] = self.forms()
        return super().get_context_data(event=self.get_event(), **kwargs)

    def post(self, request, pk):
        event = self.get_event()
        which = "walk_in" if "add_walk_in" in request.POST else "attendance"
        form, walk_in_form = self.forms(request.POST, which=which)
        if which == "walk_in":
            if walk_in_form.is_valid():
                guest = attendance_rules.add_walk_in(
                    event, walk_in_form.cleaned_data["parent"], walk_in_form.pupils, by=request.user
                )
                messages.success(request, f"{guest.parent.full_name} added: came without an invitation.")
                return redirect("events:attendance", event.pk)
        elif form.is_valid():
            changed = attendance_rules.record_attendance(form.guests, form.attendance(), by=request.user)
            messages.success(request, f"Attendance saved ({changed} change{'s' if changed != 1 else ''}).")
            return redirect("events:detail", event.pk)
        return self.render_to_response(self.get_context_data(form=form, walk_in_form=walk_in_form))


class CancelView(EventMixin, TemplateView):
    required_action = "events.manage"
    template_name = "events/cancel_confirm.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.get_event(), **kwargs)

    def post(self, request, pk):
        event = self.get_event()
        if event.is_cancelled:
            messages.info(request, "This event was already cancelled.")
            return redirect("events:detail", event.pk)
        told = notices.cancel(event)
        text = "Event cancelled. Invitations and reminders not yet sent will not go out."
        if told:
            text += f" {told} parent{'s' if told != 1 else ''} already had an invitation: please let them know."
        messages.success(request, text)
        return redirect("events:detail", event.pk)


class HandoutAddView(EventMixin, FormView):
    required_action = "events.manage"
    form_class = HandoutForm
    template_name = "events/handout_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.get_event(), **kwargs)

    def form_valid(self, form):
        handout = form.save(commit=False)
        handout.event = self.get_event()
        handout.save()
        messages.success(self.request, f"Handout '{handout.title}' added.")
        return redirect("events:detail", handout.event_id)


class HandoutDownloadView(ActionRequiredMixin, View):
    """Handouts are served here, after the role check: never from a public media address."""

    required_action = "events.view"

    def get(self, request, pk):
        handout = get_object_or_404(
            Handout.objects.filter(event__in=Event.objects.visible_to(request.user)).select_related("event"), pk=pk
        )
        try:
            stored = handout.file.open("rb")
        except FileNotFoundError:
            raise Http404("The file is missing.") from None
        ending = "." + handout.file.name.rsplit(".", 1)[-1] if "." in handout.file.name else ""
        return FileResponse(stored, as_attachment=True, filename=file_name(handout.title, ending=ending.lower()))


class TimesReportView(ActionRequiredMixin, TemplateView):
    """Which times of day bring most parents (?weekday=1 splits each time by weekday)."""

    required_action = "events.manage"
    template_name = "events/times_report.html"

    def get_context_data(self, **kwargs):
        by_weekday = self.request.GET.get("weekday") == "1"
        rows = times_of_day(Event.objects.visible_to(self.request.user), by_weekday=by_weekday)
        best = max((row for row in rows if row.events), key=lambda row: row.came_per_event or 0, default=None)
        return super().get_context_data(rows=rows, by_weekday=by_weekday, best=best, **kwargs)
