"""The access log: each look at a pupil's record, each PDF and each export writes one entry, and only the SENCO
reads them, per pupil, on "Who has looked at this record"."""

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.tests.factories import MeetingFactory, RecordVersionFactory
from privacy.access_log import AccessAction, record
from privacy.models import AccessLogEntry


def only_entry() -> AccessLogEntry:
    entries = list(AccessLogEntry.objects.all())
    assert len(entries) == 1, [str(entry) for entry in entries]
    return entries[0]


def test_viewing_a_pupil_page_writes_one_entry_with_who_and_what(client, teacher, pupil_a):
    client.force_login(teacher)
    response = client.get(reverse("pupils:pupil_detail", args=[pupil_a.pk]))
    assert response.status_code == 200
    entry = only_entry()
    assert (entry.user, entry.user_name, entry.user_role) == (teacher, "Tia Teacher", "staff")
    assert entry.action == AccessAction.VIEWED
    assert entry.pupil == pupil_a
    assert entry.what == "The pupil's record"
    assert entry.path == f"/pupils/{pupil_a.pk}/"


def test_teacher_not_linked_gets_404_and_nothing_is_logged(client, other_teacher, pupil_a):
    client.force_login(other_teacher)
    assert client.get(reverse("pupils:pupil_detail", args=[pupil_a.pk])).status_code == 404
    assert client.get(reverse("documents:profile_pdf", args=[pupil_a.pk])).status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(
    ("url_name", "what"),
    [
        ("pupils:pupil_history", "The history of changes to the record"),
        ("pupils:profile_print", "One-page profile (printable page)"),
        ("notices:pupil_log", "Messages sent about the pupil's meetings"),
    ],
)
def test_other_pages_of_the_record_are_logged(client, senco, pupil_a, url_name, what):
    client.force_login(senco)
    assert client.get(reverse(url_name, args=[pupil_a.pk])).status_code == 200
    entry = only_entry()
    assert (entry.pupil, entry.action, entry.what) == (pupil_a, AccessAction.VIEWED, what)


def test_meeting_and_record_pages_are_logged_against_the_pupil(client, teacher, pupil_a):
    version = RecordVersionFactory(record__meeting__pupil=pupil_a)
    meeting = version.record.meeting
    client.force_login(teacher)
    client.get(reverse("meetings:detail", args=[meeting.pk]))
    client.get(reverse("meetings:version", args=[version.pk]))
    entries = list(AccessLogEntry.objects.order_by("pk"))
    assert [entry.pupil for entry in entries] == [pupil_a, pupil_a]
    assert entries[0].what.startswith("Meeting on ")
    assert entries[1].what.startswith("Meeting record, version 1")


def test_a_draft_record_page_is_logged_and_a_redirect_is_not(client, teacher, pupil_a):
    draft = MeetingFactory(pupil=pupil_a, held=True)
    client.force_login(teacher)
    assert client.get(reverse("meetings:record", args=[draft.pk])).status_code == 200
    assert only_entry().what.startswith("Meeting record, draft")

    finalised = RecordVersionFactory(record__meeting__pupil=pupil_a).record.meeting
    assert client.get(reverse("meetings:record", args=[finalised.pk])).status_code == 302  # on to the version
    assert AccessLogEntry.objects.count() == 1


def test_a_profile_pdf_download_writes_one_entry(client, teacher, pupil_a):
    client.force_login(teacher)
    response = client.get(reverse("documents:profile_pdf", args=[pupil_a.pk]))
    assert response["Content-Type"] == "application/pdf"
    entry = only_entry()
    assert (entry.action, entry.pupil, entry.what) == (AccessAction.DOWNLOADED_PDF, pupil_a, "One-page profile (PDF)")


def test_a_record_pdf_download_names_the_version(client, senco, pupil_a):
    version = RecordVersionFactory(record__meeting__pupil=pupil_a, number=2, amendment_reason="Spelling of a name.")
    client.force_login(senco)
    assert client.get(reverse("documents:record_pdf", args=[version.pk])).status_code == 200
    entry = only_entry()
    assert (entry.action, entry.pupil, entry.what) == (
        AccessAction.DOWNLOADED_PDF,
        pupil_a,
        "Meeting record, version 2 (PDF)",
    )


def test_a_batch_pdf_is_logged_with_no_single_pupil(client, office):
    client.force_login(office)
    assert client.get(reverse("documents:letters_pdf")).status_code == 200
    entry = only_entry()
    assert (entry.action, entry.pupil, entry.user_role) == (AccessAction.DOWNLOADED_PDF, None, "office")
    assert "Letters waiting to be printed" in entry.what


def test_a_register_export_writes_one_entry(client, teacher, pupil_a):
    client.force_login(teacher)
    response = client.get(reverse("pupils:register_export") + "?status=K")
    b"".join(response.streaming_content)
    entry = only_entry()
    assert (entry.action, entry.pupil, entry.what) == (AccessAction.EXPORTED, None, "SEND register export (CSV)")
    assert entry.path == "/pupils/export.csv?status=K"


