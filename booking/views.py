"""Review days for the office and the SENCO: the day's grid, finding a pupil, booking, moving and cancelling.

The office sees names, classes and times here, never SEN detail. The rules live in rules.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView, View

from accounts.permissions import ActionRequiredMixin
from meetings.models import MeetingStatus
from pupils.models import Pupil, PupilParent

from . import invitations, rules
from .forms import CancelForm, DeclineForm, InviteForm, ReviewDayForm, StaffLineFormSet, WeeklySeriesForm
from .grid import day_grid
from .models import Booking, DayKind, Invitation, InvitationStatus, ReviewDay, ReviewDayStaff, Slot
from .timetables import staff_timetables

UPCOMING_WEEKLY = 30


class ReviewDayListView(ActionRequiredMixin, ListView):
    required_action = "booking.book"
    template_name = "booking/day_list.html"
    context_object_name = "days"

    def get_queryset(self):
        return with_counts(ReviewDay.objects.filter(kind=DayKind.REVIEW_DAY)).order_by("-date")

    def get_context_data(self, **kwargs):
        upcoming = ReviewDay.objects.filter(kind=DayKind.WEEKLY, date__gte=timezone.localdate())
        upcoming = with_counts(upcoming).prefetch_related(
            Prefetch("staff_lines", queryset=ReviewDayStaff.objects.select_related("staff"))
        )
        return super().get_context_data(weekly=upcoming.order_by("date", "starts_at")[:UPCOMING_WEEKLY], **kwargs)


def with_counts(days):
    return days.annotate(
        slot_count=Count("slots", distinct=True),
        booked_count=Count("bookings", filter=Q(bookings__cancelled_at__isnull=True), distinct=True),
    )


class ReviewDayCreateView(ActionRequiredMixin, View):
    """The SENCO sets out the day and who holds appointments where; the slots follow."""

    required_action = "booking.set_up"
    template_name = "booking/day_form.html"

    def get(self, request):
        return self.show(ReviewDayForm(), StaffLineFormSet(prefix="staff"))

    def post(self, request):
        form, staff_forms = ReviewDayForm(request.POST), StaffLineFormSet(request.POST, prefix="staff")
        if not (form.is_valid() and staff_forms.is_valid()):
            return self.show(form, staff_forms)
        try:
            with transaction.atomic():
                day = form.save(commit=False)
                day.created_by = request.user
                day.save()
                ReviewDayStaff.objects.bulk_create(
                    ReviewDayStaff(review_day=day, staff=line["staff"], room=line["room"])
                    for line in staff_forms.cleaned_data
                    if line
                )
                slots = rules.generate_slots(day)
        except ValidationError as error:
            form.add_error(None, error)
            return self.show(form, staff_forms)
        messages.success(request, f"{day} set up with {len(slots)} appointments.")
        return redirect("booking:day", day.pk)

    def show(self, form, staff_forms):
        return render(self.request, self.template_name, {"form": form, "staff_forms": staff_forms})


class WeeklySeriesCreateView(ActionRequiredMixin, View):
    """The SENCO sets up weekly appointments: a day of kind 'weekly' and its slots for each school week."""

    required_action = "booking.set_up"
    template_name = "booking/series_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": WeeklySeriesForm()})

    def post(self, request):
        form = WeeklySeriesForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        try:
            with transaction.atomic():
                series = form.save(commit=False)
                series.created_by = request.user
                series.save()
                days = rules.generate_series(series)
                if not days:
                    raise ValidationError("There are no school days on that weekday between those dates.")
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, self.template_name, {"form": form})
        slots = sum(day.slots.count() for day in days)
        messages.success(request, f"{series}: {len(days)} weeks set up, {slots} appointments in all.")
        return redirect("booking:days")


class DayMixin(ActionRequiredMixin):
    required_action = "booking.book"

    def get_day(self) -> ReviewDay:
        if not hasattr(self, "_day"):
            self._day = get_object_or_404(ReviewDay, pk=self.kwargs["day"])
        return self._day

    def get_pupil(self) -> Pupil:
        return get_object_or_404(Pupil.objects.visible_to(self.request.user).on_register(), pk=self.kwargs["pupil"])


class ReviewDayDetailView(DayMixin, View):
    template_name = "booking/day_detail.html"

    def get(self, request, day):
        day = self.get_day()
        # The office books by name and class; the one-page profile is SEN detail, for the SENCO and staff.
        show_profiles = request.user.can("register.view")
        columns, rows = day_grid(day, timezone.now(), show_profiles)
        context = {
            "day": day,
            "columns": columns,
            "rows": rows,
            "book": reverse("booking:find", args=[day.pk]),
            "counts": Invitation.objects.filter(review_day=day).counts(),
        }
        return render(request, self.template_name, context)


class StaffTimetableView(DayMixin, View):
    """One member of staff's appointments on the day: times, pupils, rooms. Prints on its own.

    The SENCO and the office see anyone's; a member of staff sees their own, with a profile link for each pupil
    they may see.
    """

    required_action = "booking.timetable"
    template_name = "booking/timetable.html"

    def get(self, request, day, staff):
        day = self.get_day()
        if not request.user.can("booking.book") and request.user.pk != staff:  # who books sees anyone's
            raise PermissionDenied("You can see your own timetable for the day.")
        line = get_object_or_404(day.staff_lines.select_related("staff"), staff=staff)
        (timetable,) = staff_timetables(day, [line])
        profiles = set()
        if request.user.can("register.view"):
            booked = [booking.pupil_id for _, booking, _ in timetable["rows"] if booking]
            profiles = set(Pupil.objects.visible_to(request.user).filter(pk__in=booked).values_list("pk", flat=True))
        context = {
            "day": day,
            **timetable,
            "profiles": profiles,
            "can_mark": request.user.can("booking.book"),
            "now": timezone.now(),
        }
        return render(request, self.template_name, context)


class AttendanceView(DayMixin, View):
    """On the day: mark a booked appointment attended (held) or did not attend; the notices follow."""

    def post(self, request, day, pk):
        bookings = Booking.objects.visible_to(request.user).live().filter(review_day=self.get_day())
        booking = get_object_or_404(bookings.select_related("pupil", "slot"), pk=pk)
        status = request.POST.get("status", "")
        if rules.mark_attendance(booking, status):
            messages.success(request, f"{booking.pupil.full_name}: {MeetingStatus(status).label.lower()}.")
        else:
            messages.error(
                request, "That appointment cannot be marked: it has not started yet, or it is not booked any more."
            )
        if request.POST.get("back") == "timetable":
            return redirect("booking:timetable", booking.review_day_id, booking.slot.staff_id)
        return redirect("booking:day", booking.review_day_id)


class PupilFindView(DayMixin, View):
    template_name = "booking/find.html"

    def get(self, request, day):
        query = request.GET.get("q", "").strip()
        pupils = Pupil.objects.none()
        if query:
            pupils = Pupil.objects.visible_to(request.user).on_register().matching(query).order_by("legal_last_name")
        context = {"day": self.get_day(), "query": query, "pupils": pupils[:30]}
        return render(request, self.template_name, context)


class PupilSlotsView(DayMixin, View):
    """A pupil's booking on the day, or the free slots to book; siblings are offered adjacent slots together."""

    template_name = "booking/pupil_slots.html"

    def get(self, request, day, pupil):
        return self.show(self.get_pupil())

    def post(self, request, day, pupil):
        pupil = self.get_pupil()
        slot = get_object_or_404(Slot, review_day=self.get_day(), pk=request.POST.get("slot"))
        try:
            rules.book(slot, pupil, request.user)
        except rules.BookingRefused as refusal:
            return self.show(pupil, refusal=refusal, chosen=[slot], status=409)
        messages.success(request, f"{pupil.full_name} booked at {slot}.")
        return redirect("booking:day", self.get_day().pk)

    def show(self, pupil, refusal=None, chosen=(), status=200):
        day = self.get_day()
        family = [pupil, *rules.siblings(pupil)]
        context = {
            "day": day,
            "pupil": pupil,
            "booking": Booking.objects.live().filter(review_day=day, pupil=pupil).select_related("slot__staff").first(),
            "free": rules.free_slots(day, pupil),
            "family": family,
            "runs": rules.free_runs(day, len(family)) if len(family) > 1 else [],
            "refusal": refusal,
            "chosen": chosen,
        }
        return render(self.request, self.template_name, context, status=status)


