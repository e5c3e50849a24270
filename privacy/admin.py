from django.contrib import admin

from .models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read only: entries are never added, changed or deleted by hand."""

    list_display = ["at", "user_name", "user_role", "action", "pupil", "parent", "what"]
    list_filter = ["action", "user_role"]
    search_fields = ["user_name", "what", "pupil__legal_last_name", "pupil__legal_first_name", "parent__last_name"]
    date_hierarchy = "at"
    list_select_related = ["pupil", "parent"]
    raw_id_fields = ["user", "pupil", "parent"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
