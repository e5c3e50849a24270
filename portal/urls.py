from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("child/<int:pk>/", views.ChildView.as_view(), name="child"),
    path("child/<int:pk>/targets/", views.TargetsView.as_view(), name="targets"),
    path("child/<int:pk>/support/", views.SupportView.as_view(), name="support"),
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
