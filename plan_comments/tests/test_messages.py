"""What the family is sent: the email with its personal link (and the PDF where the school attaches records), the
letter with the plan enclosed and the address to type; the copy the school keeps."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from documents.letters import letters_pdf
from documents.tests.pdfs import pdf_text
from notices.models import Channel, Message, MessageStatus
from plan_comments.models import PlanCommentLink
from plan_comments.sending import MESSAGE_KIND
from support_plans import cycle

from .helpers import AGREED, GOES_AT, link_in, run_until


def sent_to(parent):
    return Message.objects.get(parent=parent, kind=MESSAGE_KIND, resend_of=None)


@pytest.fixture
def sent(plan_a):
    run_until(GOES_AT + datetime.timedelta(minutes=1))
    return plan_a


def test_nothing_goes_before_its_time(plan_a):
    run_until(GOES_AT - datetime.timedelta(minutes=1))
    assert mail.outbox == []


def test_the_email_invites_comments_with_a_link_that_is_not_kept(sent, mother):
    [email] = mail.outbox
    assert email.to == ["Alice Ashworth <parent.a@home.example>"]
    assert email.subject == "Amelia's SEN support plan: what do you think, before we review it on Friday 12 March 2027?"
    assert "Friday 12 March 2027" in email.body
    assert "what is going well" in email.body and "anything you would like to change" in email.body
    path = link_in(email.body)
    assert PlanCommentLink.objects.get(parent=mother, plan=sent).message == sent_to(mother)
    kept = sent_to(mother)
    assert kept.status == MessageStatus.SENT
    assert path not in kept.body_text and path not in kept.body_html  # the code went out, but is not kept
    assert "/p/not-kept/" in kept.body_text
    assert email.attachments == []  # the school does not attach records to emails


def test_a_parent_with_an_account_is_told_of_the_portal_too(sent):
    [email] = mail.outbox
    assert reverse("portal:plan", args=[sent.pupil.pk]) in email.body


def test_where_the_school_attaches_records_the_plan_comes_as_a_pdf(school, plan_a):
    school.attach_records_to_emails = True
    school.save()
    run_until(GOES_AT + datetime.timedelta(minutes=1))
    [email] = mail.outbox
    [(name, content, kind)] = email.attachments
    assert name == "support-plan-Amelia-v1.pdf" and kind == "application/pdf"
    assert "Amelia's SEN support plan" in pdf_text(content)


def test_the_letter_encloses_the_plan_in_large_print_and_keeps_the_address_to_type(sent, father, office):
    letter = sent_to(father)
    assert letter.channel == Channel.LETTER and letter.status == MessageStatus.SENT and letter.printed_at is None
    assert "The plan is enclosed with this letter, in large print." in letter.body_text
    assert "type this address into the web browser" in letter.body_text
    assert PlanCommentLink.objects.filter(message=letter).exists()
    assert link_in(letter.body_text).startswith("/p/")  # the office prints it: kept in the letter


def test_the_office_prints_the_plan_with_the_letter(client, sent, father, office):
    client.force_login(office)
    letter = sent_to(father)
    page = client.get(reverse("notices:letters")).content.decode()
    assert "Put the SEN support plan in the envelope with this letter, in large print" in page
    enclosure = client.get(reverse("documents:letter_enclosure", args=[letter.pk]))
    assert enclosure.status_code == 200
    assert "Amelia's SEN support plan" in pdf_text(enclosure.content)
    batch = pdf_text(letters_pdf(office))
    assert "Dear Mr Ashworth" in batch and "What we are aiming for" in batch


def test_a_plan_replaced_before_its_message_goes_is_not_sent(plan_a, senco):
    with time_machine.travel(AGREED + datetime.timedelta(days=1), tick=False):
        cycle.finalise(cycle.start_plan(plan_a.pupil, senco), senco)
    Message.objects.filter(support_plan=plan_a).update(status=MessageStatus.PLANNED)  # as if planned before
    run_until(GOES_AT + datetime.timedelta(minutes=1))
    assert {m.status for m in Message.objects.filter(support_plan=plan_a)} == {MessageStatus.CANCELLED}


def test_a_copy_sent_again_has_a_new_link_and_the_first_still_works(client, sent, mother, senco):
    first = link_in(mail.outbox[0].body)
    with time_machine.travel(GOES_AT + datetime.timedelta(minutes=2), tick=False):
        client.force_login(senco)
        client.post(reverse("notices:resend", args=[sent_to(mother).pk]))
    run_until(GOES_AT + datetime.timedelta(minutes=5))
    second = link_in(mail.outbox[-1].body)
    assert second != first
    client.logout()
    with time_machine.travel(GOES_AT + datetime.timedelta(minutes=10), tick=False):
        assert client.get(first).status_code == 200 and client.get(second).status_code == 200
