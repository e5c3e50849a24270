"""Every contact with a family, and the concerns parents raise, each answered within 24 hours of school time."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from common import when
from common.text import long_text_field
from notices.models import StaffReminder
from pupils.models import ParentCarer, Pupil, about_pupils_seen_by
from school.calendar import school_time_between

from . import response_time


class Channel(models.TextChoices):
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    DIARY = "diary", "Home-school diary"
    FACE_TO_FACE = "face", "Face to face"
    TEXT = "text", "Text message"


class Direction(models.TextChoices):
    FROM_FAMILY = "in", "From the family"
    TO_FAMILY = "out", "To the family"


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ContactQuerySet":
        """Contacts about the pupils this person may see (`Pupil.objects.visible_to`): the one rule."""
        return about_pupils_seen_by(self, user)


class Contact(models.Model):
    """One contact with a family: a call, an email, a letter, a diary note, a conversation or a text."""

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="family_contacts")
    parent = models.ForeignKey(
        ParentCarer,
        verbose_name="parent or carer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="family_contacts",
    )
    channel = models.CharField("how", max_length=10, choices=Channel.choices)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    happened_at = models.DateTimeField("when", default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recorded_contacts"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    summary = long_text_field(max_length=500, help_text="A sentence or two, in plain words.")
    is_positive_news = models.BooleanField("positive news", default=False)
    raises_concern = models.BooleanField("the parent raised a concern", default=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_at", "-pk"]
        indexes = [models.Index(fields=["happened_at"])]  # a term's or a week's contacts: figures, good news

    def __str__(self) -> str:
        on = when.date(self.happened_at, short=True)
        return f"{self.get_channel_display()} {self.get_direction_display().lower()}, {on}"


class ConcernQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ConcernQuerySet":
        return about_pupils_seen_by(self, user, "contact__pupil")

    def open(self) -> "ConcernQuerySet":
        return self.filter(responded_at__isnull=True)

    def overdue(self, now: datetime | None = None) -> "ConcernQuerySet":
        return self.open().filter(due_at__lt=now or timezone.now())


class Concern(models.Model):
    """A concern a parent raised: someone on the staff answers it by `due_at`, 24 hours of school time after it was
    raised (contacts/response_time.py)."""

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="concern")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="who will respond", on_delete=models.PROTECT, related_name="concerns"
    )
    due_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    response_summary = long_text_field("what we said or did", max_length=500, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["responded_at", "due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(responded_at__isnull=True, responded_by__isnull=True)
                | Q(responded_at__isnull=False, responded_by__isnull=False),
                name="concern_response_has_author",
            ),
        ]

    def __str__(self) -> str:
        return f"Concern about {self.contact.pupil}, due {when.day_at(self.due_at, short=True)}"

    @staticmethod
    def due_after(raised_at: datetime) -> datetime:
        """24 hours of school time later: raised at 4pm on a Friday, due by 4pm on Monday."""
        return response_time.due_after(raised_at)

    @property
    def due_in_words(self) -> str:
        """'by 4pm on Monday 7 December 2026', 'by 9:30am tomorrow': for pages and emails to staff."""
        return when.by_when(self.due_at)

    @property
    def is_open(self) -> bool:
        return self.responded_at is None

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.is_open and self.due_at < (now or timezone.now())

    @property
    def response_school_hours(self) -> float | None:
        """The time taken to answer, counting school days only (a weekend in between does not count)."""
        if self.responded_at is None:
            return None
        return school_time_between(self.contact.happened_at, self.responded_at).total_seconds() / 3600

    @property
    def answered_in_time(self) -> bool | None:
        """Within 24 hours of school time, by the school's calendar as it is now; None while open."""
        if self.responded_at is None:
            return None
        return response_time.answered_in_time(self.contact.happened_at, self.responded_at)


class ConcernReminder(StaffReminder):
    """An email to the person answering a concern, 4 hours of the working day before it is due
    (`response_time.reminder_time`): a row, claimed before sending."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="reminders")

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["status", "due_at"])]
        constraints = [
            models.UniqueConstraint(fields=["concern", "recipient", "due_at"], name="concernreminder_once"),
        ]

    def __str__(self) -> str:
        return f"Reminder about {self.concern} ({self.get_status_display()})"
