from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("school/", views.SchoolSettingsView.as_view(), name="school_settings"),
]
