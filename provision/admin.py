from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import GroupPlace, GroupSession, Intervention, InterventionGroup, Measure, StaffCostBand


@admin.register(StaffCostBand)
class StaffCostBandAdmin(SimpleHistoryAdmin):
    list_display = ["name", "hourly_rate"]


@admin.register(Intervention)
class InterventionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "wave", "cost_band", "resource_cost_per_term", "group_size", "active"]
    list_filter = ["kind", "wave", "active"]
    search_fields = ["name"]


class GroupSessionInline(admin.TabularInline):
    model = GroupSession
    extra = 0


@admin.register(InterventionGroup)
class InterventionGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "intervention", "led_by", "room", "starts_on", "ends_on"]
    list_filter = ["intervention"]
    inlines = [GroupSessionInline]


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0


@admin.register(GroupPlace)
class GroupPlaceAdmin(SimpleHistoryAdmin):
    list_display = ["pupil", "group", "joined_on", "left_on", "target_score"]
    list_select_related = ["pupil", "group__intervention"]
    raw_id_fields = ["pupil"]
    inlines = [MeasureInline]
