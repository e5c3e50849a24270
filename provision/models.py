"""The school's provision map: the interventions it runs, the groups that run them, who is in each group and when,
and the entry and exit measures that show whether they made a difference (docs/provision-map.md).

Costs: a session costs its minutes at the staff cost band's hourly rate; an intervention's resources cost so much a
term, shared between the pupils in the group. Rules that need more than one row (a group never larger than its set
size on any day, a pupil never in the same group twice at once, an exit measure in the entry measure's unit) are
checked in `clean`, which the forms and the admin call.
"""

from datetime import date, time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from common import when
from common.text import PARAGRAPHS, SENTENCES, long_text_field, one_line_field
from pupils.models import AreaOfNeed, Pupil, sees_every_pupil
from services.models import validate_needs

from . import rules

PENNY = Decimal("0.01")


class Wave(models.IntegerChoices):
    """The graduated approach's three waves of provision (SEND Code of Practice)."""

    QUALITY_FIRST = 1, "Wave 1: quality-first teaching"
    SMALL_GROUP = 2, "Wave 2: small group"
    INDIVIDUAL = 3, "Wave 3: individual"


class InterventionKind(models.TextChoices):
    READING = "reading", "Reading"
    WRITING = "writing", "Writing"
    MATHS = "maths", "Maths"
    SPEECH_AND_LANGUAGE = "speech_language", "Speech and language"
    SOCIAL_SKILLS = "social_skills", "Social skills"
    EMOTIONAL_SUPPORT = "emotional_support", "Emotional support"
    MOTOR_SKILLS = "motor_skills", "Motor skills"
    ATTENTION = "attention", "Attention and behaviour"
    OTHER = "other", "Other"


class Weekday(models.IntegerChoices):
    # date.weekday() numbers: pupils are in Monday to Friday only.
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"


class Unit(models.TextChoices):
    """What a measure's score counts. Higher is better in every unit (docs/provision-map.md)."""

    READING_AGE_MONTHS = "reading_age", "Reading age in months"
    STANDARDISED_SCORE = "standardised", "Standardised score"
    WORDS = "words", "Number of words"
    RATING = "rating", "Rating from 1 to 10"
    PERCENTAGE = "percent", "Percentage"
    OTHER = "other", "Other (say what)"


class MeasureKind(models.TextChoices):
    ENTRY = "entry", "Entry (at the start)"
    EXIT = "exit", "Exit (at the end)"


not_negative = MinValueValidator(Decimal(0), message="A cost can't be less than £0: type 0 if there is none.")


def money_field(verbose_name: str, **kwargs) -> models.DecimalField:
    """Pounds and pence, never negative (a check constraint beside each one says so to the database too)."""
    return models.DecimalField(verbose_name, max_digits=8, decimal_places=2, validators=[not_negative], **kwargs)


