from django.urls import path  # noqa: F401

app_name = "audits"

urlpatterns = [
    # Running an audit: audits/views/running.py
    # Parents' questionnaire: audits/views/parents.py
    # Acting on it, reports and documents: audits/views/actions.py, audits/views/reports.py
]
