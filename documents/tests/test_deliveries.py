"""A shared meeting record reaches each parent it is for, each by their own way, once: an email whose link opens it,
or a letter on the office's print list with the record enclosed. The record's page says how it went for each, and
the dashboard counts the record delivered only when every one of them has been sent it."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common import when
from documents.deliveries import send_to_family
from documents.letters import letters_pdf
from documents.models import RecordDelivery, RecordLink
from meetings.dashboard import overdue_records
from meetings.models import Meeting
from meetings.records import amend, finalise
from meetings.tests.factories import days_from_today
from notices.models import Channel, Message, MessageStatus
from notices.sending import deliver, scan
from notices.views import resend
from pupils.tests.factories import PupilParentFactory
from school.models import School

from .conftest import finalised_record
from .pdfs import pdf_text, smallest_type

ACTION = "Read together for ten minutes each night."  # an action point in every record here (conftest)
TOKEN = re.compile(r"/record/(?P<token>[A-Za-z0-9_-]{20,})/")


def share_on_the_site(client, senco, version) -> None:
    client.force_login(senco)
    assert client.post(reverse("meetings:version_share", args=[version.pk])).status_code == 302


def send_due() -> list[str]:
    """The beat's next scan, and the workers sending what it found."""
    return [deliver(pk) for pk in scan()]


def link_in(body: str) -> str:
    return reverse("record_link", args=[TOKEN.search(body)["token"]])


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def version(school, senco, pupil_a, two_parents):
    return finalised_record(pupil_a, senco, two_parents[0])


def test_a_record_for_two_parents_reaches_one_by_email_link_and_the_other_by_letter(
    client, senco, office, version, two_parents
):
    mother, father = two_parents
    share_on_the_site(client, senco, version)
    assert send_due() == [MessageStatus.SENT, MessageStatus.SENT]

    [email] = mail.outbox  # the father prefers letters: no email to him
    assert email.to == ["Alice Ashworth <alice@home.example>"]
    day = timezone.localtime(version.record.meeting.starts_at)
    assert email.subject == f"The record of our meeting about Amelia on {when.date(day)}"
    assert email.attachments == []  # SEN records are not sent as attachments unless the school says so
    reader = Client()  # the mother, signed out: she has no account
    page = reader.get(link_in(email.body))
    assert page.status_code == 200
    assert "Record of the meeting about Amelia" in text(page) and ACTION in text(page)
    pdf = reader.get(link_in(email.body) + "record.pdf")
    assert pdf["Content-Type"] == "application/pdf" and ACTION in pdf_text(pdf.content)

    # The father's letter waits on the office's list, with the record to enclose, in large print.
    client.force_login(office)
    letters = client.get(reverse("notices:letters"))
    [letter] = letters.context["letters"]
    assert letter.recipient_name == "Mr Adam Ashworth" and "1 Hill Road" in letter.recipient_address
    assert "The record is enclosed with this letter, in large print." in letter.body_text
    assert reverse("documents:letter_enclosure", args=[letter.pk]) in letters.content.decode()
    enclosure = client.get(reverse("documents:letter_enclosure", args=[letter.pk]))
    assert ACTION in pdf_text(enclosure.content) and smallest_type(enclosure.content) >= 18
    batch = letters_pdf(office)
    assert "Dear Mr Ashworth" in pdf_text(batch) and ACTION in pdf_text(batch)
    assert smallest_type(batch) >= 18


def test_the_kept_copy_of_the_email_does_not_hold_the_link(client, senco, version):
    share_on_the_site(client, senco, version)
    send_due()
    token = TOKEN.search(mail.outbox[0].body)["token"]
    kept = Message.objects.get(parent__email="alice@home.example")
    assert token not in kept.body_text and token not in kept.body_html
    assert "/record/not-kept/" in kept.body_text
    assert RecordLink.objects.get().token_hash != token  # only a hash of it is kept
    assert Client().get(reverse("record_link", args=["not-kept"])).status_code == 404


def test_a_parent_with_an_account_is_sent_to_the_record_in_the_portal(client, senco, version_a, parent_a):
    share_on_the_site(client, senco, version_a)
    send_due()
    [email] = mail.outbox
    assert reverse("portal:record", args=[version_a.pk]) in email.body
    assert not TOKEN.search(email.body) and not RecordLink.objects.exists()
    client.force_login(parent_a)
    assert client.get(reverse("portal:record", args=[version_a.pk])).status_code == 200
    delivery = RecordDelivery.objects.get()
    assert delivery.by_portal and delivery.first_opened_at is not None and delivery.times_opened == 1


