"""Events and groups for parents: coffee mornings, information events, workshops, support groups, parents' evenings.

Who is invited follows from the event's audience when the invitations are sent; each guest is one parent or carer,
with the children that brought the invitation, and their attendance is recorded on the day.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.text import PARAGRAPHS, long_text_field, one_line_field
from pupils.models import AreaOfNeed, ParentCarer, Pupil, YearGroup


class EventKind(models.TextChoices):
    COFFEE_MORNING = "coffee", "Coffee morning"
    INFORMATION = "information", "Information event"
    WORKSHOP = "workshop", "Workshop"
    SUPPORT_GROUP = "support_group", "Support group"
    PARENTS_EVENING = "parents_evening", "Parents' evening"


class Audience(models.TextChoices):
    ALL_SEND = "all", "All families on the SEND register"
    NEED = "need", "Families of pupils with a particular need"
    YEAR_GROUP = "year", "Families in a year group"
    CHOSEN = "chosen", "Chosen families"


class EventQuerySet(models.QuerySet):
    def upcoming(self, now) -> "EventQuerySet":
        return self.filter(ends_at__gte=now, cancelled_at__isnull=True)

    def held(self, now) -> "EventQuerySet":
        """Events that have taken place: begun before `now` and not cancelled."""
        return self.filter(starts_at__lt=now, cancelled_at__isnull=True)

    def visible_to(self, user) -> "EventQuerySet":
        """The SENCO and staff see the school's events (who came is scoped further by `Guest.objects.visible_to`)."""
        from accounts.permissions import user_can

        if user_can(user, "events.view"):
            return self.all()
        return self.none()


class Event(models.Model):
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    topic = one_line_field(max_length=200, help_text="What it is about, in a few plain words.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = one_line_field(max_length=200, help_text="Where in school (or elsewhere), so parents can find it.")
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.ALL_SEND)
    need = models.CharField(
        "need", max_length=4, choices=AreaOfNeed.choices, blank=True, help_text="For a particular need only."
    )
    year_group = models.SmallIntegerField(choices=YearGroup.choices, null=True, blank=True)
    chosen_pupils = models.ManyToManyField(
        Pupil, blank=True, related_name="+", help_text="For chosen families only: their children."
    )
    creche_offered = models.BooleanField("creche offered", default=False)
    notes = long_text_field("notes for parents", max_length=PARAGRAPHS, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(condition=~Q(audience="need") | ~Q(need=""), name="event_need_audience_names_need"),
            models.CheckConstraint(
                condition=~Q(audience="year") | Q(year_group__isnull=False), name="event_year_audience_names_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.topic}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def has_begun(self, now) -> bool:
        return self.starts_at <= now

    def audience_description(self) -> str:
        if self.audience == Audience.NEED:
            return f"Families of pupils with {self.get_need_display().lower()} ({self.need})"
        if self.audience == Audience.YEAR_GROUP:
            return f"Families in {self.get_year_group_display()}"
        return self.get_audience_display()


class Handout(models.Model):
    """A file given out at (or before) the event: slides, a leaflet."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="handouts")
    title = one_line_field(max_length=200)
    file = models.FileField(upload_to="event-handouts/%Y/")
    added_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title


class GuestQuerySet(models.QuerySet):
    def visible_to(self, user) -> "GuestQuerySet":
        """The SENCO sees every guest; staff see the guests whose children they may see; nobody else any."""
        from accounts.models import Role

        if not user.is_authenticated:
            return self.none()
        if user.role == Role.SENCO:
            return self.all()
        if user.role == Role.STAFF:
            return self.filter(children__in=Pupil.objects.visible_to(user)).distinct()
        return self.none()


class Guest(models.Model):
    """One parent or carer invited to an event, the children the invitation is about, and whether they came."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="guests")
    parent = models.ForeignKey(ParentCarer, on_delete=models.PROTECT, related_name="event_guests")
    children = models.ManyToManyField(Pupil, related_name="event_guests")
    invited_at = models.DateTimeField(null=True, blank=True)
    # None until attendance is taken: came, or did not come.
    attended = models.BooleanField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)

    objects = GuestQuerySet.as_manager()

    class Meta:
        ordering = ["parent__last_name", "parent__first_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "parent"], name="guest_once_per_event")]

    def __str__(self) -> str:
        return f"{self.parent} at {self.event}"
