from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import Role
from common.sentences import a_or_an, as_sentence, listed
from common.text import ADDRESS, PARAGRAPHS, long_text_field, one_line_field

from . import ages
from .upn import validate_upn


class SenStatus(models.TextChoices):
    # K and E are the DfE census codes; 'monitoring' is the school's own (a concern, not yet on SEN support).
    MONITORING = "M", "Monitoring"
    SEN_SUPPORT = "K", "SEN support"
    EHC_PLAN = "E", "EHC plan"
    # The census code for a pupil with no special educational need: the rest of the school, imported from the MIS
    # so the SENCO can find any pupil and add them to SEN support. Not on the SEND register.
    NO_SEN = "N", "No SEN"


class AreaOfNeed(models.TextChoices):
    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    OTH = "OTH", "Other difficulty or disability"
    NSA = "NSA", "SEN support but no specialist assessment of type of need"


class YearGroup(models.IntegerChoices):
    NURSERY_1 = -2, "Nursery 1"
    NURSERY_2 = -1, "Nursery 2"
    RECEPTION = 0, "Reception"
    Y1 = 1, "Year 1"
    Y2 = 2, "Year 2"
    Y3 = 3, "Year 3"
    Y4 = 4, "Year 4"
    Y5 = 5, "Year 5"
    Y6 = 6, "Year 6"
    Y7 = 7, "Year 7"
    Y8 = 8, "Year 8"
    Y9 = 9, "Year 9"
    Y10 = 10, "Year 10"
    Y11 = 11, "Year 11"
    Y12 = 12, "Year 12"
    Y13 = 13, "Year 13"
    Y14 = 14, "Year 14"


def sees_every_pupil(user) -> bool:
    """The SENCO and the office see every pupil (the office without SEN detail), and so do staff where the
    school lets staff see the whole register."""
    from school.models import School

    if not user.is_authenticated:
        return False
    return user.role in (Role.SENCO, Role.OFFICE) or (
        user.role == Role.STAFF and School.load().staff_see_whole_register
    )


def about_pupils_seen_by(rows: models.QuerySet, user, pupil: str = "pupil") -> models.QuerySet:
    """`rows`, each about one pupil (through the never-empty relation `pupil`), narrowed to the pupils `user` may
    see (`Pupil.objects.visible_to`). For someone who sees every pupil they are left as they are: a sub-query over
    the whole register would only slow the database down."""
    if sees_every_pupil(user):
        return rows
    return rows.filter(**{f"{pupil}__in": Pupil.objects.visible_to(user)})