class StaffCostBand(models.Model):
    """What an hour of a kind of staff time costs the school (salary and on-costs), for example 'Teaching assistant,
    level 2: £18.50'. Interventions are costed by band, not by person, so pay stays private."""

    name = one_line_field(max_length=100, unique=True, help_text="For example 'Teaching assistant, level 2'.")
    hourly_rate = money_field("cost an hour (£)", help_text="Pay with on-costs (National Insurance and pension).")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "staff cost band"
        constraints = [
            models.CheckConstraint(condition=Q(hourly_rate__gte=0), name="staffcostband_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (£{self.hourly_rate}/hour)"


class InterventionQuerySet(models.QuerySet):
    def running(self) -> "InterventionQuerySet":
        return self.filter(active=True)


class Intervention(models.Model):
    """Something the school runs to help pupils with SEN: 'Precision teaching', 'Lego therapy', 'Talk Boost'."""

    name = one_line_field(max_length=150)
    kind = models.CharField(max_length=20, choices=InterventionKind.choices, default=InterventionKind.OTHER)
    wave = models.PositiveSmallIntegerField(choices=Wave.choices, default=Wave.SMALL_GROUP)
    needs = models.JSONField(
        "areas of need it serves",
        default=list,
        blank=True,
        validators=[validate_needs],
        help_text="Tick the areas of need it is meant for.",
    )
    cost_band = models.ForeignKey(
        StaffCostBand,
        on_delete=models.PROTECT,
        related_name="interventions",
        verbose_name="staff who run it",
        help_text="The cost band of the adult who leads the sessions.",
    )
    resource_cost_per_term = money_field(
        "resources a term (£)",
        default=Decimal(0),
        help_text="Books, games, licences or training a term, shared between the pupils in each group.",
    )
    group_size = models.PositiveSmallIntegerField(
        "most pupils in a group",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
        help_text="1 means one-to-one.",
    )
    description = long_text_field(
        "what it is", max_length=PARAGRAPHS, blank=True, help_text="What happens in a session, in plain words."
    )
    active = models.BooleanField(
        "still running", default=True, help_text="Untick when the school stops running it: its groups and results stay."
    )

    objects = InterventionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resource_cost_per_term__gte=0), name="intervention_resources_not_negative"
            ),
            models.CheckConstraint(condition=Q(group_size__gte=1), name="intervention_group_size_positive"),
            models.CheckConstraint(condition=Q(wave__in=Wave.values), name="intervention_wave_known"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.pk and self.group_size:
            for group in self.groups.prefetch_related("places"):
                day, most = group.busiest_day()
                if most > self.group_size:
                    raise ValidationError(
                        {
                            "group_size": f"{group.name} has {most} pupils on {when.date(day)}: "
                            f"move a pupil to another group before making the most in a group {self.group_size}."
                        }
                    )

    def get_needs_display(self) -> list[str]:
        labels = dict(AreaOfNeed.choices)
        return [labels[need] for need in self.needs if need in labels]


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


class InterventionGroupQuerySet(models.QuerySet):
    def visible_to(self, user) -> "InterventionGroupQuerySet":
        """The groups a person may open: every group for whoever sees every pupil; for staff, the groups they lead
        and those with a pupil they may see (`Pupil.objects.visible_to`); nobody else's."""
        if not user.is_authenticated or not user.can("provision_map.groups"):
            return self.none()
        if sees_every_pupil(user):
            return self.all()
        pupils = Pupil.objects.visible_to(user)
        return self.filter(Q(led_by=user) | Q(pk__in=GroupPlace.objects.filter(pupil__in=pupils).values("group_id")))

    def running_between(self, first: date, last: date) -> "InterventionGroupQuerySet":
        return self.filter(starts_on__lte=last, ends_on__gte=first)


class InterventionGroup(models.Model):
    """One run of an intervention: who leads it, where and when, for a term or part of one."""

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="groups")
    name = one_line_field(max_length=100, help_text="For example 'Year 3, Monday and Wednesday'.")
    led_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intervention_groups_led",
        verbose_name="led by",
    )
    room = one_line_field(max_length=80, blank=True, help_text="Where it meets, for example 'Library'.")
    starts_on = models.DateField("first session on or after")
    ends_on = models.DateField("last session on or before")

    objects = InterventionGroupQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = "intervention group"
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="interventiongroup_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention.name}: {self.name}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The last session can't be before the first: check the dates."})
        if self.pk and self.starts_on and self.ends_on:
            outside = [
                place
                for place in self.places.select_related("pupil")
                if place.joined_on > self.ends_on or (place.left_on or place.joined_on) < self.starts_on
            ]
            if outside:
                names = ", ".join(place.pupil.full_name for place in outside)
                raise ValidationError(
                    f"These dates leave out {names}, whose place in the group falls outside them: "
                    "change their places first."
                )

    def stays(self, excluding=None) -> list[rules.Stay]:
        """Each place's days in the group (from the places already loaded, if they were prefetched)."""
        return [place.stay for place in self.places.all() if excluding is None or place.pk != excluding]

    def busiest_day(self, excluding=None) -> tuple[date | None, int]:
        return rules.busiest_day(self.stays(excluding))

    @property
    def minutes_a_week(self) -> int:
        return sum(session.minutes for session in self.sessions.all())

    @property
    def sessions_a_week(self) -> int:
        return len(self.sessions.all())

    @property
    def when(self) -> str:
        """The weekly sessions in words, for a plan or a letter: 'Mondays and Thursdays, 9:10am to 9:40am'; where the
        times differ, each day with its own: 'Mondays 9:10am to 9:40am and Thursdays 1:30pm to 1:50pm'."""
        sessions = sorted(self.sessions.all(), key=lambda session: (session.weekday, session.starts_at))
        if not sessions:
            return ""
        times = {(session.starts_at, session.minutes) for session in sessions}
        days = [f"{session.get_weekday_display()}s" for session in sessions]
        if len(times) == 1:
            first = sessions[0]
            return f"{_and(days)}, {when.clock(first.starts_at)} to {when.clock(first.ends_at)}"
        return _and(
            [
                f"{day} {when.clock(s.starts_at)} to {when.clock(s.ends_at)}"
                for day, s in zip(days, sessions, strict=True)
            ]
        )


