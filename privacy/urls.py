from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("pupils/<int:pk>/access-log/", views.PupilAccessLogView.as_view(), name="pupil_access_log"),
    path("pupils/<int:pk>/subject-access.zip", views.PupilSubjectAccessView.as_view(), name="pupil_subject_access"),
    path("parents/<int:pk>/subject-access.zip", views.ParentSubjectAccessView.as_view(), name="parent_subject_access"),
    path("retention/", views.RetentionView.as_view(), name="retention"),
]
