"""Admin for messages: a read-only record of what was planned and sent."""

from django.contrib import admin

from .models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("kind", "recipient_name", "channel", "due_at", "status", "sent_at", "attempts")
    list_filter = ("status", "kind", "channel")
    search_fields = ("recipient_name", "recipient_address", "subject", "meeting__pupil__legal_last_name")
    date_hierarchy = "due_at"
    list_select_related = ("meeting__pupil",)
    readonly_fields = [field.name for field in Message._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
