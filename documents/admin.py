from django.contrib import admin

from .models import GlossaryTerm, RecordDelivery, SharedRecordPdf


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "explanation"]
    search_fields = ["term", "aliases", "explanation"]


@admin.register(SharedRecordPdf)
class SharedRecordPdfAdmin(admin.ModelAdmin):
    list_display = ["version", "large_print", "created_at"]
    readonly_fields = ["version", "pdf", "large_print", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RecordDelivery)
class RecordDeliveryAdmin(admin.ModelAdmin):
    """Read only: planned when a record is shared; how each went shows on the record's page."""

    list_display = ["version", "recipient", "message", "by_portal", "first_opened_at", "times_opened"]
    list_select_related = ["version__record__meeting__pupil", "parent", "young_person", "message"]
    readonly_fields = [field.name for field in RecordDelivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
