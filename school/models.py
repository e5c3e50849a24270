import copy
import threading
import uuid
from collections.abc import Callable
from datetime import date, time
from typing import TypeVar

from django.conf import settings
from django.core.validators import RegexValidator, URLValidator
from django.db import connection, models

from common import when
from common.text import ADDRESS, long_text_field, one_line_field

# The school's settings as loaded for the request or task in hand: pages and messages ask for them several times.
# Forgotten as each request or Celery task begins (school/apps.py) and whenever they are saved.
_loaded = threading.local()
T = TypeVar("T")


class _Kept:
    """The settings, term dates and closure days as this process last read them, with the row's stamp then. Every
    request or task reads the stamp (one small query) and uses these only while it is unchanged: the stamp is in the
    database, changed by every save of the settings, term dates or closure days in any process (School.changed), so
    an edit is seen by the very next request everywhere (issue 24)."""

    def __init__(self, stamp: uuid.UUID, school: "School"):
        self.stamp, self.school = stamp, school
        self.terms: dict[int, list] = {}
        self.closed: dict[int, frozenset] = {}
        self.other: dict[str, object] = {}  # School.kept: other apps' settings, changed with School.changed


_kept: _Kept | None = None  # replaced whole, never changed in place by another thread's request
_UNREAD = object()  # the stamp is not yet read in this request or task


# The settings that decide when and how reminders go: a change to one replans the messages not yet sent
# (school/signals.py).
CALENDAR_SETTINGS = (
    "reminder_time",
    "first_day_back_reminder_time",
    "letter_families_reminded",
    "remind_by_more_than_one_channel",
)


class LetterFamilyReminder(models.TextChoices):
    """A letter posted the day before a meeting arrives after it, so families who get letters are reminded another
    way, or not at all."""

    PHONE = "phone", "Ring them the day before (the office's call list)"
    NOTICE = "notice", "No reminder: their notice asks them to write the date down"


# A published document is a page on the web: an address starting http:// or https://, nothing else a link could run.
web_address = URLValidator(schemes=["https", "http"], message="Give the full web address, starting https://.")


def document_link(verbose_name: str, help_text: str) -> models.URLField:
    return models.URLField(verbose_name, max_length=500, blank=True, validators=[web_address], help_text=help_text)


