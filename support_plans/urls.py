from django.urls import path

from . import views

app_name = "support_plans"

urlpatterns = [
    # A pupil's plan: the current version, the draft, the earlier versions; starting a plan or a new version
    path("pupil/<int:pk>/", views.PupilPlansView.as_view(), name="pupil"),
    path("pupil/<int:pk>/start/", views.StartPlanView.as_view(), name="start"),
    # One version; while it is a draft, its words, outcomes (each with its provision) and the support across it
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("<int:pk>/edit/", views.PlanEditView.as_view(), name="edit"),
    path("<int:pk>/outcomes/add/", views.OutcomeAddView.as_view(), name="outcome_add"),
    path("outcomes/<int:pk>/edit/", views.OutcomeEditView.as_view(), name="outcome_edit"),
    path("outcomes/<int:pk>/remove/", views.OutcomeRemoveView.as_view(), name="outcome_remove"),
    path("<int:pk>/support/", views.WholePlanSupportView.as_view(), name="support"),
    path("<int:pk>/finalise/", views.FinaliseView.as_view(), name="finalise"),
    path("<int:pk>/discard/", views.DiscardView.as_view(), name="discard"),
    # The review that closes the current plan's cycle and drafts the next
    path("<int:pk>/review/", views.ReviewView.as_view(), name="review"),
]
