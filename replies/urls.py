from django.urls import path

from . import views

app_name = "replies"

urlpatterns = [
    # The personal link in a family's notices, reminders and review-day invitations: short, as letters carry it too.
    path("<str:code>/", views.reply, name="reply"),
]
