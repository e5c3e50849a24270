from django.contrib import admin
from django.db import models

from .forms import SupportServiceForm
from .models import SupportService


@admin.register(SupportService)
class SupportServiceAdmin(admin.ModelAdmin):
    form = SupportServiceForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # as SupportServiceForm
    list_display = ["name", "kind", "reach", "needs", "phone", "website", "active", "order"]
    list_filter = ["kind", "reach", "active"]
    list_editable = ["order", "active"]
    search_fields = ["name", "what_they_do"]
