from django.contrib import admin

from .models import Event, Guest, Handout


class HandoutInline(admin.TabularInline):
    model = Handout
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("topic", "kind", "starts_at", "venue", "audience", "creche_offered", "cancelled_at")
    list_filter = ("kind", "audience", "creche_offered")
    search_fields = ("topic", "venue")
    date_hierarchy = "starts_at"
    raw_id_fields = ("chosen_pupils", "created_by")
    inlines = [HandoutInline]


@admin.register(Guest)
class GuestAdmin(admin.ModelAdmin):
    list_display = ("parent", "event", "invited_at", "attended", "attendance_recorded_at")
    list_filter = ("attended",)
    search_fields = ("parent__first_name", "parent__last_name", "event__topic")
    raw_id_fields = ("event", "parent", "children", "attendance_recorded_by")


@admin.register(Handout)
class HandoutAdmin(admin.ModelAdmin):
    list_display = ("title", "event", "added_at")
    search_fields = ("title", "event__topic")
    raw_id_fields = ("event",)
