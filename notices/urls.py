from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("pupil/<int:pk>/", views.PupilMessagesView.as_view(), name="pupil_log"),
    path("parent/<int:pk>/", views.ParentMessagesView.as_view(), name="parent_log"),
    path("<int:pk>/", views.MessageDetailView.as_view(), name="detail"),
    path("<int:pk>/resend/", views.MessageResendView.as_view(), name="resend"),
    path("failed/", views.FailedMessagesView.as_view(), name="failed"),
    path("<int:pk>/retry/", views.MessageRetryView.as_view(), name="retry"),
    path("letters/", views.LettersToPrintView.as_view(), name="letters"),
    path("letters/printed/", views.LettersAllPrintedView.as_view(), name="letters_printed"),
    path("<int:pk>/printed/", views.LetterPrintedView.as_view(), name="printed"),
    path("calls/", views.CallsToMakeView.as_view(), name="calls"),
    path("<int:pk>/call/", views.CallOutcomeView.as_view(), name="call_outcome"),
]
