from django.contrib import admin

from .models import SupportService


@admin.register(SupportService)
class SupportServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "reach", "phone", "website", "order"]
    list_filter = ["reach"]
    list_editable = ["order"]
