"""The parents' portal: each page shows the family's own child, in plain words, and nothing to change."""

import io

import pytest
from django.urls import reverse
from django.utils.html import strip_tags
from pypdf import PdfReader

from documents.models import GlossaryTerm, SharedRecordPdf
from meetings.records import finalise, share
from meetings.tests.factories import (
    ActionPointFactory,
    InviteeFactory,
    MeetingFactory,
    MeetingRecordFactory,
    RecordVersionFactory,
    days_from_today,
)
from notices.models import MessageStatus
from notices.tests.test_views import make_message
from privacy.models import AccessAction, AccessLogEntry
from pupils.models import ContactMethod
from pupils.tests.factories import (
    OnePageProfileFactory,
    ParentCarerFactory,
    PupilParentFactory,
)
from school.models import School
from services.models import SupportService


def text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


@pytest.fixture
def family_a(parent_a):
    return parent_a.parent_record


@pytest.fixture
def signed_in(client, parent_a):
    client.force_login(parent_a)
    return client


def test_home_lists_the_familys_children_and_no_other(signed_in, pupil_a, pupil_b):
    page = text(signed_in.get(reverse("portal:home")))
    assert pupil_a.full_name in page
    assert pupil_b.full_name not in page


def test_a_child_the_parent_has_no_responsibility_for_is_not_shown(client, pupil_a):
    # A step-parent without parental responsibility, who has their own account for another reason.
    from accounts.models import Role
    from accounts.tests.factories import UserFactory

    user = UserFactory(role=Role.PARENT)
    parent = ParentCarerFactory(user=user)
    PupilParentFactory(pupil=pupil_a, parent=parent, has_parental_responsibility=False)
    client.force_login(user)
    assert pupil_a.full_name not in text(client.get(reverse("portal:home")))
    assert client.get(reverse("portal:child", args=[pupil_a.pk])).status_code == 404


@pytest.mark.parametrize("name", ["portal:child", "portal:plan", "portal:meetings"])
def test_every_child_page_opens_for_their_own_child_and_not_for_another(signed_in, pupil_a, pupil_b, name):
    assert signed_in.get(reverse(name, args=[pupil_a.pk])).status_code == 200
    assert signed_in.get(reverse(name, args=[pupil_b.pk])).status_code == 404


def test_profile_shows_the_one_page_profile_and_explains_the_words_on_it(signed_in, pupil_a):
    OnePageProfileFactory(pupil=pupil_a, how_to_support_me="Chunk instructions. Ask the SENCO about the plan.")
    GlossaryTerm.objects.update_or_create(
        term="SENCO", defaults={"explanation": "The teacher who leads support for children with SEND."}
    )
    GlossaryTerm.objects.update_or_create(term="EHC plan", defaults={"explanation": "A legal plan from the council."})
    page = text(signed_in.get(reverse("portal:child", args=[pupil_a.pk])))
    assert "My dog Biscuit and football on Saturdays." in page
    assert "Chunk instructions." in page
    assert "SEN support" in page
    words = page.split("Words on this page")[1]
    assert "The teacher who leads support" in words
    assert "A legal plan" not in words  # not used on the page


def test_profile_not_yet_written_says_so(signed_in, pupil_a):
    assert "has not been written yet" in text(signed_in.get(reverse("portal:child", args=[pupil_a.pk])))


def test_upcoming_meeting_says_when_where_why_who_and_how_to_rearrange(signed_in, pupil_a, senco):
    school = School.load()
    school.phone = "0115 496 0000"
    school.save()
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=days_from_today(15, 9, 30), confirmed=True)
    InviteeFactory(meeting=meeting, user__first_name="Tia", user__last_name="Teacher", role="Class teacher")
    page = text(signed_in.get(reverse("portal:meetings", args=[pupil_a.pk])))
    assert "at 9:30am" in page
    assert "About 45 minutes" in page and "SENCO office (room 12)" in page
    assert "To look at how reading is going" in page
    assert "Sam Senco" in page and "Tia Teacher, Class teacher" in page
    assert "Can't come?" in page and "0115 496 0000" in page and senco.email in page


def test_cancelled_and_past_meetings_are_not_listed_as_coming_up(signed_in, pupil_a):
    MeetingFactory(pupil=pupil_a, cancelled=True, place="The cancelled room")
    page = text(signed_in.get(reverse("portal:home")))
    assert "No meetings are booked" in page and "The cancelled room" not in page


