from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import OutcomeResult, PlanOutcome, PlanProvision, PlanReview, SupportPlan


class ToLookAt:
    """To look at, not to change: plans are written, finalised and reviewed on their own pages, which keep the
    version lock (a finalised plan changes only by a new version)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlanOutcomeInline(ToLookAt, admin.StackedInline):
    model = PlanOutcome
    extra = 0


class PlanProvisionInline(ToLookAt, admin.TabularInline):
    model = PlanProvision
    extra = 0
    fields = ("outcome", "what", "wave", "group", "frequency", "minutes", "group_size", "staff", "setting")


@admin.register(SupportPlan)
class SupportPlanAdmin(ToLookAt, SimpleHistoryAdmin):
    list_display = ("pupil", "number", "status", "starts_on", "review_on", "finalised_at")
    list_filter = ("status",)
    list_select_related = ("pupil",)
    search_fields = ("pupil__legal_last_name", "pupil__legal_first_name", "pupil__preferred_name")
    inlines = (PlanOutcomeInline, PlanProvisionInline)


class OutcomeResultInline(ToLookAt, admin.StackedInline):
    model = OutcomeResult
    extra = 0


@admin.register(PlanReview)
class PlanReviewAdmin(ToLookAt, SimpleHistoryAdmin):
    list_display = ("plan", "held_on", "held_by")
    list_select_related = ("plan__pupil", "held_by")
    inlines = (OutcomeResultInline,)