class PupilQuerySet(models.QuerySet):
    def on_register(self) -> "PupilQuerySet":
        """On the SEND register now: not removed from it, and with SEN (or monitored). Pupils with no SEN are in
        the school, not on the register."""
        return self.filter(removed_from_register_on__isnull=True).exclude(sen_status=SenStatus.NO_SEN)

    def in_school(self) -> "PupilQuerySet":
        """Every pupil at the school now, on the SEND register or not: not left, not removed from the register."""
        return self.filter(left_school_on__isnull=True, removed_from_register_on__isnull=True)

    def past(self) -> "PupilQuerySet":
        return self.filter(removed_from_register_on__isnull=False)

    def visible_to(self, user) -> "PupilQuerySet":
        """The pupils a signed-in person may see. The one place that decides it; every view asks here.

        Office staff get pupils too (for names, classes and contacts); views for them must not show
        SEN detail. Head/governor see only anonymous figures, never a pupil.
        """
        if not user.is_authenticated:
            return self.none()
        if sees_every_pupil(user):
            return self.all()
        if user.role == Role.STAFF:
            return self.linked_with(user)
        if user.role == Role.PARENT:
            return self.shown_to_parent(parent_links__parent__user=user)
        if user.role == Role.YOUNG_PERSON:
            return self.filter(user=user)
        return self.none()

    def shown_to_parent(self, **which_parent) -> "PupilQuerySet":
        """The children a parent sees in the portal: those they have parental responsibility for, except that a
        young person past compulsory school age decides, so their record shows only where their agreement is
        recorded. `which_parent` names the parent: `parent_links__parent__user=user` or `parent_links__parent=pc`.
        """
        return self.filter(
            Q(date_of_birth__gt=ages.past_compulsory_school_age_if_born_by(timezone.localdate()))
            | Q(parents_may_see_record_agreed_at__isnull=False),
            parent_links__has_parental_responsibility=True,
            **which_parent,
        ).distinct()

    def linked_with(self, user) -> "PupilQuerySet":
        """The pupils `user` is key worker, class teacher or a teaching assistant of: one list of ids, each part read
        by its own index. (As one OR with a sub-query the database cannot tell how many that is, guesses half the
        school, and joins every meeting or action point it holds rather than looking up those few pupils'.)"""
        linked = (
            Pupil.objects.filter(key_worker=user)
            .order_by()
            .values("pk")
            .union(
                Pupil.objects.filter(class_teacher=user).order_by().values("pk"),
                Pupil.teaching_assistants.through.objects.filter(user=user).order_by().values("pupil_id"),
            )
        )
        return self.filter(pk__in=linked)

    def matching(self, text: str) -> "PupilQuerySet":
        """Pupils whose names (legal or preferred) contain every word of `text`, or whose UPN is `text`."""
        pupils = self
        for term in text.split():
            pupils = pupils.filter(
                Q(legal_first_name__icontains=term)
                | Q(legal_last_name__icontains=term)
                | Q(preferred_name__icontains=term)
                | Q(upn__iexact=term)
            )
        return pupils

    def status_counts(self) -> dict[str, int]:
        """How many pupils have each SEN status, in one query."""
        return self.aggregate(
            sen_support=Count("pk", filter=Q(sen_status=SenStatus.SEN_SUPPORT)),
            ehc_plan=Count("pk", filter=Q(sen_status=SenStatus.EHC_PLAN)),
            monitoring=Count("pk", filter=Q(sen_status=SenStatus.MONITORING)),
            total=Count("pk"),
        )


