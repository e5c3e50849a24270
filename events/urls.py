from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("add/", views.EventCreateView.as_view(), name="add"),
    path("times/", views.TimesReportView.as_view(), name="times_report"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.EventUpdateView.as_view(), name="edit"),
    path("<int:pk>/invite/", views.InviteView.as_view(), name="invite"),
    path("<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("<int:pk>/cancel/", views.CancelView.as_view(), name="cancel"),
    path("<int:pk>/handouts/add/", views.HandoutAddView.as_view(), name="handout_add"),
    path("handouts/<int:pk>/", views.HandoutDownloadView.as_view(), name="handout"),
]
