from django.conf import settings
from django.db import models

from common.text import PARAGRAPHS, SENTENCES, long_text_field, one_line_field
from meetings.models import RecordVersion


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
