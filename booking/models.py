"""SEND parent review days: the day, who holds appointments where, the slot grid, and the bookings.

Weekly appointment slots reuse the same machinery: a WeeklySeries makes one ReviewDay of kind 'weekly' for each
school week it runs, with one member of staff in one room, and the office books those exactly like a review day.

Never double-booked, held by the database: a slot has at most one live booking, a pupil at most one live
booking per review day, and on PostgreSQL an exclusion constraint (migration 0002) keeps a member of staff's
slots from overlapping. Nothing is deleted: a cancelled or moved booking keeps its row, with `cancelled_at`.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Concat
from django.utils import timezone

from common import when
from common.text import SENTENCES, long_text_field, one_line_field
from meetings.models import Meeting
from pupils.models import Pupil, about_pupils_seen_by
from school.calendar import why_closed


def parse_breaks(text: str) -> list[tuple[time, time]]:
    """Breaks written one per line as '12:00-13:00'; raises ValueError on a line it cannot read."""
    breaks = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        start, _, end = line.replace("–", "-").partition("-")
        starts, ends = time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
        if ends <= starts:
            raise ValueError(f"'{line}' ends before it starts")
        breaks.append((starts, ends))
    return sorted(breaks)


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"


class WeeklySeries(models.Model):
    """Weekly appointment slots, e.g. every Tuesday 08:40 to 09:20 in term time, with one member of staff in
    one room. Each week it runs (holidays and closure days skipped) is a ReviewDay of kind 'weekly' with its own
    slots."""

    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField("first appointment starts")
    ends_at = models.TimeField("last appointment ends by")
    slot_minutes = models.PositiveSmallIntegerField("length of each appointment (minutes)", default=20)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    room = one_line_field(max_length=100, help_text="Where parents will find them, e.g. 'Library (room 4)'.")
    first_date = models.DateField("from", help_text="The first week it runs, e.g. the start of term.")
    last_date = models.DateField("until", help_text="The last week it runs, e.g. the end of term.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first_date", "weekday", "starts_at"]
        verbose_name_plural = "weekly series"
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=4), name="weeklyseries_on_a_weekday"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="weeklyseries_ends_after_start"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="weeklyseries_slot_at_least_5_minutes"),
            models.CheckConstraint(condition=Q(last_date__gte=F("first_date")), name="weeklyseries_last_after_first"),
        ]

    def __str__(self) -> str:
        return (
            f"Every {self.get_weekday_display()} {when.clock(self.starts_at)} to {when.clock(self.ends_at)} "
            f"with {self.staff.get_full_name()}"
        )

    def weeks(self) -> list[date]:
        """Each date on the weekday from the first date to the last (holidays and closure days not yet taken out)."""
        on = self.first_date + timedelta(days=(self.weekday - self.first_date.weekday()) % 7)
        dates = []
        while on <= self.last_date:
            dates.append(on)
            on += timedelta(weeks=1)
        return dates


class DayKind(models.TextChoices):
    REVIEW_DAY = "review_day", "Review day"
    WEEKLY = "weekly", "Weekly appointments"


class ReviewDay(models.Model):
    """A SEND parent review day: short appointments with the SENCO or a colleague, booked by the office.

    Or, of kind 'weekly', one week's occurrence of a WeeklySeries: booked the same way.
    """

    kind = models.CharField(max_length=20, choices=DayKind.choices, default=DayKind.REVIEW_DAY)
    series = models.ForeignKey(WeeklySeries, null=True, blank=True, on_delete=models.PROTECT, related_name="days")
    date = models.DateField()
    starts_at = models.TimeField("first appointment starts")
    ends_at = models.TimeField("last appointment ends by")
    slot_minutes = models.PositiveSmallIntegerField("length of each appointment (minutes)", default=20)
    breaks = long_text_field(
        max_length=SENTENCES,
        blank=True,
        help_text="One per line, e.g. '12:00-13:00'. No appointments are offered in a break.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="reviewday_ends_after_start"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="reviewday_slot_at_least_5_minutes"),
            models.CheckConstraint(
                condition=Q(kind=DayKind.WEEKLY, series__isnull=False)
                | Q(kind=DayKind.REVIEW_DAY, series__isnull=True),
                name="reviewday_weekly_has_series",
            ),
            models.UniqueConstraint(fields=["series", "date"], name="reviewday_series_once_a_day"),
        ]

    def __str__(self) -> str:
        if self.is_weekly:
            return f"Weekly appointments, {when.day(self.date)}"
        return f"Review day, {when.day(self.date)}"

    @property
    def is_weekly(self) -> bool:
        return self.kind == DayKind.WEEKLY

    def break_periods(self) -> list[tuple[time, time]]:
        return parse_breaks(self.breaks)

    def at(self, moment: time) -> datetime:
        """An aware datetime on this day at a wall-clock time in the school's time zone."""
        return timezone.make_aware(datetime.combine(self.date, moment))

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The day must end after it starts."
        if self.date and self.date.weekday() >= 5:
            errors["date"] = "That is a weekend, when school is closed: choose a weekday."
        elif self.date and (closed := why_closed(self.date)):
            errors["date"] = f"The school is closed that day ({closed}): choose another day."
        try:
            parse_breaks(self.breaks)
        except ValueError as error:
            errors["breaks"] = f"Write each break as '12:00-13:00' on its own line ({error})."
        if errors:
            raise ValidationError(errors)