def test_only_shared_records_are_offered(signed_in, pupil_a):
    shared = RecordVersionFactory(record__meeting__pupil=pupil_a, shared=True)
    unshared = RecordVersionFactory(record__meeting__pupil=pupil_a)
    page = signed_in.get(reverse("portal:meetings", args=[pupil_a.pk])).content.decode()
    assert reverse("portal:record", args=[shared.pk]) in page
    assert reverse("portal:record", args=[unshared.pk]) not in page
    assert "The record will be shared with you soon." in page
    assert signed_in.get(reverse("portal:record", args=[unshared.pk])).status_code == 404
    assert signed_in.get(reverse("portal:record_pdf", args=[unshared.pk])).status_code == 404


def test_record_reads_on_screen_and_downloads_as_the_stored_pdf(signed_in, parent_a, pupil_a, senco):
    record = MeetingRecordFactory(meeting=MeetingFactory(pupil=pupil_a, led_by=senco, held=True))
    version = finalise(record, senco)
    share(version, senco)
    page = text(signed_in.get(reverse("portal:record", args=[version.pk])))
    assert "Reading fluency, and confidence reading aloud." in page
    assert "Precision teaching three times a week" in page

    response = signed_in.get(reverse("portal:record_pdf", args=[version.pk]))
    assert response["Content-Type"] == "application/pdf"
    stored = SharedRecordPdf.objects.get(version=version)
    with stored.pdf.open("rb") as f:
        assert response.content == f.read()
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert pupil_a.first_name in pdf_text
    downloads = AccessLogEntry.objects.filter(user=parent_a, pupil=pupil_a, action=AccessAction.DOWNLOADED_PDF)
    assert downloads.count() == 1


def test_actions_are_the_parents_own_only(signed_in, pupil_a, family_a):
    mine = ActionPointFactory(meeting__pupil=pupil_a, for_parent=True, owner_parent=family_a)
    dads = ActionPointFactory(meeting__pupil=pupil_a, for_parent=True, description="Phone the GP about the referral.")
    school = ActionPointFactory(meeting__pupil=pupil_a, description="Order the coloured overlay.")
    page = text(signed_in.get(reverse("portal:actions")))
    assert mine.description in page
    assert dads.description not in page and school.description not in page


def test_letters_are_those_sent_to_this_parent(signed_in, pupil_a, pupil_b, family_a, parent_b):
    meeting = MeetingFactory(pupil=pupil_a)
    sent = make_message(meeting, parent=family_a, subject="Meeting about Amelia")
    make_message(
        meeting, parent=family_a, status=MessageStatus.PLANNED, subject="Not sent yet", due_at=meeting.starts_at
    )
    theirs = make_message(MeetingFactory(pupil=pupil_b), parent=parent_b.parent_record, subject="Meeting about Ben")
    page = text(signed_in.get(reverse("portal:messages")))
    assert "Meeting about Amelia" in page
    assert "Not sent yet" not in page and "Meeting about Ben" not in page
    letter = text(signed_in.get(reverse("portal:message", args=[sent.pk])))
    assert "I would like to invite you to a meeting about Amelia." in letter
    assert signed_in.get(reverse("portal:message", args=[theirs.pk])).status_code == 404


def test_whos_who_names_the_people_and_how_to_reach_them(signed_in, pupil_a, senco, head):
    school = School.load()
    school.phone, school.senco_availability = "0115 496 0000", "Tuesday mornings"
    school.head_teacher = head
    school.save()
    page = text(signed_in.get(reverse("portal:contacts")))
    assert "Tia Teacher" in page and "Class teacher" in page
    assert "Sam Senco" in page and senco.email in page and "Tuesday mornings" in page
    assert "Hana Head" in page and "Contact through the school office: 0115 496 0000" in page
    assert head.email not in page


def test_help_outside_school_lists_services_by_kind(signed_in):
    SupportService.objects.create(
        name="Our SENDIASS", what_they_do="Free advice near you.", reach="local", kind="sendiass"
    )
    page = text(signed_in.get(reverse("portal:services")))
    sendiass, rest = page.split("Legal advice", 1)
    legal, charities = rest.split("National charities", 1)
    assert "Our SENDIASS" in sendiass and "Near you" in sendiass
    assert "IPSEA" in legal
    assert "Contact" in charities and "Across the country" in charities


def test_glossary_lists_every_word(signed_in):
    GlossaryTerm.objects.update_or_create(term="Provision", defaults={"explanation": "The support your child gets."})
    assert "The support your child gets." in text(signed_in.get(reverse("portal:glossary")))


