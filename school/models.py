from datetime import time

from django.db import models


class School(models.Model):
    """The school's own settings. There is one row; `School.load()` returns it, creating it if needed."""

    name = models.CharField(max_length=200, default="Our School")
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    reminder_time = models.TimeField(
        default=time(15, 30), help_text="When day-before reminders go out, on the school day before a meeting."
    )
    staff_see_whole_register = models.BooleanField(
        default=False,
        help_text="Off: staff see only the pupils they are linked with (key worker, class teacher or form tutor, "
        "teaching assistant). On: every member of staff sees the whole SEND register.",
    )

    class Meta:
        verbose_name = "school settings"
        verbose_name_plural = "school settings"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="school_single_row")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "School":
        school, _ = cls.objects.get_or_create(pk=1)
        return school


class ClosureDay(models.Model):
    """A weekday the school is closed (bank holiday, INSET day, holiday): no reminders are timed for it."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=100, help_text="For example 'Bank holiday' or 'INSET day'.")

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y}: {self.reason}"
