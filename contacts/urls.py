from django.urls import path

from . import views

app_name = "contacts"

urlpatterns = [
    path("pupil/<int:pk>/", views.PupilContactsView.as_view(), name="pupil_contacts"),
    path("pupil/<int:pk>/log/", views.ContactAddView.as_view(), name="contact_add"),
    path("concerns/", views.ConcernListView.as_view(), name="mine"),
    path("concerns/overdue/", views.OverdueConcernsView.as_view(), name="overdue"),
    path("concerns/<int:pk>/respond/", views.RespondView.as_view(), name="respond"),
    path("positive-news/", views.PositiveNewsView.as_view(), name="positive_news"),
    path("concerns/figures/", views.ResponseFiguresView.as_view(), name="figures"),
]