def test_parent_changes_how_we_contact_them_and_nothing_else(signed_in, family_a):
    url = reverse("portal:settings")
    response = signed_in.post(
        url, {"preferred_contact_method": ContactMethod.TEXT, "best_times_to_contact": "After 3pm", "email": "x@y.z"}
    )
    assert response.status_code == 302
    family_a.refresh_from_db()
    assert family_a.preferred_contact_method == ContactMethod.TEXT
    assert family_a.best_times_to_contact == "After 3pm"
    assert family_a.email != "x@y.z"


def test_bad_contact_choice_is_refused_and_what_was_typed_is_kept(signed_in, family_a):
    response = signed_in.post(
        reverse("portal:settings"), {"preferred_contact_method": "pigeon", "best_times_to_contact": "Mornings"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page and 'value="Mornings"' in page


# The plan's page takes the family's comments on the plan, and changes nothing else (test_plan.py).
@pytest.mark.parametrize("name", ["portal:child", "portal:meetings"])
def test_child_pages_cannot_be_changed(signed_in, pupil_a, name):
    assert signed_in.post(reverse(name, args=[pupil_a.pk])).status_code == 405


def test_bigger_text_is_remembered_on_the_device(signed_in):
    home = reverse("portal:home")
    assert 'class="large-text"' not in signed_in.get(home).content.decode()
    response = signed_in.post(reverse("portal:text_size"), {"size": "large", "next": home})
    assert response["Location"] == home
    assert 'class="large-text"' in signed_in.get(home).content.decode()
    signed_in.post(reverse("portal:text_size"), {"size": "standard", "next": home})
    assert 'class="large-text"' not in signed_in.get(home).content.decode()


def test_text_size_never_sends_anyone_to_another_site(signed_in):
    response = signed_in.post(reverse("portal:text_size"), {"size": "large", "next": "https://evil.example/"})
    assert response["Location"] == reverse("accounts:home")


def test_a_parent_who_needs_large_print_gets_bigger_text_without_asking(signed_in, family_a):
    family_a.needs_large_print = True
    family_a.save()
    assert 'class="large-text"' in signed_in.get(reverse("portal:home")).content.decode()


def test_home_page_query_count_does_not_grow_with_children(client, parent_a, family_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_child():
        child = PupilParentFactory(parent=family_a).pupil
        InviteeFactory(meeting=MeetingFactory(pupil=child))
        RecordVersionFactory(record__meeting__pupil=child, shared=True)

    def queries_for_home() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("portal:home")).status_code == 200
        return len(captured)

    client.force_login(parent_a)
    add_child()
    client.get(reverse("portal:home"))  # the first visit settles the session
    one_child = queries_for_home()
    for _ in range(4):
        add_child()
    assert queries_for_home() == one_child


def test_a_young_person_sees_their_own_record_and_their_own_actions(client, pupil_b):
    from accounts.models import Role
    from accounts.tests.factories import UserFactory
    from pupils.tests.factories import PupilFactory

    user = UserFactory(role=Role.YOUNG_PERSON, first_name="Aiden")
    aiden = PupilFactory(user=user, legal_first_name="Aiden", year_group=12, form="12S")
    MeetingFactory(pupil=aiden, purpose="To plan the college visits.")
    ActionPointFactory(meeting__pupil=aiden, for_pupil=True, description="Visit two colleges before March.")
    client.force_login(user)
    home = text(client.get(reverse("portal:home")))
    assert aiden.full_name in home and pupil_b.full_name not in home
    assert "To plan the college visits." in home
    assert f"about {aiden.first_name}" not in home  # it is their own page
    assert "Visit two colleges before March." in text(client.get(reverse("portal:actions")))
    assert client.get(reverse("portal:messages")).status_code == 200


def test_the_meetings_page_reads_the_same_queries_for_one_meeting_each_way_or_five(signed_in, pupil_a, senco):
    """Issue 24: coming and past meetings in one query, with who is invited and the shared records."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("portal:meetings", args=[pupil_a.pk])

    def more(n):
        for day in range(n):
            coming = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=days_from_today(15 + day), confirmed=True)
            InviteeFactory(meeting=coming)
            RecordVersionFactory(record__meeting__pupil=pupil_a, record__meeting__led_by=senco, shared=True)

    more(1)
    signed_in.get(url)
    with CaptureQueriesContext(connection) as one:
        signed_in.get(url)
    more(4)
    with CaptureQueriesContext(connection) as five:
        page = signed_in.get(url).content.decode()
    assert page.count("Can&#x27;t come?") + page.count("Can't come?") >= 5
    assert len(five) == len(one), "\n".join(query["sql"] for query in five.captured_queries)
