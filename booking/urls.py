from django.urls import path

from . import views

app_name = "booking"

urlpatterns = [
    path("", views.ReviewDayListView.as_view(), name="days"),
    path("new/", views.ReviewDayCreateView.as_view(), name="day_create"),
    path("weekly/new/", views.WeeklySeriesCreateView.as_view(), name="series_create"),
    path("<int:day>/", views.ReviewDayDetailView.as_view(), name="day"),
    path("<int:day>/invite/", views.InviteView.as_view(), name="invite"),
    path("<int:day>/invitations/", views.InvitationListView.as_view(), name="invitations"),
    path("<int:day>/invitations/<int:pk>/decline/", views.InvitationDeclineView.as_view(), name="invitation_decline"),
    path("<int:day>/find/", views.PupilFindView.as_view(), name="find"),
    path("<int:day>/pupil/<int:pupil>/", views.PupilSlotsView.as_view(), name="pupil_slots"),
    path("<int:day>/pupil/<int:pupil>/siblings/", views.SiblingsBookView.as_view(), name="book_siblings"),
    path("<int:day>/staff/<int:staff>/", views.StaffTimetableView.as_view(), name="timetable"),
    path("<int:day>/booking/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("booking/<int:pk>/move/", views.BookingMoveView.as_view(), name="move"),
    path("booking/<int:pk>/cancel/", views.BookingCancelView.as_view(), name="cancel"),
]
