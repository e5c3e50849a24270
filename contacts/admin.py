from django.contrib import admin

from .models import Concern, ConcernReminder, Contact


class ConcernInline(admin.StackedInline):
    model = Concern
    extra = 0
    raw_id_fields = ["assigned_to", "responded_by"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["happened_at", "pupil", "channel", "direction", "is_positive_news", "raises_concern", "recorded_by"]
    list_filter = ["channel", "direction", "is_positive_news", "raises_concern"]
    search_fields = ["pupil__legal_first_name", "pupil__legal_last_name", "summary"]
    raw_id_fields = ["pupil", "parent", "recorded_by"]
    date_hierarchy = "happened_at"
    inlines = [ConcernInline]


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    list_display = ["contact", "assigned_to", "due_at", "responded_at"]
    list_filter = [("responded_at", admin.EmptyFieldListFilter)]
    raw_id_fields = ["contact", "assigned_to", "responded_by"]


@admin.register(ConcernReminder)
class ConcernReminderAdmin(admin.ModelAdmin):
    """Reminders are rows the beat claims and sends; the admin shows them, it does not make them."""

    list_display = ["concern", "recipient", "due_at", "status", "sent_at"]
    list_filter = ["status"]
    raw_id_fields = ["concern", "recipient"]

    def has_add_permission(self, request):
        return False