def test_a_meeting_calendar_file_is_an_export_about_the_pupil(client, teacher, pupil_a):
    meeting = MeetingFactory(pupil=pupil_a)
    client.force_login(teacher)
    assert client.get(reverse("meetings:ics", args=[meeting.pk])).status_code == 200
    entry = only_entry()
    assert (entry.action, entry.pupil) == (AccessAction.EXPORTED, pupil_a)


def access_log_page(client, pupil):
    return client.get(reverse("overview:pupil_access_log", args=[pupil.pk]))


def test_senco_sees_who_looked_newest_first_and_nothing_about_another_pupil(
    client, senco, teacher, pupil_a, pupil_b, rf
):
    request = rf.get("/somewhere/")
    request.user = teacher
    record(request, AccessAction.VIEWED, pupil=pupil_a, what="First look at A")
    record(request, AccessAction.DOWNLOADED_PDF, pupil=pupil_a, what="Second look at A")
    request.user = senco
    record(request, AccessAction.VIEWED, pupil=pupil_b, what="A look at B")
    client.force_login(senco)
    page = access_log_page(client, pupil_a).content.decode()
    assert page.index("Second look at A") < page.index("First look at A")
    assert "Tia Teacher" in page and "Staff (teacher, TA, pastoral)" in page and "Downloaded a PDF" in page
    assert "A look at B" not in page
    assert pupil_b.full_name not in page


@pytest.mark.parametrize("role", ["teacher", "other_teacher", "office", "head", "parent_a"])
def test_only_the_senco_may_read_the_access_log(client, request, role, pupil_a):
    client.force_login(request.getfixturevalue(role))
    assert access_log_page(client, pupil_a).status_code == 403


def test_access_log_page_for_an_unknown_pupil_is_not_found(client, senco):
    client.force_login(senco)
    assert client.get(reverse("overview:pupil_access_log", args=[999_999])).status_code == 404


def test_access_log_page_is_linked_from_the_pupil_page_for_the_senco_only(client, senco, teacher, pupil_a):
    link = reverse("overview:pupil_access_log", args=[pupil_a.pk])
    client.force_login(teacher)
    assert link not in client.get(reverse("pupils:pupil_detail", args=[pupil_a.pk])).content.decode()
    client.force_login(senco)
    assert link in client.get(reverse("pupils:pupil_detail", args=[pupil_a.pk])).content.decode()


def test_access_log_page_queries_stay_the_same_as_entries_grow(
    client, senco, teacher, pupil_a, rf, django_assert_num_queries
):
    request = rf.get("/")
    request.user = teacher
    record(request, AccessAction.VIEWED, pupil=pupil_a, what="One look")
    client.force_login(senco)
    access_log_page(client, pupil_a)  # the session and the school settings are warm from here on
    with CaptureQueriesContext(connection) as few:
        assert access_log_page(client, pupil_a).status_code == 200
    for n in range(120):
        record(request, AccessAction.VIEWED, pupil=pupil_a, what=f"Look {n}")
    with django_assert_num_queries(len(few)):
        response = access_log_page(client, pupil_a)
    assert len(response.context["entries"]) == 50  # one page of the 121


def test_entries_are_never_changed_or_deleted(senco, pupil_a, rf):
    request = rf.get("/")
    request.user = senco
    record(request, AccessAction.VIEWED, pupil=pupil_a, what="A look")
    entry = AccessLogEntry.objects.get()
    entry.what = "Something else"
    with pytest.raises(ValueError, match="never changed"):
        entry.save()
    with pytest.raises(ValueError, match="never deleted"):
        entry.delete()


def test_admin_site_shows_the_log_read_only(rf, senco):
    request = rf.get("/admin/")
    request.user = senco
    admin = site._registry[AccessLogEntry]
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)


def test_nothing_is_written_for_someone_signed_out(rf, pupil_a):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    record(request, AccessAction.VIEWED, pupil=pupil_a, what="A look")
    assert not AccessLogEntry.objects.exists()


def test_a_parent_reading_a_shared_record_in_the_portal_writes_one_entry_per_page_and_per_pdf(
    client, parent_a, pupil_a, pupil_b
):
    version = RecordVersionFactory(record__meeting__pupil=pupil_a, shared=True)
    client.force_login(parent_a)
    assert client.get(reverse("portal:record", args=[version.pk])).status_code == 200
    entry = only_entry()
    assert (entry.user, entry.user_role, entry.action, entry.pupil) == (parent_a, "parent", "viewed", pupil_a)
    assert entry.what == f"Parents' portal: meeting record, version {version.number}"
    AccessLogEntry.objects.all()._raw_delete(AccessLogEntry.objects.db)  # the log refuses deletes; a clean slate
    assert client.get(reverse("portal:record_pdf", args=[version.pk])).status_code == 200
    assert only_entry().action == AccessAction.DOWNLOADED_PDF  # the PDF alone: no 'viewed' beside it


def test_a_parent_refused_another_familys_child_leaves_no_entry(client, parent_a, pupil_b):
    client.force_login(parent_a)
    assert client.get(reverse("portal:child", args=[pupil_b.pk])).status_code == 404
    assert not AccessLogEntry.objects.exists()
