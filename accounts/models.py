from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from common.text import one_line_field


class Role(models.TextChoices):
    SENCO = "senco", "SENCO"
    STAFF = "staff", "Staff (teacher, TA, pastoral)"
    OFFICE = "office", "Office"
    HEAD = "head", "Head teacher or governor"
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person (post-16)"


# Roles that work for the school, as opposed to families using the portal.
SCHOOL_ROLES = frozenset({Role.SENCO, Role.STAFF, Role.OFFICE, Role.HEAD})
FAMILY_ROLES = frozenset({Role.PARENT, Role.YOUNG_PERSON})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.SENCO)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: school staff in every role, and parents, carers and young people."""

    email = models.EmailField("email address", unique=True)
    first_name = one_line_field(max_length=100)
    last_name = one_line_field(max_length=100)
    role = models.CharField(max_length=20, choices=Role.choices)
    job_title = one_line_field(
        max_length=100, blank=True, help_text="For example 'Year 4 class teacher' or 'Teaching assistant'."
    )
    phone = one_line_field(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "can use the admin site",
        default=False,
        help_text="Only the SENCO and IT administrators should use the admin site.",
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # When, and by whom, the school last turned off a family member's portal access (the account is kept).
    access_revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    access_revoked_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def is_senco(self) -> bool:
        return self.role == Role.SENCO

    @property
    def works_for_school(self) -> bool:
        return self.role in SCHOOL_ROLES

    def can(self, action: str) -> bool:
        """Whether this person's role may take the action, from the one table in accounts/permissions.py."""
        from .permissions import role_can  # the table imports Role from here

        return self.is_authenticated and role_can(self.role, action)

    @property
    def can_see_sen_detail(self) -> bool:
        """SENCO and staff see SEN detail; office and head/governor do not (data minimisation)."""
        return self.role in (Role.SENCO, Role.STAFF)


class PortalInvitationQuerySet(models.QuerySet):
    def open(self) -> "PortalInvitationQuerySet":
        """Neither used nor revoked (an open invitation may still have expired)."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True)

    def for_person(self, person) -> "PortalInvitationQuerySet":
        """A parent or carer's invitations, or a young person's (for a pupil)."""
        if person._meta.label == "pupils.Pupil":
            return self.filter(pupil=person)
        return self.filter(parent=person)


class PortalInvitation(models.Model):
    """An emailed, one-time link for a parent or carer (or a young person) to set a password for the portal.

    Only a hash of the link's token is kept. The rules (who may be invited, what accepting does) live in
    `pupils/invitations.py`.
    """

    VALID_FOR = timedelta(days=7)

    parent = models.ForeignKey(
        "pupils.ParentCarer", null=True, blank=True, on_delete=models.CASCADE, related_name="portal_invitations"
    )
    pupil = models.ForeignKey(
        "pupils.Pupil",
        verbose_name="young person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="portal_invitations",
    )
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    account = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_invitations",
        help_text="The account the invitation opened or re-opened.",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = PortalInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(parent__isnull=False, pupil__isnull=True)
                | models.Q(parent__isnull=True, pupil__isnull=False),
                name="portalinvitation_parent_or_young_person",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="portalinvitation_expires_after_created",
            ),
            # Sending a new invitation revokes the older one: at most one open link per person.
            models.UniqueConstraint(
                fields=["parent"],
                condition=models.Q(used_at__isnull=True, revoked_at__isnull=True),
                name="portalinvitation_one_open_per_parent",
            ),
            models.UniqueConstraint(
                fields=["pupil"],
                condition=models.Q(used_at__isnull=True, revoked_at__isnull=True),
                name="portalinvitation_one_open_per_young_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Portal invitation for {self.person} ({self.created_at:%d %b %Y})"

    @property
    def person(self):
        """The ParentCarer invited, or the Pupil for a young person."""
        return self.parent if self.parent_id else self.pupil

    @property
    def for_young_person(self) -> bool:
        return self.pupil_id is not None

    def has_expired(self, now=None) -> bool:
        return (now or timezone.now()) > self.expires_at  # the link still works at the very moment it expires

    def why_unusable(self, now=None) -> str | None:
        """'used', 'revoked' or 'expired' when the link no longer works; None while it does."""
        if self.used_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        if self.has_expired(now):
            return "expired"
        return None
