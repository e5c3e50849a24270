from django.contrib import admin

from .models import Booking, ReviewDay, ReviewDayStaff, Slot, WeeklySeries


class ReviewDayStaffInline(admin.TabularInline):
    model = ReviewDayStaff
    extra = 0


@admin.register(ReviewDay)
class ReviewDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "starts_at", "ends_at", "slot_minutes"]
    list_filter = ["kind"]
    inlines = [ReviewDayStaffInline]


@admin.register(WeeklySeries)
class WeeklySeriesAdmin(admin.ModelAdmin):
    list_display = ["weekday", "starts_at", "ends_at", "staff", "room", "first_date", "last_date"]


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["review_day", "starts_at", "staff", "room"]
    list_filter = ["review_day"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["pupil", "slot", "booked_by", "created_at", "cancelled_at"]
    list_filter = ["review_day"]
    raw_id_fields = ["slot", "pupil", "meeting", "moved_to"]
