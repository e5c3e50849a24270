"""Admin for the SEND register. Every model keeps its history, shown by the 'History' button on each record."""

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import UserChoicesByRoleMixin, offer_roles
from accounts.models import SCHOOL_ROLES, Role

from .models import (
    OnePageProfile,
    Outcome,
    ParentCarer,
    ProfessionalInvolvement,
    ProgressNote,
    Provision,
    Pupil,
    PupilParent,
)

for model, field_name in (
    (Pupil, "key_worker"),
    (Pupil, "class_teacher"),
    (Pupil, "teaching_assistants"),
    (Provision, "staff"),
    (ProgressNote, "recorded_by"),
):
    offer_roles(model, field_name, SCHOOL_ROLES)
offer_roles(Pupil, "user", {Role.YOUNG_PERSON})
offer_roles(ParentCarer, "user", {Role.PARENT})

PUPIL_SEARCH = ("pupil__legal_first_name", "pupil__legal_last_name", "pupil__preferred_name", "pupil__upn")


class YesNoFilter(admin.SimpleListFilter):
    """A two-way filter: subclasses give the title, the labels and the condition for 'yes'."""

    labels = ("Yes", "No")
    condition = Q()

    def lookups(self, request, model_admin):
        return (("yes", self.labels[0]), ("no", self.labels[1]))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(self.get_condition())
        if self.value() == "no":
            return queryset.exclude(self.get_condition())
        return queryset

    def get_condition(self) -> Q:
        return self.condition


class OnRegisterFilter(YesNoFilter):
    title = "register"
    parameter_name = "on_register"
    labels = ("On the register", "Past pupils (removed)")
    condition = Q(removed_from_register_on__isnull=True)


class PortalAccountFilter(YesNoFilter):
    title = "portal account"
    parameter_name = "portal_account"
    labels = ("Has a portal account", "No portal account")
    condition = Q(user__isnull=False)


class CurrentProvisionFilter(YesNoFilter):
    title = "current"
    parameter_name = "current"
    labels = ("Current", "Ended")

    def get_condition(self) -> Q:
        return Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate())


class ConsentFilter(YesNoFilter):
    title = "parents' consent"
    parameter_name = "consent"
    labels = ("Consent given", "Waiting for consent")
    condition = Q(parents_consented_on__isnull=False)


# Inlines


class PupilParentInline(admin.TabularInline):
    model = PupilParent
    extra = 0
    autocomplete_fields = ("pupil", "parent")


class OnePageProfileInline(admin.StackedInline):
    model = OnePageProfile
    extra = 0
    max_num = 1
    can_delete = False
    readonly_fields = ("updated_at",)


class OutcomeInline(admin.StackedInline):
    model = Outcome
    extra = 0
    fields = ("description", "success_measure", "who_helps", ("review_date", "status"))
    show_change_link = True  # progress notes are added on the target's own page


class ProvisionInline(UserChoicesByRoleMixin, admin.TabularInline):
    model = Provision
    extra = 0
    autocomplete_fields = ("staff",)


class ProfessionalInvolvementInline(admin.StackedInline):
    model = ProfessionalInvolvement
    extra = 0
    fields = (("service", "name"), "contact", "parents_consented_on", "notes")


class ProgressNoteInline(UserChoicesByRoleMixin, admin.TabularInline):
    model = ProgressNote
    extra = 0
    fields = ("noted_on", "note", "recorded_by")
    autocomplete_fields = ("recorded_by",)


# Models


@admin.register(Pupil)
class PupilAdmin(UserChoicesByRoleMixin, SimpleHistoryAdmin):
    list_display = (
        "legal_last_name",
        "legal_first_name",
        "preferred_name",
        "year_group",
        "form",
        "upn",
        "sen_status",
        "primary_need",
        "key_worker",
        "on_register",
    )
    list_display_links = ("legal_last_name", "legal_first_name")
    list_filter = (OnRegisterFilter, "sen_status", "year_group", "primary_need", "secondary_need")
    search_fields = ("legal_first_name", "legal_last_name", "preferred_name", "upn")
    list_select_related = ("key_worker",)
    autocomplete_fields = ("key_worker", "class_teacher", "teaching_assistants", "user")
    fieldsets = (
        (
            "Pupil",
            {"fields": (("legal_first_name", "legal_last_name"), "preferred_name", "date_of_birth", "upn")},
        ),
        ("Class", {"fields": (("year_group", "form"),)}),
        ("Special educational needs", {"fields": ("sen_status", ("primary_need", "secondary_need"))}),
        ("On the register", {"fields": ("added_to_register_on", "removed_from_register_on", "removal_reason")}),
        ("Staff who work with the pupil", {"fields": ("key_worker", "class_teacher", "teaching_assistants")}),
        ("Young person's portal account", {"fields": ("user",), "classes": ("collapse",)}),
    )
    inlines = (
        PupilParentInline,
        OnePageProfileInline,
        OutcomeInline,
        ProvisionInline,
        ProfessionalInvolvementInline,
    )

    @admin.display(boolean=True, description="on register")
    def on_register(self, pupil: Pupil) -> bool:
        return pupil.is_on_register

    def has_delete_permission(self, request, obj=None):
        # Nothing is deleted silently: a pupil leaves the register with a date and a reason instead.
        return False


