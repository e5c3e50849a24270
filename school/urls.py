from django.urls import path

from . import views

app_name = "school"

urlpatterns = [
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/terms/add/", views.TermAddView.as_view(), name="term_add"),
    path("calendar/terms/<int:pk>/", views.TermEditView.as_view(), name="term_edit"),
    path("calendar/terms/<int:pk>/delete/", views.TermDeleteView.as_view(), name="term_delete"),
    path("calendar/closure-days/add/", views.ClosureAddView.as_view(), name="closure_add"),
    path("calendar/closure-days/<int:pk>/delete/", views.ClosureDeleteView.as_view(), name="closure_delete"),
    path("calendar/upload/", views.CalendarUploadView.as_view(), name="calendar_upload"),
    path("calendar/file/", views.CalendarFileView.as_view(), name="calendar_file"),
]