class GroupSession(models.Model):
    """A weekly session of a group: 'Monday 9:10am for 20 minutes'. A group's sessions a week are its rows."""

    group = models.ForeignKey(InterventionGroup, on_delete=models.CASCADE, related_name="sessions")
    weekday = models.PositiveSmallIntegerField("day", choices=Weekday.choices)
    starts_at = models.TimeField("starts at", default=time(9, 0))
    minutes = models.PositiveSmallIntegerField(
        "minutes", default=30, validators=[MinValueValidator(5), MaxValueValidator(300)]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["weekday", "starts_at"]
        verbose_name = "weekly session"
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=4), name="groupsession_on_a_weekday"),
            models.CheckConstraint(condition=Q(minutes__gte=1), name="groupsession_lasts"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {when.clock(self.starts_at)}, {self.minutes} minutes"

    @property
    def ends_at(self) -> time | None:
        return rules.ends_of_day(self.starts_at, self.minutes) if self.starts_at and self.minutes else None

    def clean(self):
        errors = {}
        if self.starts_at and self.minutes:
            outside = rules.outside_school_hours(self.starts_at, self.minutes)
            if outside:
                errors["starts_at"] = outside
        try:
            group = self.group  # unsaved while a new group and its sessions are checked together
        except InterventionGroup.DoesNotExist:
            group = None
        if self.weekday is not None and group and group.starts_on and group.ends_on:
            closed = rules.closed_on_every(self.weekday, group.starts_on, group.ends_on)
            if closed:
                errors["weekday"] = closed
        if errors:
            raise ValidationError(errors)


class GroupPlace(models.Model):
    """A pupil's place in a group, from the day they joined to the day they left (blank while they are in it)."""

    group = models.ForeignKey(InterventionGroup, on_delete=models.CASCADE, related_name="places")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="group_places")
    joined_on = models.DateField("joined on", default=date.today)
    left_on = models.DateField("left on", null=True, blank=True)
    target_score = models.DecimalField(
        "target exit score",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The exit score that would mean it worked for this pupil, in the unit of the entry measure.",
    )
    target = long_text_field(
        "target in words", max_length=SENTENCES, blank=True, help_text="What the pupil is working towards."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["joined_on", "pk"]
        verbose_name = "place in a group"
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")), name="groupplace_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} in {self.group}"

    @property
    def stay(self) -> rules.Stay:
        """Their days in the group: to the day they left, or to the group's end while they are still in it."""
        return rules.Stay(self.joined_on, self.left_on or self.group.ends_on)

    def is_in_on(self, day: date) -> bool:
        return self.joined_on <= day <= (self.left_on or self.group.ends_on)

    def clean(self):
        if not (self.joined_on and self.group_id and self.pupil_id):
            return
        if self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": "The day they left can't be before the day they joined."})
        group = self.group
        if not group.starts_on <= self.joined_on <= group.ends_on:
            raise ValidationError(
                {"joined_on": f"The group runs from {rules.span(group.starts_on, group.ends_on)}: join a day in it."}
            )
        if self.left_on and self.left_on > group.ends_on:
            raise ValidationError(
                {"left_on": f"The group's last session is on or before {when.date(group.ends_on)}: leave by then."}
            )
        others = list(group.places.exclude(pk=self.pk).select_related("group"))
        mine = self.stay
        for other in others:
            if other.pupil_id == self.pupil_id and other.stay.overlaps(mine):
                until = f" to {when.date(other.left_on)}" if other.left_on else ""
                raise ValidationError(
                    f"{self.pupil.full_name} already has a place in this group from {when.date(other.joined_on)}"
                    f"{until}: change that place rather than adding another."
                )
        day, most = rules.busiest_day([*(other.stay for other in others if other.stay.overlaps(mine)), mine])
        if most > group.intervention.group_size:
            raise ValidationError(
                f"{group.intervention.name} takes at most {group.intervention.group_size} "
                f"pupil{'s' if group.intervention.group_size != 1 else ''} in a group, and this group would have "
                f"{most} on {when.date(day)}. Choose a day when a place is free, or another group."
            )


