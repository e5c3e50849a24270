from django.urls import path

from . import views, welcome

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    # An invitation link to the portal (signed out): set a password
    path("welcome/<str:token>/", welcome.welcome, name="welcome"),
]
