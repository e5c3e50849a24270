from django.urls import path

from . import views

app_name = "plan_comments"

urlpatterns = [
    # The personal link in the message that sends a family their child's plan before its review: short, as letters
    # carry it too.
    path("<str:code>/", views.comment, name="comment"),
    path("<str:code>/plan.pdf", views.plan_pdf_by_link, name="plan_pdf"),
]
