"""A leaver's CTF and SEN file. No app_name: mis/urls.py includes these patterns under the namespace "mis"."""

from django.urls import path

from . import views_transfer

urlpatterns = [
    path("pupils/<int:pk>/transfer.xml", views_transfer.PupilCtfView.as_view(), name="pupil_ctf"),
    path("pupils/<int:pk>/sen-file.pdf", views_transfer.PupilSenFileView.as_view(), name="pupil_sen_file"),
]
