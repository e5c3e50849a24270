"""Signposts: services outside school chosen while writing a record, copied into the version the family gets."""

import html

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from documents.tests.pdfs import pdf_text
from meetings.models import RecordVersion
from meetings.records import amend, finalise, share
from meetings.tests.factories import MeetingFactory, MeetingRecordFactory
from meetings.tests.test_meetings import record_post
from services.models import ServiceKind, SupportService


def text(response) -> str:
    return html.unescape(" ".join(strip_tags(response.content.decode()).split()))


@pytest.fixture
def forum(db):
    return SupportService.objects.create(
        name="Hillside Parent Carer Forum",
        kind=ServiceKind.PARENT_CARER_FORUM,
        what_they_do="Parents of children with SEND who meet to share ideas.",
        phone="01234 111222",
        opening_times="First Tuesday of the month, 7pm",
    )


@pytest.fixture
def autism(db):
    return SupportService.objects.get(name="National Autistic Society")


@pytest.fixture
def meeting(senco, pupil_a, parent_a):
    pupil_a.primary_need = "ASD"
    pupil_a.save()
    return MeetingFactory(pupil=pupil_a, led_by=senco, held=True)


def finalise_with(client, senco, meeting, *services) -> RecordVersion:
    client.force_login(senco)
    client.get(reverse("meetings:record", args=[meeting.pk]))
    data = record_post(meeting, finalise="1", signposts=[service.pk for service in services])
    response = client.post(reverse("meetings:record", args=[meeting.pk]), data)
    assert response.status_code == 302, text(response)
    return RecordVersion.objects.get(record__meeting=meeting)


def test_record_offers_active_services_with_the_pupils_needs_first(client, senco, meeting, forum, autism):
    SupportService.objects.create(name="Old Lantern Project", what_they_do="Play sessions.", active=False)
    client.force_login(senco)
    page = text(client.get(reverse("meetings:record", args=[meeting.pk])))
    offered = page.split("Help outside school", 2)[2]
    assert "National Autistic Society (national charity): may help with Amelia's needs" in offered
    assert offered.index("National Autistic Society") < offered.index("Hillside Parent Carer Forum")
    assert offered.index("Hillside Parent Carer Forum") < offered.index("Save draft")
    assert "Hillside Parent Carer Forum (parent carer forum): may help" not in offered
    assert "Old Lantern Project" not in page


def test_chosen_signposts_are_copied_into_the_finalised_version(client, senco, meeting, forum, autism):
    version = finalise_with(client, senco, meeting, forum, autism)
    assert [s["name"] for s in version.content["signposts"]] == ["National Autistic Society", forum.name]
    assert version.content["signposts"][1] | {} == {
        "name": "Hillside Parent Carer Forum",
        "kind": "Parent carer forum",
        "what_they_do": "Parents of children with SEND who meet to share ideas.",
        "phone": "01234 111222",
        "email": "",
        "website": "",
        "address": "",
        "opening_times": "First Tuesday of the month, 7pm",
    }
    page = text(client.get(reverse("meetings:version", args=[version.pk])))
    help_outside = page.split("Help outside school", 1)[1]
    assert "Hillside Parent Carer Forum" in help_outside and "Phone: 01234 111222" in help_outside
    assert "Open: First Tuesday of the month, 7pm" in help_outside
    assert "National Autistic Society" in help_outside and "0808 800 4104" in help_outside


def test_a_draft_keeps_its_signposts_and_nothing_is_required(client, senco, meeting, forum):
    client.force_login(senco)
    client.get(reverse("meetings:record", args=[meeting.pk]))
    client.post(reverse("meetings:record", args=[meeting.pk]), record_post(meeting, signposts=[forum.pk]))
    assert list(meeting.record.signposts.all()) == [forum]
    client.post(reverse("meetings:record", args=[meeting.pk]), record_post(meeting))
    assert not meeting.record.signposts.exists()