class Pupil(models.Model):
    """A pupil on the SEND register, now or in the past (removal keeps the pupil and their history)."""

    legal_first_name = one_line_field(max_length=100)
    legal_last_name = one_line_field(max_length=100)
    preferred_name = one_line_field(
        max_length=100,
        blank=True,
        help_text="The name the pupil likes to be called, if not their legal first name.",
    )
    date_of_birth = models.DateField()
    year_group = models.SmallIntegerField(choices=YearGroup.choices)
    form = one_line_field("class or form", max_length=20, blank=True)
    upn = one_line_field(
        "UPN",
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_upn],
        help_text="Unique pupil number: 13 characters, from the school's MIS.",
    )
    sen_status = models.CharField("SEN status", max_length=1, choices=SenStatus.choices)
    primary_need = models.CharField(max_length=4, choices=AreaOfNeed.choices, blank=True)
    secondary_need = models.CharField(max_length=4, choices=AreaOfNeed.choices, blank=True)
    added_to_register_on = models.DateField(default=date.today)
    removed_from_register_on = models.DateField(null=True, blank=True)
    removal_reason = one_line_field(max_length=200, blank=True)
    # From the MIS: the day a pupil was found missing from the school's full export (they left). Never deleted: the
    # record is kept for its retention period (pupils/retention.py).
    left_school_on = models.DateField("left the school on", null=True, blank=True)
    # A temporary UPN the MIS replaced with a permanent one: a later file may still name the pupil by it.
    former_upn = one_line_field("former UPN", max_length=13, blank=True, validators=[validate_upn])

    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_worker_for",
    )
    class_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="class teacher or form tutor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="class_teacher_for",
    )
    teaching_assistants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="teaching_assistant_for"
    )
    # A young person past compulsory school age may have their own portal account.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pupil_record",
    )
    own_email = models.EmailField(
        "young person's own email address",
        blank=True,
        help_text="Past compulsory school age, a young person can be invited to see their own record.",
    )
    # Past compulsory school age, parents see the record in the portal only with the young person's agreement.
    parents_may_see_record_agreed_at = models.DateTimeField(
        "young person agreed that their parents may see their record", null=True, blank=True
    )
    parents_may_see_record_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="agreement recorded by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PupilQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[teaching_assistants])

    class Meta:
        ordering = ["legal_last_name", "legal_first_name"]
        indexes = [
            models.Index(fields=["legal_last_name", "legal_first_name"]),
            models.Index(fields=["year_group", "form"]),
            models.Index(fields=["sen_status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(secondary_need=F("primary_need")) | Q(primary_need=""),
                name="pupil_secondary_need_differs",
            ),
            models.CheckConstraint(
                condition=Q(removed_from_register_on__isnull=True)
                | Q(removed_from_register_on__gte=F("added_to_register_on")),
                name="pupil_removed_after_added",
            ),
            models.CheckConstraint(
                condition=Q(removed_from_register_on__isnull=True) | ~Q(removal_reason=""),
                name="pupil_removal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def first_name(self) -> str:
        return self.preferred_name or self.legal_first_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.legal_last_name}"

    @property
    def is_on_register(self) -> bool:
        return self.removed_from_register_on is None and self.sen_status != SenStatus.NO_SEN

    @property
    def has_left_school(self) -> bool:
        return self.left_school_on is not None

    def is_past_compulsory_school_age(self, today: date | None = None) -> bool:
        """From the 1 September after the academic year in which they turn 16 (`pupils/ages.py`)."""
        return ages.is_past_compulsory_school_age(self.date_of_birth, today or timezone.localdate())

    def decides_without_parents(self, today: date | None = None) -> bool:
        """A young person past compulsory school age who has not agreed that their parents may see their record:
        the school deals with them, not their parents (no meeting invitations or notices to the parents)."""
        return self.parents_may_see_record_agreed_at is None and self.is_past_compulsory_school_age(today)

    def clean_fields(self, exclude=None):
        """Field by field, then whether the dates are plausible, for the fields being checked: here, not in clean(),
        because a form that leaves a field out (removing a pupil from the register) must not be told about it."""
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        left_out = set(exclude or ()) | set(errors)
        for name, message in self.implausible_dates(timezone.localdate()).items():
            if name not in left_out:
                errors[name] = [message]
        if errors:
            raise ValidationError(errors)

    def implausible_dates(self, today: date) -> dict[str, str]:
        """Dates a person would see are wrong: a date of birth in 1800 or last month, a baby in Year 13, a pupil
        added to the register before they were born or in the future. A pupil who has left the register is judged
        as they were when they left (their record is kept for years afterwards) or as they are now."""
        problems = {}
        # A value that did not pass its own field's check is not a date yet: leave it to that message.
        born = self.date_of_birth if isinstance(self.date_of_birth, date) else None
        added = self.added_to_register_on if isinstance(self.added_to_register_on, date) else None
        left = self.removed_from_register_on if isinstance(self.removed_from_register_on, date) else None
        if added and added > today:
            problems["added_to_register_on"] = "The date added to the register cannot be in the future."
        elif born and added and added < born:
            problems["added_to_register_on"] = (
                f"The pupil cannot join the register before they were born ({born:%d/%m/%Y})."
            )
        if not born:
            return problems
        on = min(left or today, today)
        age = ages.age_on(born, on)
        if born > today:
            problems["date_of_birth"] = "The date of birth cannot be in the future."
        elif not ages.YOUNGEST_ON_REGISTER <= age <= ages.OLDEST_ON_REGISTER:
            problems["date_of_birth"] = (
                f"Born on {born:%d/%m/%Y}, the pupil {'was' if on < today else 'would be'} {age} on the register: "
                f"pupils on it are aged {ages.YOUNGEST_ON_REGISTER} to {ages.OLDEST_ON_REGISTER}. "
                "Check the date of birth."
            )
        elif self.year_group in YearGroup.values and not (
            ages.year_group_fits_age(self.year_group, born, today)
            or ages.year_group_fits_age(self.year_group, born, on)
        ):
            problems["year_group"] = self._year_group_misfit(born, today)
        return problems

    def _year_group_misfit(self, born: date, today: date) -> str:
        expected = ages.expected_year_group(born, today)
        first, last = ages.born_in_year_group(expected, today)
        if expected in YearGroup.values:
            where = f"are in {YearGroup(expected).label}"
        else:
            where = "are too young for Nursery 1" if expected < YearGroup.NURSERY_1 else "are past Year 14"
        return (
            f"{YearGroup(self.year_group).label} does not fit the date of birth: pupils born from "
            f"{first:%d/%m/%Y} to {last:%d/%m/%Y} {where} in "
            f"{ages.academic_year_of(today).label}. A pupil taught out of their year group is at most "
            f"{ages.YEAR_GROUP_LEEWAY} years from it: check the year group and the date of birth."
        )

    def clean(self):
        errors = {}
        if self.upn:
            self.upn = self.upn.strip().upper()
        else:
            self.upn = None  # blank UPNs are stored as NULL so that 'unique when given' holds
        if self.sen_status in (SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN) and not self.primary_need:
            errors["primary_need"] = "A pupil on SEN support or with an EHC plan needs a primary area of need."
        if self.secondary_need and self.secondary_need == self.primary_need:
            errors["secondary_need"] = "The secondary need must differ from the primary need."
        if self.secondary_need and not self.primary_need:
            errors["secondary_need"] = "Give a primary need before a secondary one."
        if self.removed_from_register_on:
            if self.added_to_register_on and self.removed_from_register_on < self.added_to_register_on:
                errors["removed_from_register_on"] = "The pupil cannot leave the register before joining it."
            if not self.removal_reason:
                errors["removal_reason"] = "Say why the pupil is leaving the register."
        if errors:
            raise ValidationError(errors)


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    LETTER = "letter", "Letter"


class ParentCarer(models.Model):
    """A parent or carer. One may have several children on the register, and a pupil several parents."""

    title = one_line_field(max_length=20, blank=True)
    first_name = one_line_field(max_length=100)
    last_name = one_line_field(max_length=100)
    email = models.EmailField(blank=True)
    mobile_phone = one_line_field(max_length=40, blank=True)
    home_phone = one_line_field(max_length=40, blank=True)
    work_phone = one_line_field(max_length=40, blank=True)
    address = long_text_field(max_length=ADDRESS, blank=True)
    preferred_contact_method = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL
    )
    best_times_to_contact = one_line_field(
        max_length=200,
        blank=True,
        help_text="For example 'after 3pm' or 'not on Mondays (works)'.",
    )
    preferred_language = one_line_field(max_length=60, default="English")
    needs_interpreter = models.BooleanField(default=False)
    # Access needs are recorded discreetly: the staff who contact the parent see them, nobody else.
    needs_hearing_support = models.BooleanField(default=False)
    needs_large_print = models.BooleanField("needs large print (vision)", default=False)
    needs_literacy_support = models.BooleanField(
        default=False,
        help_text="Read documents through with the parent; offer a call instead of a letter.",
    )
    access_notes = long_text_field(
        max_length=PARAGRAPHS, blank=True, help_text="Anything else that helps us communicate well."
    )
    # A portal invitation goes to this address and opens the children's SEN records, so an address typed by
    # anyone but the SENCO (or taken from the MIS) waits for the SENCO before it is invited (pupils/responsibility.py).
    email_checked = models.BooleanField(
        "email address from the MIS or checked by the SENCO", default=True, editable=False
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parent_record",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "parent or carer"
        verbose_name_plural = "parents and carers"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.title, self.first_name, self.last_name) if part)

    def access_needs(self) -> list[str]:
        """What staff must arrange so this parent can take part, in a few words each."""
        needs = []
        if self.needs_interpreter:
            needs.append(f"{self.preferred_language} interpreter")
        if self.needs_hearing_support:
            needs.append("hearing support")
        if self.needs_large_print:
            needs.append("large print")
        if self.needs_literacy_support:
            needs.append("help with reading and writing")
        if self.access_notes:
            needs.append(self.access_notes)
        return needs

    @property
    def access_needs_in_words(self) -> str:
        """The same as sentences, for a timetable or a letter's list: 'Needs an Arabic interpreter and help with
        reading and writing. Prefers a phone call to a letter.' (the notes as typed, as a sentence of their own)."""
        arranged = []
        if self.needs_interpreter:
            language = self.preferred_language.strip()
            arranged.append(f"{a_or_an(language)} interpreter" if language else "an interpreter")
        if self.needs_hearing_support:
            arranged.append("hearing support")
        if self.needs_large_print:
            arranged.append("large print")
        if self.needs_literacy_support:
            arranged.append("help with reading and writing")
        sentences = [f"Needs {listed(arranged)}." if arranged else "", as_sentence(self.access_notes)]
        return " ".join(sentence for sentence in sentences if sentence)

    @property
    def has_access_needs(self) -> bool:
        return (
            self.needs_interpreter
            or self.needs_hearing_support
            or self.needs_large_print
            or self.needs_literacy_support
            or bool(self.access_notes)
        )


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    GRANDPARENT = "grandparent", "Grandparent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    GUARDIAN = "guardian", "Guardian"
    CARER = "carer", "Other carer"
    SOCIAL_WORKER = "social_worker", "Social worker"
    OTHER = "other", "Other"


