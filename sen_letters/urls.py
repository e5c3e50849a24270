from django.urls import path

from . import views

app_name = "sen_letters"

urlpatterns = [
    path("", views.SenLetterListView.as_view(), name="list"),
    path("<int:pk>/", views.SenLetterView.as_view(), name="letter"),
    path("<int:pk>/set-aside/", views.SetAsideView.as_view(), name="set_aside"),
]
