from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from common.text import PARAGRAPHS, SENTENCES, long_text_field, one_line_field
from meetings.models import RecordVersion
from notices.models import Channel, MessageStatus


class GlossaryTerm(models.Model):
    """A specialist word explained in plain words, printed at the end of any document that uses it."""

    term = one_line_field(max_length=80, unique=True, help_text="As it is written, e.g. 'EHC plan' or 'SENCO'.")
    explanation = long_text_field(
        max_length=PARAGRAPHS, help_text="Short sentences in everyday words: parents will read this."
    )
    aliases = long_text_field(
        max_length=SENTENCES, blank=True, help_text="Other ways of writing it, one per line, e.g. 'EHCP' or 'targets'."
    )

    class Meta:
        ordering = ["term"]
        verbose_name = "glossary term"

    def __str__(self) -> str:
        return self.term

    @property
    def names(self) -> list[str]:
        return [self.term, *(line.strip() for line in self.aliases.splitlines() if line.strip())]


def shared_pdf_path(instance: "SharedRecordPdf", filename: str) -> str:
    return f"records/record-{instance.version.record_id}-v{instance.version.number}.pdf"


class SharedRecordPdf(models.Model):
    """The exact PDF the parents were given when a record version was shared: served unchanged ever after."""

    version = models.OneToOneField(RecordVersion, on_delete=models.PROTECT, related_name="shared_pdf")
    pdf = models.FileField(upload_to=shared_pdf_path)
    large_print = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "shared record PDF"

    def __str__(self) -> str:
        return f"PDF given to the parents: {self.version}"


class PreparedStatus(models.TextChoices):
    WAITING = "waiting", "Being prepared"
    WORKING = "working", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be prepared"


def prepared_path(instance: "PreparedDocument", filename: str) -> str:
    return f"prepared/{instance.kind}-{instance.pk}.pdf"


class PreparedKind(models.TextChoices):
    LETTERS = "letters", "Letters to print"
    DAY_RECORDS = "day_records", "Meeting records from a review day"


class PreparedDocument(models.Model):
    """A batch of documents rendered by the Celery worker (too slow to make someone wait), then downloaded."""

    kind = models.CharField(max_length=20, choices=PreparedKind.choices)
    review_day = models.ForeignKey(
        "booking.ReviewDay", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=PreparedStatus.choices, default=PreparedStatus.WAITING)
    pdf = models.FileField(upload_to=prepared_path, blank=True)
    error = models.TextField(blank=True)
    # What the batch could not include, and why: shown beside the download.
    left_out = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=PreparedKind.DAY_RECORDS, review_day__isnull=False)
                | (~models.Q(kind=PreparedKind.DAY_RECORDS) & models.Q(review_day__isnull=True)),
                name="prepareddocument_day_records_have_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_waiting(self) -> bool:
        return self.status in (PreparedStatus.WAITING, PreparedStatus.WORKING)


class RecordDelivery(models.Model):
    """A shared record version on its way to one person: a parent or carer with parental responsibility, or the young
    person themself. One per person and version, so sharing twice never sends twice (documents/deliveries.py).

    Its message says how it goes (an email, or a letter for the office to print and post) and when it went; this row
    adds how the email opens the record and when the person opened it."""

    version = models.ForeignKey(RecordVersion, on_delete=models.PROTECT, related_name="deliveries")
    parent = models.ForeignKey(
        "pupils.ParentCarer", null=True, blank=True, on_delete=models.PROTECT, related_name="record_deliveries"
    )
    young_person = models.ForeignKey(
        "pupils.Pupil", null=True, blank=True, on_delete=models.PROTECT, related_name="record_deliveries"
    )
    message = models.OneToOneField("notices.Message", on_delete=models.PROTECT, related_name="record_delivery")
    # Written when the email is: its link opens the portal (the person has an account) or a link of its own.
    by_portal = models.BooleanField("the email links to the parents' portal", default=False, editable=False)
    first_opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    times_opened = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "record sent to a family"
        verbose_name_plural = "records sent to families"
        constraints = [
            models.UniqueConstraint(
                fields=["version", "parent"], condition=models.Q(parent__isnull=False), name="record_once_per_parent"
            ),
            models.UniqueConstraint(
                fields=["version", "young_person"],
                condition=models.Q(young_person__isnull=False),
                name="record_once_per_young_person",
            ),
            models.CheckConstraint(
                condition=models.Q(parent__isnull=False, young_person__isnull=True)
                | models.Q(parent__isnull=True, young_person__isnull=False),
                name="record_delivery_has_one_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} to {self.recipient}"

    @property
    def recipient(self):
        return self.parent or self.young_person

    @property
    def state(self) -> str:
        """Where it stands, from its message: reached the person ('emailed', 'printed'); on its way ('to_print',
        'sending', 'retrying'); or stopped ('failed', 'missed', 'not_sent')."""
        message = self.message
        if message.status == MessageStatus.SENT:
            if message.channel != Channel.LETTER:
                return "emailed"
            return "printed" if message.printed_at else "to_print"
        if message.status == MessageStatus.PLANNED:
            return "retrying" if message.last_error else "sending"
        return {
            MessageStatus.SENDING: "sending",
            MessageStatus.FAILED: "failed",
            MessageStatus.MISSED: "missed",
        }.get(message.status, "not_sent")

    @property
    def has_reached(self) -> bool:
        return self.state in ("emailed", "printed")

    @property
    def latest_link(self) -> "RecordLink | None":
        links = list(self.links.all())  # newest first; prefetched on the record's page
        return links[0] if links else None


class RecordLink(models.Model):
    """A link in an email that opens one shared record without signing in, for someone with no portal account.

    Only a hash of its token is kept (the email's kept copy has the token taken out). It works for VALID_FOR from
    the email, as often as the person likes (each opening is noted on the delivery); a newer link for the same
    delivery (the email sent again) replaces it."""

    VALID_FOR = timedelta(days=14)

    delivery = models.ForeignKey(RecordDelivery, on_delete=models.PROTECT, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(editable=False)
    replaced_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "link to a record"

    def __str__(self) -> str:
        return f"Link to {self.delivery}"