@admin.register(ParentCarer)
class ParentCarerAdmin(UserChoicesByRoleMixin, SimpleHistoryAdmin):
    list_display = (
        "last_name",
        "first_name",
        "title",
        "email",
        "mobile_phone",
        "preferred_contact_method",
        "preferred_language",
        "needs_interpreter",
        "access_needs",
        "user",
    )
    list_display_links = ("last_name", "first_name")
    list_filter = (
        "preferred_contact_method",
        "needs_interpreter",
        "needs_hearing_support",
        "needs_large_print",
        "needs_literacy_support",
        PortalAccountFilter,
        "preferred_language",
    )
    search_fields = (
        "first_name",
        "last_name",
        "email",
        "mobile_phone",
        "home_phone",
        "work_phone",
        "pupil_links__pupil__legal_first_name",
        "pupil_links__pupil__legal_last_name",
        "pupil_links__pupil__upn",
    )
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    fieldsets = (
        ("Name", {"fields": (("title", "first_name", "last_name"),)}),
        (
            "Contact",
            {
                "fields": (
                    "email",
                    ("mobile_phone", "home_phone", "work_phone"),
                    "address",
                    ("preferred_contact_method", "best_times_to_contact"),
                )
            },
        ),
        (
            "Language and access needs",
            {
                "fields": (
                    ("preferred_language", "needs_interpreter"),
                    ("needs_hearing_support", "needs_large_print", "needs_literacy_support"),
                    "access_notes",
                )
            },
        ),
        ("Portal account", {"fields": ("user",)}),
    )
    inlines = (PupilParentInline,)

    @admin.display(boolean=True, description="access needs")
    def access_needs(self, parent: ParentCarer) -> bool:
        return parent.has_access_needs


@admin.register(PupilParent)
class PupilParentAdmin(SimpleHistoryAdmin):
    list_display = (
        "pupil",
        "parent",
        "relationship",
        "has_parental_responsibility",
        "lives_with_pupil",
        "contact_order",
    )
    list_filter = ("relationship", "has_parental_responsibility", "lives_with_pupil")
    search_fields = (*PUPIL_SEARCH, "parent__first_name", "parent__last_name", "parent__email")
    list_select_related = ("pupil", "parent")
    autocomplete_fields = ("pupil", "parent")


@admin.register(OnePageProfile)
class OnePageProfileAdmin(SimpleHistoryAdmin):
    list_display = ("pupil", "updated_at")
    search_fields = PUPIL_SEARCH
    list_select_related = ("pupil",)
    autocomplete_fields = ("pupil",)
    readonly_fields = ("updated_at",)


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "pupil", "review_date", "status")
    list_filter = ("status", "pupil__sen_status", "pupil__year_group")
    search_fields = ("description", *PUPIL_SEARCH)
    list_select_related = ("pupil",)
    autocomplete_fields = ("pupil",)
    date_hierarchy = "review_date"
    readonly_fields = ("created_at",)
    inlines = (ProgressNoteInline,)


@admin.register(ProgressNote)
class ProgressNoteAdmin(UserChoicesByRoleMixin, SimpleHistoryAdmin):
    list_display = ("noted_on", "__str__", "outcome", "pupil", "recorded_by")
    search_fields = ("note", *(f"outcome__{name}" for name in PUPIL_SEARCH))
    list_select_related = ("outcome__pupil", "recorded_by")
    autocomplete_fields = ("outcome", "recorded_by")
    date_hierarchy = "noted_on"

    @admin.display(description="pupil", ordering="outcome__pupil__legal_last_name")
    def pupil(self, note: ProgressNote) -> Pupil:
        return note.outcome.pupil


@admin.register(Provision)
class ProvisionAdmin(UserChoicesByRoleMixin, SimpleHistoryAdmin):
    list_display = (
        "intervention",
        "pupil",
        "frequency",
        "group_size",
        "staff",
        "setting",
        "start_date",
        "end_date",
        "current",
    )
    list_filter = (CurrentProvisionFilter, "setting", "pupil__year_group")
    search_fields = ("intervention", "staff__first_name", "staff__last_name", *PUPIL_SEARCH)
    list_select_related = ("pupil", "staff")
    autocomplete_fields = ("pupil", "staff")
    date_hierarchy = "start_date"

    @admin.display(boolean=True, description="current")
    def current(self, provision: Provision) -> bool:
        return provision.is_current


@admin.register(ProfessionalInvolvement)
class ProfessionalInvolvementAdmin(SimpleHistoryAdmin):
    list_display = ("service", "name", "pupil", "parents_consented_on")
    list_filter = ("service", ConsentFilter)
    search_fields = ("name", "contact", "notes", *PUPIL_SEARCH)
    list_select_related = ("pupil",)
    autocomplete_fields = ("pupil",)
