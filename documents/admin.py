from django.contrib import admin

from .models import GlossaryTerm, SharedRecordPdf


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
