import threading
from datetime import time

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from common.text import ADDRESS, long_text_field, one_line_field

# The school's settings as loaded for the request or task in hand: pages and messages ask for them several times.
# Forgotten as each request or Celery task begins (school/apps.py) and whenever they are saved.
_loaded = threading.local()


class School(models.Model):
    """The school's own settings. There is one row; `School.load()` returns it, creating it if needed."""

    name = one_line_field(max_length=200, default="Our School")
    address = long_text_field(max_length=ADDRESS, blank=True)
    phone = one_line_field(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    reminder_time = models.TimeField(
        default=time(15, 30), help_text="When day-before reminders go out, on the school day before a meeting."
    )
    office_hours = one_line_field(
        max_length=200,
        blank=True,
        help_text="When parents can phone or call in, e.g. 'Monday to Friday, 8.15am to 4pm'.",
    )
    senco_availability = one_line_field(
        "when parents can speak to the SENCO",
        max_length=200,
        blank=True,
        help_text="For example 'Tuesday and Thursday mornings; book through the office'.",
    )
    head_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"role": "head"},
        help_text="Shown to parents in 'Who's who'.",
    )
    sen_governor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="SEN governor",
        limit_choices_to={"role": "head"},
        help_text="The governor responsible for SEND; parents reach them through the school office.",
    )
    # The DfE's numbers for the school, written into the Common Transfer Files it sends (mis/transfer.py).
    la_number = one_line_field(
        "local authority number",
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{3}$", "The local authority number is 3 digits, for example 823.")],
        help_text="The DfE's 3-digit number for the school's local authority (the first part of its DfE number).",
    )
    establishment_number = one_line_field(
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{4}$", "The establishment number is 4 digits, for example 2001.")],
        help_text="The school's 4-digit DfE establishment number (the second part of its DfE number).",
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
        School.forget_loaded()

    @classmethod
    def load(cls) -> "School":
        """The settings, read once per request or task (a copy kept for it), creating the row if needed."""
        school = getattr(_loaded, "school", None)
        if school is None:
            school, _ = cls.objects.get_or_create(pk=1)
            _loaded.school = school
        return school

    @classmethod
    def forget_loaded(cls, **kwargs) -> None:
        """Read the settings afresh next time (a signal receiver too: hence **kwargs)."""
        _loaded.school = None


class ClosureDay(models.Model):
    """A weekday the school is closed (bank holiday, INSET day, holiday): no reminders are timed for it."""

    date = models.DateField(unique=True)
    reason = one_line_field(max_length=100, help_text="For example 'Bank holiday' or 'INSET day'.")

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y}: {self.reason}"
