from django.urls import path

from . import service_views

app_name = "services"

urlpatterns = [
    path("", service_views.ServiceListView.as_view(), name="list"),
    path("add/", service_views.ServiceAddView.as_view(), name="add"),
    path("<int:pk>/edit/", service_views.ServiceEditView.as_view(), name="edit"),
]
