from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("record/<int:pk>.pdf", views.RecordPdfView.as_view(), name="record_pdf"),
    path("profile/<int:pk>.pdf", views.ProfilePdfView.as_view(), name="profile_pdf"),
    path("letters.pdf", views.LettersPdfView.as_view(), name="letters_pdf"),
]
