from django.urls import path

from . import views

app_name = "overview"

# Under the addresses these pages had when they lived in pupils/ and privacy/.
urlpatterns = [
    path("pupils/<int:pk>/timeline/", views.PupilTimelineView.as_view(), name="pupil_timeline"),
    path("privacy/pupils/<int:pk>/access-log/", views.PupilAccessLogView.as_view(), name="pupil_access_log"),
    path(
        "privacy/pupils/<int:pk>/subject-access.zip",
        views.PupilSubjectAccessView.as_view(),
        name="pupil_subject_access",
    ),
    path(
        "privacy/parents/<int:pk>/subject-access.zip",
        views.ParentSubjectAccessView.as_view(),
        name="parent_subject_access",
    ),
    path("privacy/retention/", views.RetentionView.as_view(), name="retention"),
]
