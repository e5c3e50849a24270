from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


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
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    role = models.CharField(max_length=20, choices=Role.choices)
    job_title = models.CharField(
        max_length=100, blank=True, help_text="For example 'Year 4 class teacher' or 'Teaching assistant'."
    )
    phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "can use the admin site",
        default=False,
        help_text="Only the SENCO and IT administrators should use the admin site.",
    )
    date_joined = models.DateTimeField(default=timezone.now)

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

    @property
    def can_see_sen_detail(self) -> bool:
        """SENCO and staff see SEN detail; office and head/governor do not (data minimisation)."""
        return self.role in (Role.SENCO, Role.STAFF)