class ReviewDayStaff(models.Model):
    """A member of staff holding appointments on a review day, and the room they are in."""

    review_day = models.ForeignKey(ReviewDay, on_delete=models.CASCADE, related_name="staff_lines")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    room = one_line_field(max_length=100, help_text="Where parents will find them, e.g. 'Library (room 4)'.")

    class Meta:
        ordering = ["review_day", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review_day", "staff"], name="reviewdaystaff_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.staff.get_full_name()} in {self.room}"


class Slot(models.Model):
    """One appointment time with one member of staff in one room."""

    review_day = models.ForeignKey(ReviewDay, on_delete=models.CASCADE, related_name="slots")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    room = one_line_field(max_length=100)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review_day", "staff", "starts_at"], name="slot_unique_staff_time"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{when.clock(self.starts_at)} with {self.staff.get_full_name()}"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class BookingQuerySet(models.QuerySet):
    def live(self) -> "BookingQuerySet":
        return self.filter(cancelled_at__isnull=True)

    def visible_to(self, user) -> "BookingQuerySet":
        return about_pupils_seen_by(self, user)


class Booking(models.Model):
    """A pupil's family booked into a slot; the appointment itself is a Meeting of type 'review day slot'."""

    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    # The slot's day, kept here so the database can hold 'one live booking per pupil per day'.
    review_day = models.ForeignKey(ReviewDay, on_delete=models.PROTECT, related_name="bookings")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="review_day_bookings")
    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="review_day_booking")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancellation_reason = long_text_field(max_length=SENTENCES, blank=True)
    moved_to = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="moved_from")

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"], condition=Q(cancelled_at__isnull=True), name="booking_one_live_per_slot"
            ),
            models.UniqueConstraint(
                fields=["review_day", "pupil"],
                condition=Q(cancelled_at__isnull=True),
                name="booking_one_live_per_pupil_per_day",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancellation_reason=""),
                name="booking_cancellation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} at {self.slot}"

    @property
    def is_live(self) -> bool:
        return self.cancelled_at is None


class InvitationStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    DECLINED = "declined", "Declined"
    NO_REPLY = "no_reply", "Not replied yet"


class InvitationQuerySet(models.QuerySet):
    def with_booking(self) -> "InvitationQuerySet":
        """Each invitation with the family's live booking on the day (its id, time and member of staff, if any)
        and its `status`: booked (whatever was said before), declined, or not replied yet."""
        live = Booking.objects.live().filter(review_day=models.OuterRef("review_day"), pupil=models.OuterRef("pupil"))
        staff_name = Concat("slot__staff__first_name", models.Value(" "), "slot__staff__last_name")
        return self.annotate(
            booking_id=models.Subquery(live.values("pk")[:1]),
            booked_at=models.Subquery(live.values("slot__starts_at")[:1]),
            booked_with=models.Subquery(live.annotate(name=staff_name).values("name")[:1]),
        ).annotate(
            status=models.Case(
                models.When(booking_id__isnull=False, then=models.Value(InvitationStatus.BOOKED)),
                models.When(declined_at__isnull=False, then=models.Value(InvitationStatus.DECLINED)),
                default=models.Value(InvitationStatus.NO_REPLY),
                output_field=models.CharField(),
            )
        )

    def still_to_book(self) -> "InvitationQuerySet":
        """Invited, not booked, not declined: the families the office still needs to hear from."""
        return self.with_booking().filter(status=InvitationStatus.NO_REPLY)

    def counts(self) -> dict[str, int]:
        """How many are invited, and how many of them booked, declined and not replied yet: as `with_booking`
        decides each status, but asking only whether a live booking exists (an index look-up for each family),
        not for the booking's time and staff three times over in every count."""
        live = Booking.objects.live().filter(review_day=models.OuterRef("review_day"), pupil=models.OuterRef("pupil"))
        booked, declined = Q(has_booking=True), Q(declined_at__isnull=False)
        return self.annotate(has_booking=models.Exists(live)).aggregate(
            invited=models.Count("pk"),
            booked=models.Count("pk", filter=booked),
            declined=models.Count("pk", filter=~booked & declined),
            no_reply=models.Count("pk", filter=~booked & ~declined),
        )


class Invitation(models.Model):
    """A family invited to a review day. Booked, declined or not replied yet: the office works through the list.

    Booked is not stored: it is whether the pupil has a live booking on the day, so it can never disagree.
    """

    review_day = models.ForeignKey(ReviewDay, on_delete=models.CASCADE, related_name="invitations")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="review_day_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_note = one_line_field(
        "what the family said", max_length=300, blank=True, help_text="e.g. 'Both parents work that day; call back.'"
    )
    declined_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["review_day", "pupil__legal_last_name", "pupil__legal_first_name"]
        constraints = [
            models.UniqueConstraint(fields=["review_day", "pupil"], name="invitation_once_per_pupil_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} invited to {self.review_day}"
