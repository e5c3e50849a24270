import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from common import when

UPLOADS_KEPT = datetime.timedelta(days=1)


class ColumnMapping(models.Model):
    """How the SENCO matched the columns of a CSV file the portal did not know to the import's fields, kept so the
    next file with the same headings is read the same way without asking again."""

    # The file's headings, normalised (`csv_formats.headings_key`): the same export from the same MIS matches.
    headings_key = models.CharField(max_length=64, unique=True, editable=False)
    headings = models.JSONField(help_text="The file's column headings, as they were written.")
    # {field name: heading}, field names from csv_formats.FIELDS.
    mapping = models.JSONField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "saved column mapping"

    def __str__(self) -> str:
        return f"Columns of a file headed {', '.join(self.headings[:3])}..."


class PendingImport(models.Model):
    """A file the SENCO uploaded and previewed, waiting to be applied. Applying reads the file again and applies it
    only if the preview it would show is the one the SENCO saw (`plan_fingerprint`); it is then deleted. Files not
    applied are deleted after a day (`forget_old`)."""

    token = models.CharField(max_length=64, unique=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=255, editable=False)  # as the browser sent it
    data = models.BinaryField()
    # How to read it, as decided on the upload page: the SENCO's 'this is not every pupil', the text encoding they
    # confirmed for a file that is not UTF-8, and the column mapping for a CSV file.
    partial = models.BooleanField(default=False)
    encoding = models.CharField(max_length=40, blank=True, editable=False)
    mapping = models.JSONField(null=True, blank=True)
    plan_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    def __str__(self) -> str:
        return f"{self.file_name} ({when.day_at(self.uploaded_at, short=True)})"

    @classmethod
    def forget_old(cls) -> None:
        """A file of the whole school's names is not kept longer than the SENCO needs to check it."""
        cls.objects.filter(uploaded_at__lt=timezone.now() - UPLOADS_KEPT).delete()