def test_the_school_may_attach_the_record_to_emails(client, senco, version, school):
    school.attach_records_to_emails = True
    school.save()
    share_on_the_site(client, senco, version)
    send_due()
    [email] = mail.outbox
    [(name, pdf, mimetype)] = email.attachments
    assert mimetype == "application/pdf" and name.startswith("record-Amelia-")
    assert ACTION in pdf_text(pdf)
    assert "The record is also attached to this email as a PDF." in email.body


def test_an_altered_or_expired_link_says_so_with_the_schools_phone_and_changes_nothing(client, senco, version):
    share_on_the_site(client, senco, version)
    send_due()
    path = link_in(mail.outbox[0].body)
    altered = Client().get(path.replace("/record/", "/record/x"))
    assert altered.status_code == 404 and "This link does not work" in text(altered)
    assert "01234 567890" in text(altered)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        expired = Client().get(path)
        expired_pdf = Client().get(path + "record.pdf")
    assert expired.status_code == expired_pdf.status_code == 410
    assert "This link has expired" in text(expired) and "01234 567890" in text(expired)
    assert ACTION not in text(expired)
    assert RecordDelivery.objects.filter(times_opened=0, first_opened_at=None).count() == 2


def test_the_link_opens_for_14_days_as_often_as_needed_and_counts_each_opening(client, senco, version):
    share_on_the_site(client, senco, version)
    send_due()
    path = link_in(mail.outbox[0].body)
    assert Client().get(path).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=13)):
        assert Client().get(path).status_code == 200
    client.force_login(senco)
    assert client.get(path).status_code == 200  # a member of staff checking the link is not the family opening it
    delivery = RecordDelivery.objects.get(parent__email="alice@home.example")
    assert delivery.times_opened == 2 and delivery.last_opened_at > delivery.first_opened_at


def test_sending_the_email_again_gives_a_new_link_and_the_old_one_says_it_was_replaced(client, senco, version):
    share_on_the_site(client, senco, version)
    send_due()
    old = link_in(mail.outbox[0].body)
    resend(Message.objects.get(parent__email="alice@home.example", resend_of=None))
    assert send_due() == [MessageStatus.SENT]
    new = link_in(mail.outbox[1].body)
    assert new != old
    replaced = Client().get(old)
    assert replaced.status_code == 410 and "This link has been replaced" in text(replaced)
    assert Client().get(new).status_code == 200


def test_a_link_stops_when_the_parent_no_longer_has_parental_responsibility(client, senco, version, pupil_a):
    share_on_the_site(client, senco, version)
    send_due()
    pupil_a.parent_links.filter(parent__email="alice@home.example").update(has_parental_responsibility=False)
    response = Client().get(link_in(mail.outbox[0].body))
    assert response.status_code == 410 and ACTION not in text(response)


def test_sharing_twice_sends_nothing_twice_and_an_amendment_goes_again_as_an_updated_record(client, senco, version):
    share_on_the_site(client, senco, version)
    share_on_the_site(client, senco, version)
    assert send_to_family(version) == []
    send_due()
    assert send_due() == []
    assert Message.objects.count() == 2 and len(mail.outbox) == 1

    record = version.record
    amend(record, "The date of the next meeting was wrong")
    second = finalise(record, senco)
    share_on_the_site(client, senco, second)
    assert send_due() == [MessageStatus.SENT, MessageStatus.SENT]
    assert Message.objects.count() == 4 and len(mail.outbox) == 2
    update = mail.outbox[1]
    assert update.subject.startswith("An updated record of our meeting about Amelia")
    assert "We changed it because: The date of the next meeting was wrong" in update.body
    assert set(Message.objects.filter(kind="record_updated").values_list("channel", flat=True)) == {"email", "letter"}


def test_a_contact_without_parental_responsibility_is_not_sent_the_record(client, senco, version, pupil_a):
    PupilParentFactory(pupil=pupil_a, has_parental_responsibility=False, parent__email="aunt@home.example")
    share_on_the_site(client, senco, version)
    send_due()
    assert [email.to for email in mail.outbox] == [["Alice Ashworth <alice@home.example>"]]
    assert RecordDelivery.objects.count() == 2


@pytest.fixture
def young_person_pupil(pupil_a):
    """Amelia is past compulsory school age, with her own email address."""
    pupil_a.date_of_birth = datetime.date(2005, 3, 14)
    pupil_a.year_group = 13
    pupil_a.own_email = "amelia@home.example"
    pupil_a.save()
    return pupil_a