class Measure(models.Model):
    """A score taken when a pupil starts (entry) or finishes (exit) their place in a group."""

    place = models.ForeignKey(GroupPlace, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(max_length=5, choices=MeasureKind.choices)
    score = models.DecimalField(max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal(0))])
    unit = models.CharField(max_length=15, choices=Unit.choices)
    unit_label = one_line_field(
        "unit, if other", max_length=60, blank=True, help_text="What the score counts, for example 'sounds known'."
    )
    taken_on = models.DateField("taken on", default=date.today)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["place", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["place", "kind"], name="measure_one_entry_one_exit"),
            models.CheckConstraint(condition=~Q(unit="other") | ~Q(unit_label=""), name="measure_other_unit_named"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.score} {self.unit_name}"

    @property
    def unit_name(self) -> str:
        return self.unit_label if self.unit == Unit.OTHER else self.get_unit_display()

    def same_unit_as(self, other: "Measure") -> bool:
        return self.unit == other.unit and (
            self.unit != Unit.OTHER or self.unit_label.strip().lower() == other.unit_label.strip().lower()
        )

    def clean(self):
        if self.unit == Unit.OTHER and not self.unit_label.strip():
            raise ValidationError({"unit_label": "Say what the score counts, for example 'sounds known'."})
        if self.unit != Unit.OTHER:
            self.unit_label = ""
        if not (self.place_id and self.kind):
            return
        other_kind = MeasureKind.EXIT if self.kind == MeasureKind.ENTRY else MeasureKind.ENTRY
        other = self.place.measures.filter(kind=other_kind).first()
        if other is None:
            return
        if not self.same_unit_as(other):
            entry, exit_ = (self, other) if self.kind == MeasureKind.ENTRY else (other, self)
            raise ValidationError(
                {
                    "unit": f"The entry score was in {entry.unit_name.lower()}, the exit score in "
                    f"{exit_.unit_name.lower()}: give both in the same unit, so the change can be worked out."
                }
            )
        entry, exit_ = (self, other) if self.kind == MeasureKind.ENTRY else (other, self)
        if entry.taken_on and exit_.taken_on and exit_.taken_on < entry.taken_on:
            raise ValidationError({"taken_on": "The exit score can't be taken before the entry score."})


class FiguresChange(models.Model):
    """A change to anything the provision map and the impact report are worked out from: a row written by the
    database itself (triggers on those tables, `provision/kept.py`) in the same transaction as the change, whatever
    made it (a form, the admin site, an import, a bulk update). Each process keeps the figures it worked out while
    the rows here are the same (`kept.figures`); a few old rows are cleared now and then."""

    id = models.BigAutoField(primary_key=True)
    # Random: a change rolled back, and a number given again after it (SQLite), is never mistaken for another.
    stamp = models.CharField(max_length=40, editable=False)

    def __str__(self) -> str:
        return f"change {self.pk}"
