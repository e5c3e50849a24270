from django.urls import path

from . import plans, views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("child/<int:pk>/", views.ChildView.as_view(), name="child"),
    # The child's SEN support plan (the targets and support pages before plans open it)
    path("child/<int:pk>/plan/", plans.PlanView.as_view(), name="plan"),
    path("child/<int:pk>/targets/", plans.OldPlanPageView.as_view(), name="targets"),
    path("child/<int:pk>/support/", plans.OldPlanPageView.as_view(), name="support"),
    path("plan/<int:pk>/", plans.PlanVersionView.as_view(), name="plan_version"),
    path("plan/<int:pk>.pdf", plans.PlanPdfView.as_view(), name="plan_pdf"),
    path("child/<int:pk>/meetings/", views.MeetingsView.as_view(), name="meetings"),
    path("record/<int:pk>/", views.RecordView.as_view(), name="record"),
    path("record/<int:pk>.pdf", views.RecordPdfView.as_view(), name="record_pdf"),
    path("actions/", views.ActionsView.as_view(), name="actions"),
    path("letters/", views.MessagesView.as_view(), name="messages"),
    path("letters/<int:pk>/", views.MessageView.as_view(), name="message"),
    path("who-is-who/", views.ContactsView.as_view(), name="contacts"),
    path("help-outside-school/", views.ServicesView.as_view(), name="services"),
    path("words-we-use/", views.GlossaryView.as_view(), name="glossary"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("text-size/", views.TextSizeView.as_view(), name="text_size"),
]
