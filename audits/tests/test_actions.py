"""Acting on the audit: points for action become actions, the action plan across audits, and its CSV and PDF.

People: senco (makes and updates actions), teacher and office (own some), head (looks, changes nothing).
"""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from audits.actions import split_points
from audits.models import AuditAction, AuditActionStatus, AuditReminder, Priority
from audits.reminders import plan_action_reminders
from documents.tests.pdfs import pdf_text, smallest_type
from notices.models import ReminderStatus

from .acting import agree, make_action, make_audit, question


def text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def today():
    return timezone.localdate()


@pytest.fixture
def audit(senco):
    audit = make_audit(senco, held_on=today() - timedelta(days=10), review_on=today() + timedelta(days=300))
    agree(
        audit, "C1", points="- New signs at both gates\n- Train the office in greeting parents\n\n3. A welcome leaflet"
    )
    agree(audit, "C3", points="Answer phone messages within a day.")
    agree(audit, "C2", points="")  # nothing to do
    return audit


def test_a_point_splits_into_lines_without_bullets_or_numbers():
    assert split_points("- One\n• Two\n\n3. Three\n  4) Four  \nFive") == ["One", "Two", "Three", "Four", "Five"]


def test_points_page_lists_each_point_with_a_way_to_make_it_an_action(client, senco, audit):
    client.force_login(senco)
    page = text(client.get(reverse("audits:action_points", args=[audit.pk])))
    assert "C1 How do you welcome parents when they visit school?" in page
    for point in ("New signs at both gates", "Train the office in greeting parents", "A welcome leaflet"):
        assert f"{point} Make this an action" in page
    assert "Answer phone messages within a day." in page
    assert "C2" not in page  # agreed, but no point for action


def test_making_an_action_starts_from_the_chosen_point(client, senco, audit):
    client.force_login(senco)
    url = reverse("audits:action_add", args=[audit.pk])
    c1 = question("C1")
    form = client.get(url, {"question": c1.pk, "point": 1}).context["form"]
    assert form.initial["description"] == "Train the office in greeting parents"
    assert form.initial["question"] == c1 and form.initial["owner"] == senco


def test_senco_turns_a_point_into_an_action_for_a_teacher(client, senco, teacher, audit):
    client.force_login(senco)
    due = today() + timedelta(days=30)
    response = client.post(
        reverse("audits:action_add", args=[audit.pk]),
        {
            "question": question("C1").pk,
            "description": "Train the office in greeting parents",
            "owner": teacher.pk,
            "priority": Priority.HIGH,
            "due_on": due.isoformat(),
        },
        follow=True,
    )
    action = AuditAction.objects.get()
    assert (action.owner, action.priority, action.due_on, action.created_by) == (teacher, "high", due, senco)
    assert action.status == AuditActionStatus.OPEN and action.audit == audit
    assert f"Action added for Tia Teacher, due {due:%-d %B %Y}" in text(response)
    # The points page now shows the action under its question.
    assert "Tia Teacher · by" in text(response)
    # Reminders: the teacher a week before and on the day; the SENCO on the day.
    assert AuditReminder.objects.filter(action=action, status=ReminderStatus.PLANNED).count() == 3


