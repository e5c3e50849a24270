from django.urls import path

from . import views

app_name = "services"

urlpatterns = [
    path("", views.ServiceListView.as_view(), name="list"),
    path("add/", views.ServiceAddView.as_view(), name="add"),
    path("<int:pk>/edit/", views.ServiceEditView.as_view(), name="edit"),
]
