from django.contrib import admin

from .models import ClosureDay, School, TermDates


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "email", "staff_see_whole_register"]

    def has_add_permission(self, request):
        return not School.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason"]
    date_hierarchy = "date"


@admin.register(TermDates)
class TermDatesAdmin(admin.ModelAdmin):
    list_display = ["term", "starts_on", "ends_on", "half_term_starts_on", "half_term_ends_on"]
    date_hierarchy = "starts_on"