class School(models.Model):
    """The school's own settings. There is one row; `School.load()` returns it, creating it if needed."""

    name = one_line_field(max_length=200, default="Our School")
    address = long_text_field(max_length=ADDRESS, blank=True)
    phone = one_line_field(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    reminder_time = models.TimeField(
        default=time(15, 30),
        help_text="When day-before reminders go out: on the school day before a meeting, or after a holiday on the "
        "last day before it.",
    )
    first_day_back_reminder_time = models.TimeField(
        "reminder time on the first day back",
        null=True,
        blank=True,
        help_text="Leave empty to remind families of a meeting on the first day after a holiday the day before, at the "
        "reminder time. Set a morning time (for example 8:00) to remind them that morning instead, for meetings later "
        "that day.",
    )
    letter_families_reminded = models.CharField(
        "day-before reminder for families who get letters",
        max_length=6,
        choices=LetterFamilyReminder.choices,
        default=LetterFamilyReminder.PHONE,
        help_text="A letter would arrive too late, so it is never sent. Families with no phone number get no "
        "reminder either way; their notice says so.",
    )
    remind_by_more_than_one_channel = models.BooleanField(
        "remind by more than one channel",
        default=False,
        help_text="Off: each parent is reminded once, the way they prefer (an email, or a phone call from the office). "
        "On: a parent who is rung is also emailed the reminder when we have their email address.",
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
    # The documents the school publishes for families (on its website): the parents' portal's help pages and the
    # letters telling parents of a change in their child's SEN support link them (pupils' SEN letters).
    sen_information_report_url = document_link(
        "SEN Information Report",
        "The web address of the school's SEN Information Report: how the school supports children with SEND.",
    )
    sen_policy_url = document_link("SEN policy", "The web address of the school's SEN policy.")
    complaints_procedure_url = document_link(
        "complaints procedure", "The web address of the school's complaints procedure."
    )
    local_offer_url = document_link(
        "Local Offer",
        "The web address of the local authority's Local Offer: the help and services for children with SEND near you.",
    )
    staff_see_whole_register = models.BooleanField(
        default=False,
        help_text="Off: staff see only the pupils they are linked with (key worker, class teacher or form tutor, "
        "teaching assistant). On: every member of staff sees the whole SEND register.",
    )

    # SEN records are special category data: an email holds a link to the record, not the record, unless the
    # school chooses otherwise (documents/deliveries.py).
    attach_records_to_emails = models.BooleanField(
        "attach records to emails",
        default=False,
        help_text="Off: an email to a family links to their child's meeting record (in the parents' portal, or by a "
        "link that works for 14 days) and the record is not in the email. On: the record's PDF is attached as well. "
        "An attachment stays in the family's mailbox and can be forwarded: leave this off unless families ask.",
    )

    # A new value with every change to the settings, term dates or closure days (School.changed): what each process
    # compares to know whether its copy still holds. Random, so a change rolled back is never mistaken for another.
    stamp = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = "school settings"
        verbose_name_plural = "school settings"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="school_single_row")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        before = School.objects.filter(pk=1).values(*CALENDAR_SETTINGS).first()
        self.stamp = uuid.uuid4()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "stamp"}
        super().save(*args, **kwargs)
        School.forget_loaded()
        if before is not None and any(before[name] != getattr(self, name) for name in CALENDAR_SETTINGS):
            from .signals import calendar_changed_on_commit

            calendar_changed_on_commit()

    @classmethod
    def load(cls) -> "School":
        """The settings, checked once per request or task (a copy of its own for each), creating the row if needed."""
        school = getattr(_loaded, "school", None)
        if school is None:
            school = _loaded.school = copy.copy(_current().school)  # a form may change its copy: never the kept one
        return school

    @classmethod
    def forget_loaded(cls, **kwargs) -> None:
        """Check the stamp again next time: at the start of each request and task (a signal receiver too: hence
        **kwargs), and after a change."""
        _loaded.school = None
        _loaded.kept = None
        _loaded.stamp = _UNREAD

    @classmethod
    def stamp_query(cls) -> models.Subquery:
        """The stamp, for a query made on every request anyway to read as well (security/session_store.py)."""
        return models.Subquery(cls.objects.filter(pk=1).values("stamp")[:1])

    @classmethod
    def stamp_read(cls, stamp: uuid.UUID | None) -> None:
        """The stamp as this request or task read it with another query: the settings need not ask again."""
        _loaded.stamp = stamp

    @classmethod
    def changed(cls, **kwargs) -> None:
        """The term dates, closure days or another app's kept settings changed: every process reads them, and the
        settings, afresh (a signal receiver too: hence **kwargs)."""
        cls.objects.filter(pk=1).update(stamp=uuid.uuid4())
        cls.forget_loaded()

    @classmethod
    def kept(cls, name: str, read: Callable[[], T]) -> T:
        """Another app's school-wide settings (`read()` them), kept with these while the stamp holds. The app calls
        School.changed whenever they change (a post_save and post_delete receiver), or every process keeps the old.
        The value is shared by every request: `read` returns something no caller changes (a tuple, a frozenset)."""
        other = _current().other
        if name not in other:
            other[name] = read()
        return other[name]

    @classmethod
    def forget_kept(cls) -> None:
        """Forget this process's copy too, as at start-up (tests begin each from nothing, so counts of queries do
        not depend on the tests before)."""
        global _kept
        _kept = None
        cls.forget_loaded()

    @property
    def address_in_one_line(self) -> str:
        """'1 School Lane, Oakfield, OK1 2AB': for the foot of a letter, out of the way of what it says."""
        return ", ".join(line.strip().rstrip(",") for line in self.address.splitlines() if line.strip())

    def published_documents(self) -> list[tuple[str, str, str]]:
        """(name, what it is in plain words, web address) of each document the school has given an address for."""
        documents = [
            ("SEN Information Report", "how the school supports children with SEND", self.sen_information_report_url),
            ("SEN policy", "the school's rules for supporting children with SEND", self.sen_policy_url),
            ("Complaints procedure", "what to do if you are unhappy with the school", self.complaints_procedure_url),
            ("The Local Offer", "the local council's guide to help and services near you", self.local_offer_url),
        ]
        return [(name, about, url) for name, about, url in documents if url]


class ClosureDay(models.Model):
    """A weekday the school is closed (bank holiday, INSET day, holiday): no reminders are timed for it."""

    date = models.DateField(unique=True)
    reason = one_line_field(max_length=100, help_text="For example 'Bank holiday' or 'INSET day'.")

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{when.date(self.date, short=True)}: {self.reason}"


class TermName(models.TextChoices):
    AUTUMN = "autumn", "Autumn"
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"


TERM_ORDER = list(TermName.values)


