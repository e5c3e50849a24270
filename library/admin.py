from django.contrib import admin

from .models import Copy, Item, Loan


class CopyInline(admin.TabularInline):
    model = Copy
    extra = 0


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "need", "loan_days"]
    list_filter = ["kind", "need"]
    search_fields = ["title"]
    inlines = [CopyInline]


@admin.register(Copy)
class CopyAdmin(admin.ModelAdmin):
    list_display = ["label", "item", "condition", "withdrawn"]
    list_filter = ["withdrawn"]
    search_fields = ["label", "item__title"]
    list_select_related = ["item"]


@admin.register(Loan)
class LoanAdmin(admin.ModelAdmin):
    """Lend, renew and return on the library's own pages: they plan and cancel the reminders."""

    list_display = ["copy", "parent", "pupil", "lent_on", "due_back_on", "returned_on"]
    list_filter = ["returned_on"]
    search_fields = ["copy__label", "copy__item__title", "parent__last_name", "pupil__legal_last_name"]
    list_select_related = ["copy__item", "parent", "pupil"]
    raw_id_fields = ["copy", "parent", "pupil", "lent_by", "returned_to", "renewed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
