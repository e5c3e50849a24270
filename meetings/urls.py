from django.urls import path

from .views import actions, calendar, dashboard, records, scheduling

app_name = "meetings"

urlpatterns = [
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("dashboard/to-book/", dashboard.DashboardPartView.of("to_book"), name="dashboard_to_book"),
    path("dashboard/overdue/", dashboard.DashboardPartView.of("overdue"), name="dashboard_overdue"),
    path("dashboard/waiting/", dashboard.DashboardPartView.of("waiting"), name="dashboard_waiting"),
    path("records/overdue/", dashboard.OverdueRecordsView.as_view(), name="overdue_records"),
    path("annual-reviews/", dashboard.AnnualReviewsDueView.as_view(), name="annual_reviews_due"),
    # Arranging
    path("schedule/<int:pupil_pk>/", scheduling.MeetingCreateView.as_view(), name="schedule"),
    path("<int:pk>/", scheduling.MeetingDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", scheduling.MeetingUpdateView.as_view(), name="edit"),
    path("<int:pk>/status/", scheduling.MeetingStatusView.as_view(), name="status"),
    path("<int:pk>/cancel/", scheduling.MeetingCancelView.as_view(), name="cancel"),
    path("<int:pk>/rearrange/", scheduling.MeetingRearrangeView.as_view(), name="rearrange"),
    path("<int:pk>/invite.ics", calendar.MeetingIcsView.as_view(), name="ics"),
    # The record of the meeting
    path("<int:pk>/record/", records.RecordEditView.as_view(), name="record"),
    path("<int:pk>/record/finalise/", records.RecordFinaliseView.as_view(), name="record_finalise"),
    path("<int:pk>/record/amend/", records.RecordAmendView.as_view(), name="record_amend"),
    path("versions/<int:pk>/", records.RecordVersionView.as_view(), name="version"),
    path("versions/<int:pk>/share/", records.RecordShareView.as_view(), name="version_share"),
    # Calendars and lists
    path("calendar/", calendar.CalendarView.as_view(), name="calendar"),
    path("mine/", actions.MyMeetingsView.as_view(), name="mine"),
    path("actions/", actions.ActionListView.as_view(), name="actions"),
    path("actions/<int:pk>/status/", actions.ActionStatusView.as_view(), name="action_status"),
]
