from django.contrib import admin

from .models import School


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "email", "staff_see_whole_register"]

    def has_add_permission(self, request):
        return not School.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
