"""Admin for accounts. People sign in with their email address; there is no username."""

from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError

from .models import PortalInvitation, User

# Which accounts a user box on another model's admin page offers: a key worker must be school staff, a
# parent's portal account a parent. Other apps' admin modules say so with `offer_roles`; both the form field
# and the autocomplete search honour it.
_ROLES_FOR_FIELD: dict[tuple[str, str], frozenset[str]] = {}


def offer_roles(model, field_name: str, roles) -> None:
    _ROLES_FOR_FIELD[(model._meta.label_lower, field_name)] = frozenset(roles)


class UserChoicesByRoleMixin:
    """For a ModelAdmin or inline with user fields: offer only the accounts whose role fits the field."""

    def _limit_to_roles(self, db_field, kwargs: dict) -> dict:
        roles = _ROLES_FOR_FIELD.get((db_field.model._meta.label_lower, db_field.name))
        if roles is not None and "queryset" not in kwargs:
            kwargs["queryset"] = User.objects.filter(role__in=roles)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **self._limit_to_roles(db_field, kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **self._limit_to_roles(db_field, kwargs))


def _normalise_email(form: "auth_forms.BaseUserCreationForm | auth_forms.UserChangeForm") -> str:
    """Emails are stored lower case (as the manager does) and are unique whatever their case."""
    email = User.objects.normalize_email(form.cleaned_data["email"]).lower()
    others = User.objects.filter(email__iexact=email)
    if form.instance.pk:
        others = others.exclude(pk=form.instance.pk)
    if others.exists():
        raise ValidationError("Someone already has an account with this email address.")
    return email


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "role", "job_title")

    def clean_email(self) -> str:
        return _normalise_email(self)


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        return _normalise_email(self)


# Only a superuser may hand out superuser status, groups and individual permissions.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ("email", "first_name", "last_name", "role", "job_title", "is_active", "is_staff", "last_login")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    search_fields = ("email", "first_name", "last_name", "job_title")
    ordering = ("last_name", "first_name", "email")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("first_name", "last_name", "job_title", "phone")}),
        ("Role", {"fields": ("role", "is_active")}),
        ("Admin site and permissions", {"fields": ("is_staff", *SUPERUSER_ONLY_FIELDS)}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "first_name",
                    "last_name",
                    "role",
                    "job_title",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or not obj:
            return fieldsets
        return [
            (name, {**options, "fields": tuple(f for f in options["fields"] if f not in SUPERUSER_ONLY_FIELDS)})
            for name, options in fieldsets
        ]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # nobody may lock out, or take over, an account stronger than their own
        return super().has_change_permission(request, obj)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = request.resolver_match
        if match and match.url_name == "autocomplete":
            field = (f"{request.GET.get('app_label')}.{request.GET.get('model_name')}", request.GET.get("field_name"))
            if (roles := _ROLES_FOR_FIELD.get(field)) is not None:
                queryset = queryset.filter(role__in=roles)
        return queryset, may_have_duplicates


@admin.register(PortalInvitation)
class PortalInvitationAdmin(admin.ModelAdmin):
    """Read only: invitations are sent and revoked from the family page, and only a hash of each link is kept."""

    list_display = ("person", "email", "invited_by", "created_at", "expires_at", "used_at", "revoked_at")
    list_filter = ("created_at", "used_at", "revoked_at")
    search_fields = ("email", "parent__last_name", "pupil__legal_last_name")
    list_select_related = ("parent", "pupil", "invited_by")
    exclude = ("token_hash",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
