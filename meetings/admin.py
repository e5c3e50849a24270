"""Admin for meetings. Meetings and records are never deleted: cancel, rearrange or amend them instead."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionPoint, Invitee, Meeting, MeetingRecord, MeetingTypeSetting, OutcomeReview, RecordVersion


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MeetingTypeSetting)
class MeetingTypeSettingAdmin(admin.ModelAdmin):
    list_display = ("meeting_type", "default_minutes", "counts_towards_three")
    list_editable = ("default_minutes", "counts_towards_three")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InviteeInline(admin.TabularInline):
    model = Invitee
    extra = 0
    autocomplete_fields = ("user", "parent")


class ActionPointInline(admin.TabularInline):
    model = ActionPoint
    extra = 0
    autocomplete_fields = ("owner_staff", "owner_parent")


@admin.register(Meeting)
class MeetingAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("starts_at", "pupil", "meeting_type", "status", "led_by", "invited_on")
    list_filter = ("status", "meeting_type", "starts_at")
    search_fields = ("pupil__legal_first_name", "pupil__legal_last_name", "pupil__preferred_name", "pupil__upn")
    date_hierarchy = "starts_at"
    list_select_related = ("pupil", "led_by")
    autocomplete_fields = ("pupil", "led_by", "chaired_by", "created_by", "rearranged_to")
    inlines = (InviteeInline, ActionPointInline)


@admin.register(Invitee)
class InviteeAdmin(SimpleHistoryAdmin):
    list_display = ("meeting", "kind", "role", "attendance")
    list_filter = ("kind", "attendance")
    list_select_related = ("meeting__pupil", "user", "parent")
    autocomplete_fields = ("meeting", "user", "parent")


class OutcomeReviewInline(admin.TabularInline):
    model = OutcomeReview
    extra = 0
    autocomplete_fields = ("outcome",)
    raw_id_fields = ("plan_outcome",)
    exclude = ("progress_note",)


class RecordVersionInline(admin.TabularInline):
    model = RecordVersion
    extra = 0
    fields = ("number", "finalised_at", "finalised_by", "shared_at", "shared_by", "amendment_reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MeetingRecord)
class MeetingRecordAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("meeting", "status", "updated_at")
    list_filter = ("status",)
    search_fields = ("meeting__pupil__legal_first_name", "meeting__pupil__legal_last_name")
    list_select_related = ("meeting__pupil",)
    autocomplete_fields = ("meeting", "next_meeting")
    inlines = (OutcomeReviewInline, RecordVersionInline)


@admin.register(RecordVersion)
class RecordVersionAdmin(NoDeleteMixin, admin.ModelAdmin):
    """Finalised versions are what parents were given: they are read-only here."""

    list_display = ("record", "number", "finalised_at", "shared_at")
    list_select_related = ("record__meeting__pupil",)
    readonly_fields = ("record", "number", "content", "amendment_reason", "finalised_at", "finalised_by")

    def has_add_permission(self, request):
        return False


@admin.register(OutcomeReview)
class OutcomeReviewAdmin(SimpleHistoryAdmin):
    list_display = ("reviewed", "record", "status_after", "is_new")
    list_select_related = ("outcome", "plan_outcome", "record__meeting__pupil")
    autocomplete_fields = ("outcome", "record", "progress_note")
    raw_id_fields = ("plan_outcome",)


@admin.register(ActionPoint)
class ActionPointAdmin(SimpleHistoryAdmin):
    list_display = ("description", "owner", "owner_staff", "due_on", "status")
    list_filter = ("status", "owner", "due_on")
    search_fields = ("description", "meeting__pupil__legal_last_name")
    list_select_related = ("owner_staff", "meeting__pupil")
    autocomplete_fields = ("meeting", "owner_staff", "owner_parent")