class SiblingsBookView(PupilSlotsView):
    """Book the pupil and their brothers and sisters into a run of adjacent slots, all or none."""

    def post(self, request, day, pupil):
        pupil = self.get_pupil()
        family = [pupil, *rules.siblings(pupil)]
        ids = [int(pk) for pk in request.POST.get("run", "").split(",") if pk.isdigit()]
        slots = list(Slot.objects.filter(review_day=self.get_day(), pk__in=ids).select_related("staff"))
        if len(slots) != len(ids):
            return self.show(pupil, refusal=rules.NotAdjacent(), status=409)
        try:
            rules.book_siblings(slots, family, request.user)
        except rules.BookingRefused as refusal:
            return self.show(pupil, refusal=refusal, chosen=slots, status=409)
        names = ", ".join(p.first_name for p in family)
        messages.success(request, f"{names} booked one after another with {slots[0].staff.get_full_name()}.")
        return redirect("booking:day", self.get_day().pk)


class BookingMixin(ActionRequiredMixin):
    required_action = "booking.book"

    def get_booking(self) -> Booking:
        bookings = Booking.objects.visible_to(self.request.user).live().select_related("pupil", "slot__staff")
        return get_object_or_404(bookings, pk=self.kwargs["pk"])


class BookingMoveView(BookingMixin, View):
    template_name = "booking/move.html"

    def get(self, request, pk):
        return self.show(self.get_booking())

    def post(self, request, pk):
        booking = self.get_booking()
        slot = get_object_or_404(Slot, review_day=booking.review_day_id, pk=request.POST.get("slot"))
        try:
            moved = rules.move(booking, slot, request.user)
        except rules.BookingRefused as refusal:
            return self.show(booking, refusal=refusal, chosen=[slot], status=409)
        messages.success(request, f"{booking.pupil.full_name} moved to {moved.slot}. The family will be told.")
        return redirect("booking:day", booking.review_day_id)

    def show(self, booking, refusal=None, chosen=(), status=200):
        context = {
            "booking": booking,
            "day": booking.review_day,
            "free": rules.free_slots(booking.review_day, booking.pupil),
            "refusal": refusal,
            "chosen": chosen,
        }
        return render(self.request, self.template_name, context, status=status)


