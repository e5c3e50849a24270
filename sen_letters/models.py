from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from common.text import RECORD_SECTION, long_text_field, one_line_field
from pupils.models import Pupil, SenStatus


class LetterChange(models.TextChoices):
    """The changes parents are written to about (SEND Code of Practice 6.39: told when SEN support starts)."""

    SEN_SUPPORT = "sen_support", "Starts SEN support"
    EHC_PLAN = "ehc_plan", "Has an EHC plan"
    OFF_SEN_SUPPORT = "off_sen_support", "Comes off SEN support"


def change_between(before: str, after: str) -> str | None:
    """Which letter a change of SEN status calls for, if any: to SEN support (from no SEN, monitoring, the register
    left, or an EHC plan that ended), to an EHC plan, or off SEN support (no SEN, off the register, or back to
    monitoring). Monitoring alone is the school's own watch: no letter."""
    if before == after:
        return None
    if after == SenStatus.SEN_SUPPORT:
        return LetterChange.SEN_SUPPORT
    if after == SenStatus.EHC_PLAN:
        return LetterChange.EHC_PLAN
    if before in (SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN):
        return LetterChange.OFF_SEN_SUPPORT
    return None


class SenStatusLetterQuerySet(models.QuerySet):
    def waiting(self) -> "SenStatusLetterQuerySet":
        """Drafts the SENCO has neither approved nor discarded."""
        return self.filter(approved_at__isnull=True, discarded_at__isnull=True)


class SenStatusLetter(models.Model):
    """The letter (or email) telling a pupil's parents that their SEN support starts, changes or ends: drafted when
    the status changes (by hand or by the MIS import), checked and perhaps reworded by the SENCO, then sent once to
    each parent with parental responsibility (sen_letters/sending.py). A pupil has at most one letter waiting: a
    later change overtakes it, measured from where the parents were last told (sen_letters/drafting.py)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="sen_letters")
    change = models.CharField(max_length=20, choices=LetterChange.choices, editable=False)
    from_status = models.CharField("SEN status before", max_length=1, choices=SenStatus.choices, editable=False)
    to_status = models.CharField("SEN status after", max_length=1, choices=SenStatus.choices, editable=False)
    changed_on = models.DateField(editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    source = one_line_field(max_length=300, blank=True, editable=False)  # "From the MIS (file)"; blank: by hand
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Empty until the SENCO changes the words: until then the page shows the default words from the school's settings
    # as they are now (sen_letters/wording.py), and approving keeps them here as sent.
    text = long_text_field("the letter", max_length=RECORD_SECTION, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    approved_at = models.DateTimeField(null=True, editable=False)
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    discarded_at = models.DateTimeField(null=True, editable=False)
    discard_reason = one_line_field("why it was not sent", max_length=300, blank=True)

    objects = SenStatusLetterQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "letter about a change in SEN support"
        verbose_name_plural = "letters about changes in SEN support"
        constraints = [
            # The same change makes one draft; a later change overtakes a draft still waiting (sen_letters/drafting.py).
            models.UniqueConstraint(
                fields=["pupil"],
                condition=Q(approved_at__isnull=True, discarded_at__isnull=True),
                name="senstatusletter_one_waiting_per_pupil",
            ),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(discarded_at__isnull=True),
                name="senstatusletter_sent_or_discarded_not_both",
            ),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | ~Q(text=""), name="senstatusletter_sent_words_kept"
            ),
            models.CheckConstraint(
                condition=Q(discarded_at__isnull=True) | ~Q(discard_reason=""),
                name="senstatusletter_discard_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["approved_at", "discarded_at"])]

    def __str__(self) -> str:
        return f"{self.get_change_display()}: {self.pupil}"

    @property
    def is_waiting(self) -> bool:
        return self.approved_at is None and self.discarded_at is None

    @property
    def is_sent(self) -> bool:
        return self.approved_at is not None
