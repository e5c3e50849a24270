from django.urls import path

app_name = "pupils"

urlpatterns: list = []