class BookingCancelView(BookingMixin, View):
    template_name = "booking/cancel.html"

    def get(self, request, pk):
        return self.show(self.get_booking(), CancelForm())

    def post(self, request, pk):
        booking, form = self.get_booking(), CancelForm(request.POST)
        if not form.is_valid():
            return self.show(booking, form)
        rules.cancel(booking, request.user, form.cleaned_data["reason"])
        messages.success(request, f"{booking.pupil.full_name}'s booking cancelled. The family will be told.")
        return redirect("booking:day", booking.review_day_id)

    def show(self, booking, form):
        return render(self.request, self.template_name, {"booking": booking, "form": form})


class InviteView(DayMixin, View):
    """The SENCO chooses the families to invite; each parent gets an invitation by email or letter."""

    required_action = "booking.set_up"
    template_name = "booking/invite.html"

    def get(self, request, day):
        return self.show(InviteForm())

    def post(self, request, day):
        form = InviteForm(request.POST)
        if not form.is_valid():
            return self.show(form)
        families, planned = invitations.invite(self.get_day(), form.chosen(), request.user)
        if families:
            messages.success(
                request,
                f"{families} famil{'y' if families == 1 else 'ies'} invited. {planned} invitation"
                f"{'' if planned == 1 else 's'} to parents and carers will be sent in the next minute "
                "(by email, or as letters to print).",
            )
        else:
            messages.info(request, "Those families were already invited: nobody new to invite.")
        return redirect("booking:invitations", self.get_day().pk)

    def show(self, form):
        day = self.get_day()
        context = {"day": day, "form": form, "counts": Invitation.objects.filter(review_day=day).counts()}
        return render(self.request, self.template_name, context)


INVITATION_FILTERS = {
    "": ("Everyone invited", Q()),
    "to_book": ("Still to book", Q(status=InvitationStatus.NO_REPLY)),
    "booked": ("Booked", Q(status=InvitationStatus.BOOKED)),
    "declined": ("Declined", Q(status=InvitationStatus.DECLINED)),
}


class InvitationListView(DayMixin, View):
    """Who is invited, and whether each family has booked, declined or not replied; the office works down the
    'still to book' list with the parents' phone numbers to hand."""

    template_name = "booking/invitations.html"

    def get(self, request, day):
        day = self.get_day()
        shown = request.GET.get("show", "")
        if shown not in INVITATION_FILTERS:
            shown = ""
        contacts = PupilParent.objects.filter(has_parental_responsibility=True).select_related("parent")
        rows = (
            Invitation.objects.filter(review_day=day, pupil__in=Pupil.objects.visible_to(request.user))
            .with_booking()
            .filter(INVITATION_FILTERS[shown][1])
            .select_related("pupil")
            .prefetch_related(Prefetch("pupil__parent_links", queryset=contacts, to_attr="contacts"))
        )
        context = {
            "day": day,
            "rows": rows,
            "shown": shown,
            "filters": [(key, label) for key, (label, _) in INVITATION_FILTERS.items()],
            "counts": Invitation.objects.filter(review_day=day).counts(),
            "decline_form": DeclineForm(),
        }
        return render(request, self.template_name, context)


class InvitationDeclineView(DayMixin, View):
    """The family said they cannot come (or, with undo, they changed their mind)."""

    def post(self, request, day, pk):
        invitation = get_object_or_404(
            Invitation.objects.filter(
                review_day=self.get_day(), pupil__in=Pupil.objects.visible_to(request.user)
            ).select_related("pupil"),
            pk=pk,
        )
        if request.POST.get("undo"):
            invitations.undo_decline(invitation)
            messages.success(request, f"{invitation.pupil.full_name}'s family is back on the list still to book.")
        else:
            form = DeclineForm(request.POST)
            if form.is_valid():
                invitations.record_decline(invitation, form.cleaned_data["note"], request.user)
                messages.success(request, f"Noted: {invitation.pupil.full_name}'s family cannot come on this day.")
            else:
                messages.error(request, f"Nothing was saved: {' '.join(form.errors['note'])}")
        return redirect(
            f"{reverse('booking:invitations', args=[invitation.review_day_id])}?show={request.POST.get('show', '')}"
        )