class TermDates(models.Model):
    """One term as the school publishes it: its first and last days with pupils, and its half-term break.

    The days between terms are holidays. A year whose three terms are not all entered falls back to the usual
    English shape (school/years.py): every weekday counts as a school day, apart from closure days."""

    term = models.CharField(max_length=6, choices=TermName.choices)
    starts_on = models.DateField("first day", help_text="The first day of the term with pupils in school.")
    ends_on = models.DateField("last day", help_text="The last day of the term with pupils in school.")
    half_term_starts_on = models.DateField(
        "half term from", null=True, blank=True, help_text="The first weekday of the half-term break."
    )
    half_term_ends_on = models.DateField(
        "half term to", null=True, blank=True, help_text="The last weekday of the half-term break."
    )

    class Meta:
        verbose_name = "term dates"
        verbose_name_plural = "term dates"
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["starts_on"], name="termdates_one_term_starts_each_day"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="termdates_in_order"),
            models.CheckConstraint(
                condition=models.Q(half_term_starts_on__isnull=True, half_term_ends_on__isnull=True)
                | models.Q(
                    half_term_starts_on__gt=models.F("starts_on"),
                    half_term_ends_on__gte=models.F("half_term_starts_on"),
                    half_term_ends_on__lt=models.F("ends_on"),
                ),
                name="termdates_half_term_inside_the_term",
            ),
        ]

    def __str__(self) -> str:
        starts, ends = when.date(self.starts_on, short=True), when.date(self.ends_on, short=True)
        return f"{self.get_term_display()} term {starts} to {ends}"

    @property
    def academic_year_start(self) -> int:
        return self.starts_on.year if self.starts_on.month >= 9 else self.starts_on.year - 1

    def is_open_on(self, day) -> bool:
        """A day of this term with pupils in (before weekends and closure days are taken out)."""
        if not self.starts_on <= day <= self.ends_on:
            return False
        return not (self.half_term_starts_on and self.half_term_starts_on <= day <= self.half_term_ends_on)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                errors["ends_on"] = "The last day must be on or after the first day."
            else:
                year = self.academic_year_start
                if self.ends_on > date(year + 1, 8, 31):
                    errors["ends_on"] = "A term ends within the academic year it starts in (by 31 August)."
                same_year = TermDates.objects.exclude(pk=self.pk).filter(
                    starts_on__gte=date(year, 9, 1), starts_on__lte=date(year + 1, 8, 31)
                )
                if self.term and same_year.filter(term=self.term).exists():
                    errors["term"] = (
                        f"The {self.get_term_display()} term of {year}/{(year + 1) % 100:02d} is already entered."
                    )
                overlapping = same_year.filter(starts_on__lte=self.ends_on, ends_on__gte=self.starts_on).first()
                if overlapping:
                    errors["starts_on"] = f"These dates overlap the {overlapping}."
                elif self.term and "term" not in errors:
                    position = TERM_ORDER.index(self.term)
                    for other in same_year:
                        other_position = TERM_ORDER.index(other.term)
                        if (other_position < position) != (other.starts_on < self.starts_on):
                            errors["term"] = (
                                f"The terms run autumn, spring, summer: this one cannot come "
                                f"{'before' if other.starts_on > self.starts_on else 'after'} the {other}."
                            )
                            break
        if bool(self.half_term_starts_on) != bool(self.half_term_ends_on):
            errors["half_term_ends_on"] = "Give both the first and last day of the half-term break, or neither."
        elif (
            self.half_term_starts_on
            and self.starts_on
            and self.ends_on
            and not (self.starts_on < self.half_term_starts_on <= self.half_term_ends_on < self.ends_on)
        ):
            errors["half_term_starts_on"] = "The half-term break falls inside the term, after its first day."
        if errors:
            raise ValidationError(errors)

    @classmethod
    def of_year(cls, start_year: int) -> list["TermDates"]:
        """The year's entered terms, in order: kept with the school's settings while their stamp holds."""
        cached = _current().terms
        if start_year not in cached:
            cached[start_year] = list(
                cls.objects.filter(starts_on__gte=date(start_year, 9, 1), starts_on__lte=date(start_year + 1, 8, 31))
            )
        return list(cached[start_year])  # the kept list stays as read, whatever a caller does with its own


def _current() -> _Kept:
    """This process's copy of the settings, checked against the stamp in the database once per request or task."""
    global _kept
    kept = getattr(_loaded, "kept", None)
    if kept is not None:
        return kept
    kept = _kept
    stamp = getattr(_loaded, "stamp", _UNREAD)
    if stamp is _UNREAD and kept is not None:  # with nothing kept, the row itself is read: no stamp needed first
        table, column = School._meta.db_table, School._meta.get_field("stamp").column
        with connection.cursor() as cursor:  # plain SQL: this runs on most requests, and is all most of them need
            quote = connection.ops.quote_name
            cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE {quote(School._meta.pk.column)} = 1")
            row = cursor.fetchone()
        stamp = School._meta.get_field("stamp").to_python(row[0]) if row else None
    if kept is None or kept.stamp != stamp:
        school, _ = School.objects.get_or_create(pk=1)
        kept = _kept = _Kept(school.stamp, school)
    _loaded.kept = kept
    return kept