class PupilParent(models.Model):
    """How a parent or carer is related to a pupil: relationship and parental responsibility are per child."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="parent_links")
    parent = models.ForeignKey(ParentCarer, on_delete=models.CASCADE, related_name="pupil_links")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    # In force: the portal, notices and invitations read only this. Recorded by anyone but the SENCO, it stays
    # False until the SENCO approves the request (`ResponsibilityRequest`, pupils/responsibility.py).
    has_parental_responsibility = models.BooleanField(default=True)
    # False where parental responsibility was recorded by other staff before the SENCO approved such entries:
    # the first portal invitation then waits for the SENCO too.
    responsibility_checked = models.BooleanField(
        "parental responsibility from the MIS or checked by the SENCO", default=True, editable=False
    )
    lives_with_pupil = models.BooleanField(default=True)
    # The MIS import made or last matched this link: a later import that no longer has it may take it away (never
    # silently for a parent with a portal account, messages or meeting invitations: mis/importer.py).
    from_mis = models.BooleanField("from the MIS", default=False, editable=False)
    contact_order = models.PositiveSmallIntegerField(default=1, help_text="1 is contacted first.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["contact_order", "parent__last_name"]
        constraints = [models.UniqueConstraint(fields=["pupil", "parent"], name="pupilparent_unique_pair")]

    def __str__(self) -> str:
        return f"{self.parent} ({self.get_relationship_display()} of {self.pupil})"


class RequestKind(models.TextChoices):
    RESPONSIBILITY = "responsibility", "Record parental responsibility"
    INVITATION = "invitation", "First invitation to the parents' portal"


class RequestDecision(models.TextChoices):
    PENDING = "", "Waiting for the SENCO"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class ResponsibilityRequestQuerySet(models.QuerySet):
    def pending(self) -> "ResponsibilityRequestQuerySet":
        return self.filter(decision=RequestDecision.PENDING)


class ResponsibilityRequest(models.Model):
    """Someone other than the SENCO recorded parental responsibility for a contact, or asked to invite to the
    portal a contact whose responsibility or email address the SENCO has not checked. Either would open the
    child's SEN record to that contact, so the SENCO decides (pupils/responsibility.py)."""

    link = models.ForeignKey(PupilParent, on_delete=models.CASCADE, related_name="responsibility_requests")
    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="asked by"
    )
    requested_at = models.DateTimeField("asked on", default=timezone.now)
    decision = models.CharField(max_length=10, choices=RequestDecision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = one_line_field(max_length=300, blank=True)

    objects = ResponsibilityRequestQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["link", "kind"],
                condition=Q(decision=""),
                name="responsibilityrequest_one_pending_per_link_and_kind",
            ),
            models.CheckConstraint(
                condition=Q(decision="", decided_at__isnull=True) | (~Q(decision="") & Q(decided_at__isnull=False)),
                name="responsibilityrequest_decided_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.link}"

    @property
    def is_pending(self) -> bool:
        return self.decision == RequestDecision.PENDING


class OnePageProfile(models.Model):
    """The pupil's one-page profile (pupil passport), in the pupil's and family's words."""

    pupil = models.OneToOneField(Pupil, on_delete=models.CASCADE, related_name="profile")
    liked_and_admired = long_text_field("what people like and admire about me", max_length=PARAGRAPHS, blank=True)
    important_to_me = long_text_field("what is important to me", max_length=PARAGRAPHS, blank=True)
    how_to_support_me = long_text_field("how best to support me", max_length=PARAGRAPHS, blank=True)
    strengths = long_text_field("my strengths", max_length=PARAGRAPHS, blank=True)
    strategies_at_home = long_text_field("strategies that work at home", max_length=PARAGRAPHS, blank=True)
    strategies_at_school = long_text_field("strategies that work at school", max_length=PARAGRAPHS, blank=True)
    in_my_own_words = long_text_field("in my own words", max_length=PARAGRAPHS, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    SECTIONS = (
        "liked_and_admired",
        "important_to_me",
        "how_to_support_me",
        "strengths",
        "strategies_at_home",
        "strategies_at_school",
        "in_my_own_words",
    )

    def __str__(self) -> str:
        return f"One-page profile of {self.pupil}"

    def sections(self) -> list[tuple[str, str]]:
        """(heading, text) pairs in the order the profile is read."""
        return [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.SECTIONS]

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in self.SECTIONS)


class OutcomeStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "Working towards it"
    ACHIEVED = "achieved", "Achieved"
    PARTLY_ACHIEVED = "partly", "Partly achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    STOPPED = "stopped", "No longer needed"


class Outcome(models.Model):
    """A SMART outcome (target) for a pupil, with dated progress notes."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="outcomes")
    description = long_text_field(
        "outcome", max_length=PARAGRAPHS, help_text="What the pupil will be able to do, in plain words."
    )
    success_measure = long_text_field("how we will know it has been achieved", max_length=PARAGRAPHS)
    who_helps = one_line_field("who helps", max_length=200, blank=True)
    review_date = models.DateField()
    status = models.CharField(max_length=15, choices=OutcomeStatus.choices, default=OutcomeStatus.IN_PROGRESS)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "review_date"]
        verbose_name = "outcome (target)"
        verbose_name_plural = "outcomes (targets)"

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status == OutcomeStatus.IN_PROGRESS


class ProgressNote(models.Model):
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="progress_notes")
    noted_on = models.DateField(default=date.today)
    note = long_text_field(max_length=PARAGRAPHS)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-noted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.noted_on:%d %b %Y}: {self.note[:60]}"


class ProvisionSetting(models.TextChoices):
    IN_CLASS = "in_class", "In class"
    WITHDRAWN = "withdrawn", "Out of class (withdrawn)"


class Provision(models.Model):
    """Support the pupil receives: an intervention, how often, in what group, with whom."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="provisions")
    intervention = one_line_field(max_length=200)
    frequency = one_line_field(max_length=100, help_text="For example '3 times a week, 20 minutes'.")
    group_size = models.PositiveSmallIntegerField(default=1, help_text="1 means one-to-one.")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="provisions_led",
    )
    setting = models.CharField(
        max_length=10,
        choices=ProvisionSetting.choices,
        default=ProvisionSetting.IN_CLASS,
    )
    start_date = models.DateField(default=date.today)
    end_date = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        verbose_name_plural = "provision"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="provision_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(group_size__gte=1), name="provision_group_size_positive"),
        ]

    def __str__(self) -> str:
        return self.intervention

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= date.today()