def test_a_young_person_who_decides_for_themself_is_sent_their_record_and_their_parents_are_not(
    client, senco, version, young_person_pupil
):
    share_on_the_site(client, senco, version)
    assert send_due() == [MessageStatus.SENT]
    [email] = mail.outbox
    assert email.to == ["Amelia Ashworth <amelia@home.example>"]
    assert email.subject.startswith("The record of our meeting about you")
    assert "Dear Amelia," in email.body
    page = Client().get(link_in(email.body))
    assert page.status_code == 200 and "Record of the meeting about you" in text(page)


def test_with_the_young_persons_agreement_their_parents_are_sent_it_too(client, senco, version, young_person_pupil):
    young_person_pupil.parents_may_see_record_agreed_at = timezone.now()
    young_person_pupil.save()
    share_on_the_site(client, senco, version)
    send_due()
    assert sorted(email.to[0] for email in mail.outbox) == [
        "Alice Ashworth <alice@home.example>",
        "Amelia Ashworth <amelia@home.example>",
    ]
    assert Message.objects.filter(channel=Channel.LETTER, parent__first_name="Adam").exists()


def test_the_records_page_shows_how_it_went_for_each_parent(client, senco, office, version):
    version_page = reverse("meetings:version", args=[version.pk])
    client.force_login(senco)
    before = text(client.get(version_page))
    assert "Who it will go to" in before
    assert "Alice Ashworth : by email, with a link to the record that works for 14 days" in before
    assert "Mr Adam Ashworth : by letter with the record enclosed, printed by the office Large print" in before

    share_on_the_site(client, senco, version)
    send_due()
    Client().get(link_in(mail.outbox[0].body))
    page = text(client.get(version_page))
    assert "Emailed" in page and "Opened" in page
    assert "Waiting to be printed" in page

    client.force_login(office)
    letter = Message.objects.get(channel=Channel.LETTER)
    client.post(reverse("notices:printed", args=[letter.pk]))
    client.force_login(senco)
    page = text(client.get(version_page))
    assert "Printed and posted" in page and "Waiting to be printed" not in page


def test_an_email_that_cannot_go_shows_why_on_the_records_page(client, senco, version, two_parents):
    share_on_the_site(client, senco, version)
    mother = two_parents[0]
    mother.email = ""
    mother.save()
    Message.objects.filter(parent=mother).update(attempts=4)  # its last try
    send_due()
    client.force_login(senco)
    page = text(client.get(reverse("meetings:version", args=[version.pk])))
    assert "Not sent" in page and "No email address for Alice Ashworth." in page


def test_the_dashboard_counts_a_record_delivered_only_when_each_parent_has_been_sent_it(client, senco, office, version):
    Meeting.objects.filter(pk=version.record.meeting_id).update(starts_at=days_from_today(-20))
    meeting = version.record.meeting

    def owed() -> list:
        return list(overdue_records(Meeting.objects.all(), timezone.localdate()))

    def dashboard_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(senco)
        # Counted after the process's first request, which reads the school's settings and keeps them.
        client.get(reverse("meetings:dashboard_overdue"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("meetings:dashboard_overdue")).status_code == 200
        return len(queries)

    before = dashboard_queries()
    assert owed() == [meeting]
    share_on_the_site(client, senco, version)
    assert owed() == [meeting]  # shared, not yet sent
    send_due()
    assert owed() == [meeting]  # emailed to the mother; the father's letter is not printed yet
    client.force_login(office)
    client.post(reverse("notices:letters_printed"), {"letter": Message.objects.get(channel=Channel.LETTER).pk})
    assert owed() == []
    meeting.refresh_from_db()
    assert meeting.record_delivered_at is not None
    assert dashboard_queries() == before

    # An amended record shared again does not make the record owed again.
    amend(version.record, "A parent's name was misspelt")
    second = finalise(version.record, senco)
    share_on_the_site(client, senco, second)
    assert owed() == []


def test_a_record_for_nobody_is_not_owed_once_shared(client, senco, school, pupil_b):
    from pupils.tests.factories import ParentCarerFactory

    stranger = ParentCarerFactory()  # invited, but with no parental responsibility for Ben
    version = finalised_record(pupil_b, senco, stranger)
    Meeting.objects.filter(pk=version.record.meeting_id).update(starts_at=days_from_today(-20))
    share_on_the_site(client, senco, version)
    assert RecordDelivery.objects.count() == 0
    assert list(overdue_records(Meeting.objects.all(), timezone.localdate())) == []
    assert School.load().attach_records_to_emails is False  # off unless the school turns it on
