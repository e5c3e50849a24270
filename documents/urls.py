from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("record/<int:pk>.pdf", views.RecordPdfView.as_view(), name="record_pdf"),
    path("profile/<int:pk>.pdf", views.ProfilePdfView.as_view(), name="profile_pdf"),
    path("plan/<int:pk>.pdf", views.PlanPdfView.as_view(), name="plan_pdf"),
    path("letters.pdf", views.LettersPdfView.as_view(), name="letters_pdf"),
    path("letters/<int:pk>/enclosure.pdf", views.LetterEnclosureView.as_view(), name="letter_enclosure"),
    path("review-day/<int:day>/timetable.pdf", views.TimetablePdfView.as_view(), name="timetable_pdf"),
    path("review-day/<int:day>/records/prepare/", views.DayRecordsBatchView.as_view(), name="day_records_batch"),
    path("provision-map.pdf", views.ProvisionMapPdfView.as_view(), name="provision_map_pdf"),
    path("letters/prepare/", views.LettersBatchView.as_view(), name="letters_batch"),
    path("prepared/<int:pk>/", views.PreparedDocumentView.as_view(), name="prepared"),
    path("prepared/<int:pk>.pdf", views.PreparedDocumentDownloadView.as_view(), name="prepared_pdf"),
]