class Service(models.TextChoices):
    EP = "EP", "Educational psychologist (EP)"
    SALT = "SALT", "Speech and language therapy (SALT)"
    OT = "OT", "Occupational therapy (OT)"
    PHYSIO = "PHYSIO", "Physiotherapy"
    CAMHS = "CAMHS", "Child and adolescent mental health services (CAMHS)"
    SPECIALIST_TEACHER = "SPEC_TEACHER", "Specialist teacher"
    PAEDIATRICIAN = "PAED", "Paediatrician"
    SCHOOL_NURSE = "NURSE", "School nurse"
    SOCIAL_CARE = "SOCIAL", "Social care"
    EARLY_HELP = "EARLY_HELP", "Early help"
    OTHER = "OTHER", "Other"


class ProfessionalInvolvement(models.Model):
    """An outside professional involved with the pupil; parents consent before a referral."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="professionals")
    service = models.CharField(max_length=15, choices=Service.choices)
    name = one_line_field("professional's name", max_length=150, blank=True)
    contact = one_line_field("how to contact them", max_length=200, blank=True)
    parents_consented_on = models.DateField("date parents consented to the referral", null=True, blank=True)
    notes = long_text_field(max_length=PARAGRAPHS, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["service"]
        verbose_name = "professional involved"
        verbose_name_plural = "professionals involved"

    def __str__(self) -> str:
        return f"{self.get_service_display()}: {self.name}" if self.name else self.get_service_display()