def test_record_pdf_has_a_help_outside_school_section(client, senco, meeting, forum):
    version = finalise_with(client, senco, meeting, forum)
    pdf = pdf_text(client.get(reverse("documents:record_pdf", args=[version.pk])).content)
    section = pdf.split("Help outside school", 1)[1].split("Who to contact", 1)[0]
    assert "Hillside Parent Carer Forum" in section
    assert "Parents of children with SEND who meet to share ideas." in section
    assert "Telephone: 01234 111222" in section and "Open: First Tuesday of the month, 7pm" in section


def test_parent_sees_the_signposts_on_their_record_page(client, senco, parent_a, meeting, forum):
    version = share(finalise_with(client, senco, meeting, forum), senco)
    client.force_login(parent_a)
    page = text(client.get(reverse("portal:record", args=[version.pk])))
    assert "At the meeting we talked about these services. You can contact them yourself." in page
    assert "Hillside Parent Carer Forum" in page and "01234 111222" in page


def test_later_directory_edits_do_not_change_a_shared_record(client, senco, parent_a, meeting, forum):
    version = share(finalise_with(client, senco, meeting, forum), senco)
    client.force_login(senco)
    changed = {
        "name": "Hillside Families Forum",
        "kind": ServiceKind.PARENT_CARER_FORUM,
        "what_they_do": "Now meets online.",
        "reach": "local",
        "phone": "09999 000000",
        "order": 10,
        "needs": [],
    }  # 'active' unticked: hidden from families now
    client.post(reverse("services:edit", args=[forum.pk]), changed, follow=True)
    forum.refresh_from_db()
    assert forum.phone == "09999 000000" and not forum.active

    staff_page = text(client.get(reverse("meetings:version", args=[version.pk])))
    pdf = pdf_text(client.get(reverse("documents:record_pdf", args=[version.pk])).content)
    client.force_login(parent_a)
    family_page = text(client.get(reverse("portal:record", args=[version.pk])))
    for shown in (staff_page, family_page, pdf):
        assert "Hillside Parent Carer Forum" in shown and "01234 111222" in shown
        assert "Hillside Families Forum" not in shown and "09999 000000" not in shown


def test_amending_keeps_a_hidden_signpost_ticked_and_the_new_version_has_todays_details(client, senco, meeting, forum):
    first = finalise_with(client, senco, meeting, forum)
    SupportService.objects.filter(pk=forum.pk).update(phone="01234 555666", active=False)
    amend(meeting.record, "The forum's phone number changed.")
    form = client.get(reverse("meetings:record", args=[meeting.pk])).content.decode()
    assert "Hillside Parent Carer Forum" in form  # still ticked, though hidden from new records
    client.post(reverse("meetings:record", args=[meeting.pk]), record_post(meeting, finalise="1", signposts=[forum.pk]))
    second = meeting.record.versions.get(number=2)
    assert second.content["signposts"][0]["phone"] == "01234 555666"
    first.refresh_from_db()
    assert first.content["signposts"][0]["phone"] == "01234 111222"


def test_an_older_version_without_signposts_still_shows_everywhere(client, senco, parent_a, meeting):
    version = share(finalise(MeetingRecordFactory(meeting=meeting), senco), senco)
    content = version.content
    del content["signposts"]  # as versions finalised before the directory were stored
    RecordVersion.objects.filter(pk=version.pk).update(content=content)
    client.force_login(senco)
    staff_page = client.get(reverse("meetings:version", args=[version.pk]))
    assert staff_page.status_code == 200 and "data-signposts" not in staff_page.content.decode()
    pdf = client.get(reverse("documents:record_pdf", args=[version.pk]))
    assert pdf.status_code == 200 and "Help outside school" not in pdf_text(pdf.content)
    client.force_login(parent_a)
    family_page = client.get(reverse("portal:record", args=[version.pk]))
    assert family_page.status_code == 200 and "data-signposts" not in family_page.content.decode()
    assert "Record of the meeting about Amelia" in text(family_page)
