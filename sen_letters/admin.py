from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import SenStatusLetter


@admin.register(SenStatusLetter)
class SenStatusLetterAdmin(SimpleHistoryAdmin):
    """To look at, not to send: the SENCO approves letters on their page, which sends them once."""

    list_display = ["pupil", "change", "changed_on", "approved_at", "discarded_at"]
    list_filter = ["change"]
    readonly_fields = ["text", "discard_reason"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
