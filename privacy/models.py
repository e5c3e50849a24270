from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Role


class AccessAction(models.TextChoices):
    VIEWED = "viewed", "Viewed the record"
    DOWNLOADED_PDF = "downloaded_pdf", "Downloaded a PDF"
    EXPORTED = "exported", "Exported"


class AccessLogEntryQuerySet(models.QuerySet):
    def about_pupil(self, pupil) -> "AccessLogEntryQuerySet":
        return self.filter(pupil=pupil)

    def about_parent(self, parent) -> "AccessLogEntryQuerySet":
        return self.filter(parent=parent)


class AccessLogEntry(models.Model):
    """Someone looked at, downloaded or exported personal data: who, when, what and from which address.

    Written only through `privacy.access_log.record`; never changed or deleted in the app. Not to be confused
    with the partnership audit (`audits/`), which is the school's review of its work with parents.
    """

    # The person's name and role are kept as they were, so an entry still says who it was if the account goes.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    user_name = models.CharField("who", max_length=200)
    user_role = models.CharField("their role", max_length=20, choices=Role.choices)
    at = models.DateTimeField("when", default=timezone.now, db_index=True)
    action = models.CharField(max_length=20, choices=AccessAction.choices)
    # The pupil (or, for a parent's own export, the parent) the data was about; blank for batches of many.
    pupil = models.ForeignKey(
        "pupils.Pupil", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    parent = models.ForeignKey(
        "pupils.ParentCarer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    what = models.CharField(max_length=200, help_text="e.g. 'Meeting record, version 2 (PDF)'.")
    path = models.CharField("address", max_length=500, blank=True)

    objects = AccessLogEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"
        indexes = [
            models.Index(fields=["pupil", "at"], name="accesslog_pupil_at"),
            models.Index(fields=["parent", "at"], name="accesslog_parent_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user_name}: {self.get_action_display().lower()}, {self.what}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Access log entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Access log entries are never deleted.")
