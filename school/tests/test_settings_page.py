"""The school's settings page: the SENCO and the head keep the school's details and the documents it publishes."""

import pytest
from django.urls import reverse

from school.models import School

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_head_saves_the_published_documents_web_addresses_only(client, head):
    client.force_login(head)
    url = reverse("accounts:school_settings")
    data = {name: value for name, value in client.get(url).context["form"].initial.items() if value is not None}

    refused = client.post(url, data | {"complaints_procedure_url": "javascript:alert(1)"})
    ftp = client.post(url, data | {"sen_policy_url": "ftp://oakfield.example/policy.pdf"})
    saved = client.post(url, data | {"complaints_procedure_url": "oakfield.example/complaints"}, follow=True)

    for response in (refused, ftp):
        assert "Give the full web address of the page, for example https://www.school.example/send." in (
            page_text(response)
        )
        assert "Nothing was saved" in page_text(response)
    assert "The school&#x27;s settings are saved." in page_text(saved)
    School.forget_loaded()
    assert (School.load().complaints_procedure_url, School.load().sen_policy_url) == (
        "https://oakfield.example/complaints",
        "",
    )


def test_the_head_teacher_is_chosen_from_the_heads_and_governors_only(client, senco, teacher):
    client.force_login(senco)
    url = reverse("accounts:school_settings")
    data = {name: value for name, value in client.get(url).context["form"].initial.items() if value is not None}

    refused = client.post(url, data | {"head_teacher": teacher.pk})

    assert "Select a valid choice" in page_text(refused)
    School.forget_loaded()
    assert School.load().head_teacher is None


def test_the_senco_sets_when_reminders_go_and_the_reminders_not_yet_sent_follow(
    client, senco, django_capture_on_commit_callbacks
):
    from school.signals import calendar_changed

    heard = []

    def listener(**kwargs):
        heard.append(kwargs)

    calendar_changed.connect(listener, dispatch_uid="settings-page-test")
    try:
        client.force_login(senco)
        url = reverse("accounts:school_settings")
        data = {name: value for name, value in client.get(url).context["form"].initial.items() if value is not None}
        with django_capture_on_commit_callbacks(execute=True):
            refused = client.post(url, data | {"reminder_time": "half past three"})
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, data | {"reminder_time": "16:00", "first_day_back_reminder_time": "08:00"})
    finally:
        calendar_changed.disconnect(dispatch_uid="settings-page-test")
    assert "Enter a valid time." in page_text(refused)
    School.forget_loaded()
    assert (School.load().reminder_time.hour, School.load().first_day_back_reminder_time.hour) == (16, 8)
    assert len(heard) == 1  # the refused form changed nothing; the saved one planned the reminders again
