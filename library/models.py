"""The lending library: resources for use at home, each item with numbered copies lent to a family until a date."""

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q

from common.text import PARAGRAPHS, long_text_field, one_line_field
from pupils.models import AreaOfNeed, ParentCarer, Pupil, about_pupils_seen_by


class ItemKind(models.TextChoices):
    BOOK = "book", "Book"
    GAME = "game", "Game"
    SENSORY = "sensory", "Sensory resource"
    VISUAL = "visual", "Visual support"
    OTHER = "other", "Other"


class ItemQuerySet(models.QuerySet):
    def with_availability(self) -> "ItemQuerySet":
        """Each item with `copies_in_use` (not withdrawn), `copies_out` (of those, lent now) and `available`."""
        in_use = Q(copies__withdrawn=False)
        return self.annotate(
            copies_in_use=Count("copies", filter=in_use, distinct=True),
            copies_out=Count(
                "copies__loans", filter=in_use & Q(copies__loans__returned_on__isnull=True), distinct=True
            ),
        ).annotate(available=F("copies_in_use") - F("copies_out"))

    def matching(self, text: str) -> "ItemQuerySet":
        items = self
        for term in text.split():
            items = items.filter(title__icontains=term)
        return items


class Item(models.Model):
    title = one_line_field(max_length=200)
    kind = models.CharField(max_length=10, choices=ItemKind.choices, default=ItemKind.BOOK)
    description = long_text_field("what it is and how it helps", max_length=PARAGRAPHS, blank=True)
    need = models.CharField("suits a need", max_length=4, choices=AreaOfNeed.choices, blank=True)
    loan_days = models.PositiveSmallIntegerField("usual loan (days)", default=28)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class Copy(models.Model):
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="copies")
    label = one_line_field(max_length=30, unique=True, help_text="The label on the copy, e.g. LIB-014.")
    condition = one_line_field(max_length=200, blank=True)
    withdrawn = models.BooleanField(default=False, help_text="Lost, worn out or given away: no longer lent.")

    class Meta:
        ordering = ["item", "label"]
        verbose_name_plural = "copies"

    def __str__(self) -> str:
        return f"{self.item} ({self.label})"


class LoanQuerySet(models.QuerySet):
    def out(self) -> "LoanQuerySet":
        return self.filter(returned_on__isnull=True)

    def overdue(self, today) -> "LoanQuerySet":
        return self.out().filter(due_back_on__lt=today)

    def visible_to(self, user) -> "LoanQuerySet":
        """Loans for the pupils this person may see: the one place that decides it for every library page."""
        return about_pupils_seen_by(self, user)


class Loan(models.Model):
    """A copy lent to a family: to a parent or carer, for a child, until a due-back date."""

    copy = models.ForeignKey(Copy, on_delete=models.PROTECT, related_name="loans")
    parent = models.ForeignKey(ParentCarer, on_delete=models.PROTECT, related_name="loans")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="loans")
    lent_on = models.DateField()
    due_back_on = models.DateField()
    returned_on = models.DateField(null=True, blank=True)
    lent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    returned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The last renewal (a new due-back date): who agreed it and when.
    renewed_on = models.DateField(null=True, blank=True)
    renewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = LoanQuerySet.as_manager()

    class Meta:
        ordering = ["-lent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["copy"], condition=Q(returned_on__isnull=True), name="loan_one_open_per_copy"
            ),
            models.CheckConstraint(condition=Q(due_back_on__gte=models.F("lent_on")), name="loan_due_after_lent"),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=models.F("lent_on")),
                name="loan_returned_after_lent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.copy} lent to {self.parent}"

    @property
    def is_out(self) -> bool:
        return self.returned_on is None

    def is_overdue(self, today) -> bool:
        return self.is_out and self.due_back_on < today