def test_bad_input_is_shown_again_with_what_was_typed(client, senco, audit, parent_a):
    client.force_login(senco)
    response = client.post(
        reverse("audits:action_add", args=[audit.pk]),
        {
            "description": "A welcome leaflet in Polish",
            "owner": parent_a.pk,
            "priority": "high",
            "due_on": "2020-01-01",
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert "Choose a date from today onwards." in page
    assert "Select a valid choice." in page  # a parent cannot own a school action
    assert "A welcome leaflet in Polish" in page
    assert not AuditAction.objects.exists()


def test_marking_done_sets_the_day_and_cancels_the_reminders(client, senco, teacher, audit):
    client.force_login(senco)
    action = make_action(audit, teacher, today() + timedelta(days=20), "C1")
    plan_action_reminders(action)
    url = reverse("audits:action_edit", args=[action.pk])
    form = {
        "description": action.description,
        "owner": teacher.pk,
        "priority": "medium",
        "due_on": action.due_on.isoformat(),
        "status": AuditActionStatus.DONE,
        "completed_on": "",
        "notes": "Signs up at both gates; parents say they help.",
    }
    response = client.post(url, form, follow=True)
    action.refresh_from_db()
    assert action.status == AuditActionStatus.DONE and action.completed_on == today()
    assert action.notes.startswith("Signs up")
    assert "(done)" in text(response)
    assert not AuditReminder.objects.filter(action=action, status=ReminderStatus.PLANNED).exists()

    # Back to in progress: the completion date goes, and the reminders come back.
    client.post(url, form | {"status": AuditActionStatus.IN_PROGRESS, "completed_on": today().isoformat()})
    action.refresh_from_db()
    assert action.status == AuditActionStatus.IN_PROGRESS and action.completed_on is None
    assert AuditReminder.objects.filter(action=action, status=ReminderStatus.PLANNED).count() == 3


def test_an_overdue_action_can_be_updated_without_moving_its_date(client, senco, teacher, audit):
    action = make_action(audit, teacher, today() - timedelta(days=3), "C1")
    client.force_login(senco)
    form = {
        "description": action.description,
        "owner": teacher.pk,
        "priority": "medium",
        "due_on": action.due_on.isoformat(),
        "status": AuditActionStatus.IN_PROGRESS,
        "notes": "Half the signs are up.",
    }
    response = client.post(reverse("audits:action_edit", args=[action.pk]), form)
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == AuditActionStatus.IN_PROGRESS


def test_a_completion_day_in_the_future_is_refused(client, senco, teacher, audit):
    action = make_action(audit, teacher, today() + timedelta(days=3), "C1")
    client.force_login(senco)
    form = {
        "description": action.description,
        "owner": teacher.pk,
        "priority": "medium",
        "due_on": action.due_on.isoformat(),
        "status": AuditActionStatus.DONE,
        "completed_on": (today() + timedelta(days=1)).isoformat(),
    }
    response = client.post(reverse("audits:action_edit", args=[action.pk]), form)
    assert "The day it was done cannot be in the future." in text(response)


@pytest.fixture
def plan(senco, teacher, office, audit):
    """Four actions across two audits: one overdue, two open, one done."""
    other = make_audit(senco, title="Involvement re-audit", held_on=today() - timedelta(days=3))
    return {
        "overdue": make_action(
            audit, teacher, today() - timedelta(days=2), "C1", description="New signs at both gates"
        ),
        "soon": make_action(audit, office, today() + timedelta(days=5), "C3", description="Answer messages in a day"),
        "later": make_action(other, teacher, today() + timedelta(days=40), None, description="Coffee morning"),
        "done": make_action(
            audit,
            teacher,
            today() - timedelta(days=20),
            "C1",
            description="Welcome leaflet",
            status=AuditActionStatus.DONE,
            completed_on=today() - timedelta(days=21),
        ),
    }


def rows(response) -> list[str]:
    return [action.description for action in response.context["actions"]]


def test_action_plan_lists_open_actions_soonest_first_with_overdue_standing_out(client, senco, plan):
    client.force_login(senco)
    response = client.get(reverse("audits:action_plan"))
    assert rows(response) == ["New signs at both gates", "Answer messages in a day", "Coffee morning"]
    html = response.content.decode()
    overdue_row = html.split(f'data-action="{plan["overdue"].pk}"')[0].rsplit("<tr", 1)[1]
    assert "table-danger" in overdue_row
    assert text(response).count("Overdue") == 2  # the row's mark, and the filter's choice


def test_action_plan_filters_by_audit_owner_and_status(client, senco, teacher, audit, plan):
    client.force_login(senco)
    url = reverse("audits:action_plan")
    assert rows(client.get(url, {"audit": audit.pk})) == ["New signs at both gates", "Answer messages in a day"]
    assert rows(client.get(url, {"owner": teacher.pk})) == ["New signs at both gates", "Coffee morning"]
    assert rows(client.get(url, {"show": "done"})) == ["Welcome leaflet"]
    assert rows(client.get(url, {"show": "overdue"})) == ["New signs at both gates"]
    assert len(rows(client.get(url, {"show": "all"}))) == 4
    assert len(rows(client.get(url, {"show": "nonsense", "owner": "x"}))) == 3  # bad filters are ignored


def test_head_sees_the_plan_but_changes_nothing(client, head, plan):
    client.force_login(head)
    response = client.get(reverse("audits:action_plan"))
    assert response.status_code == 200 and "New signs at both gates" in text(response)
    assert reverse("audits:action_edit", args=[plan["overdue"].pk]) not in response.content.decode()
    edit = client.post(reverse("audits:action_edit", args=[plan["overdue"].pk]), {"status": "done"})
    assert edit.status_code == 403


def test_action_plan_queries_do_not_grow_with_actions(client, senco, teacher, audit, plan):
    client.force_login(senco)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("audits:action_plan")).status_code == 200
        return len(queries)

    count()
    before = count()
    for number in range(5):
        make_action(audit, teacher, today() + timedelta(days=number), f"C{number + 4}")
    assert count() == before


def test_csv_opens_in_excel_with_every_column(client, senco, plan):
    plan["soon"].notes = "=HYPERLINK(bad)"
    plan["soon"].save()
    client.force_login(senco)
    response = client.get(reverse("audits:action_plan_csv"), {"show": "all"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == [
        "Question reference",
        "Question",
        "Action",
        "Owner",
        "Priority",
        "Due",
        "Status",
        "Completed",
        "Notes",
    ]
    by_action = {row[2]: row for row in table[1:]}
    assert len(by_action) == 4
    welcome = by_action["Welcome leaflet"]
    assert welcome[:2] == ["C1", "How do you welcome parents when they visit school?"]
    assert welcome[3:8] == [
        "Tia Teacher",
        "Medium",
        plan["done"].due_on.strftime("%d/%m/%Y"),
        "Done",
        plan["done"].completed_on.strftime("%d/%m/%Y"),
    ]
    assert by_action["Coffee morning"][:2] == ["", ""]
    assert by_action["Answer messages in a day"][8] == "'=HYPERLINK(bad)"  # never run as a formula


def test_pdf_of_the_plan_in_print_style(client, head, plan):
    client.force_login(head)
    response = client.get(reverse("audits:action_plan_pdf"))
    assert response["Content-Type"] == "application/pdf"
    words = pdf_text(response.content)
    assert "Action plan: Still to do" in words
    assert "New signs at both gates" in words and "Coffee morning" in words and "Welcome leaflet" not in words
    assert "Overdue" in words and "Olu Office" in words
    assert smallest_type(response.content) >= 14


def test_dashboard_says_how_many_audit_actions_are_due(client, senco, plan):
    client.force_login(senco)
    page = text(client.get(reverse("meetings:dashboard_waiting")))
    assert "Audit actions due: 1 overdue 1 in the next fortnight" in page


def test_an_action_about_a_question_with_no_point_is_still_listed_on_the_points_page(client, senco, teacher, audit):
    make_action(audit, teacher, today() + timedelta(days=9), "C2", description="Photos of staff in reception")
    make_action(audit, teacher, today() + timedelta(days=9), None, description="Coffee morning")
    client.force_login(senco)
    page = text(client.get(reverse("audits:action_points", args=[audit.pk])))
    other = page.split("Other actions from this audit")[1]
    assert "C2 Photos of staff in reception" in other and "Coffee morning" in other
