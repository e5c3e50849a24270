"""'Ask a parent!!': the parents' questionnaire, rule by rule at its edges.

People: senco, office, head (conftest); parent_a (portal account, Amelia's mother), parent_b (portal account, the
stranger family); Carl, Amelia's father, with an email and no portal account; Dora, with no email.
"""

import re
from datetime import timedelta
from smtplib import SMTPException
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audits import questionnaire as rules
from audits.models import (
    Audit,
    AuditQuestion,
    ParentAnswerChoice,
    ParentQuestionnaire,
    ParentReply,
    QuestionnaireLink,
    QuestionnaireParticipation,
    ReplyChannel,
)
from audits.questionnaire import GivenAnswer
from pupils.tests.factories import PupilFactory, PupilParentFactory

YES, SOMETIMES, NO, NOT_SURE = (choice.value for choice in ParentAnswerChoice)
LINK = re.compile(r"https?://\S+/questionnaire/link/\S+/")


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def today():
    return timezone.localdate()


@pytest.fixture
def audit(senco):
    return Audit.objects.create(
        title="Working with parents 2026", review_on=today() + timedelta(days=180), groups=["parents"], created_by=senco
    )


@pytest.fixture
def questions():
    return list(
        AuditQuestion.objects.filter(section__key="communication", number__in=[1, 3, 9])
        .select_related("section")
        .order_by("number")
    )


@pytest.fixture
def questionnaire(audit, questions, senco):
    return rules.set_up(
        audit, questions=questions, introduction="Please tell us.", closes_on=today() + timedelta(days=14), by=senco
    )


@pytest.fixture
def carl(pupil_a):
    """Amelia's father: an email address, no portal account."""
    return PupilParentFactory(
        pupil=pupil_a, parent__first_name="Carl", parent__last_name="Ashworth", parent__email="carl@home.example"
    ).parent


@pytest.fixture
def dora(pupil_a):
    """Amelia's grandmother: no email address."""
    return PupilParentFactory(pupil=pupil_a, parent__first_name="Dora", parent__email="").parent


def all_answers(questions, answer=YES, comment=""):
    return {question.pk: GivenAnswer(answer, comment) for question in questions}


def post_data(questions, answers, anonymous=False, **extra):
    data = {f"answer_{q.pk}": a for q, a in zip(questions, answers, strict=True) if a}
    if anonymous:
        data["anonymous"] = "on"
    return data | extra


def path_of(url: str) -> str:
    return urlsplit(url).path


# Setting it up


def test_the_senco_sets_up_a_questionnaire_with_plain_words_ready(client, senco, audit, questions):
    client.force_login(senco)
    url = reverse("audits:questionnaire_set_up", args=[audit.pk])
    page = text(client.get(url))
    assert "Do you feel welcome when you visit the school?" in page  # the parent wording, beside the question
    assert "It takes about 5 minutes" in page and "without giving your name" in page  # the default introduction
    data = {"questions": [q.pk for q in questions], "introduction": "Why we ask.", "closes_on": today().isoformat()}
    response = client.post(url, data)
    assert response.status_code == 302
    questionnaire = ParentQuestionnaire.objects.get(audit=audit)
    assert set(questionnaire.questions.all()) == set(questions)
    assert questionnaire.closes_on == today() and questionnaire.created_by == senco
    # Saving again changes the one questionnaire: there is one per audit.
    client.post(url, data | {"questions": [questions[0].pk]})
    assert ParentQuestionnaire.objects.filter(audit=audit).count() == 1
    assert list(ParentQuestionnaire.objects.get(audit=audit).questions.all()) == [questions[0]]


def test_a_closing_date_in_the_past_is_refused_keeping_what_was_typed(client, senco, audit, questions):
    client.force_login(senco)
    data = {"questions": [questions[0].pk], "introduction": "Our own words.", "closes_on": "2020-01-31"}
    page = text(client.post(reverse("audits:questionnaire_set_up", args=[audit.pk]), data))
    assert "The closing date cannot be in the past." in page
    assert "Our own words." in page and 'value="2020-01-31"' in page
    assert not ParentQuestionnaire.objects.exists()


def test_a_question_parents_have_answered_cannot_be_taken_off(client, senco, audit, questions, questionnaire):
    rules.record_reply(questionnaire, all_answers(questions[:1]), channel=ReplyChannel.PAPER)
    client.force_login(senco)
    data = {"questions": [questions[1].pk], "introduction": "x", "closes_on": today().isoformat()}
    page = text(client.post(reverse("audits:questionnaire_set_up", args=[audit.pk]), data))
    assert f"Parents have already answered {questions[0].reference}, so it stays" in page
    assert questionnaire.questions.count() == 3


def test_a_new_closing_date_moves_the_links_not_yet_used(questionnaire, questions, audit, senco, carl):
    link = rules.send_link(questionnaire, carl, senco)
    later = questionnaire.closes_on + timedelta(days=7)
    rules.set_up(audit, questions=questions, introduction="x", closes_on=later, by=senco)
    link.refresh_from_db()
    assert link.expires_at == rules.link_expiry(later)


# The portal


def test_a_portal_parent_sees_open_questionnaires_they_have_not_answered(client, parent_a, questionnaire, senco, audit):
    closed_audit = Audit.objects.create(title="Last year", review_on=audit.review_on, created_by=senco)
    rules.set_up(closed_audit, questions=[], introduction="x", closes_on=today() - timedelta(days=1), by=senco)
    assert list(rules.open_for(parent_a.parent_record)) == [questionnaire]
    client.force_login(parent_a)
    home = text(client.get(reverse("portal:home")))
    assert "We would like your views" in home and "3 short questions" in home
    assert reverse("audits:questionnaire_answer", args=[questionnaire.pk]) in home
    # Answered: no longer asked.
    rules.record_reply(questionnaire, {}, channel=ReplyChannel.PORTAL, parent=parent_a.parent_record)
    assert "We would like your views" not in text(client.get(reverse("portal:home")))


def test_the_closing_day_is_the_last_day_a_portal_parent_is_asked(parent_a, questionnaire):
    parent = parent_a.parent_record
    assert list(rules.open_for(parent, today=questionnaire.closes_on)) == [questionnaire]
    assert list(rules.open_for(parent, today=questionnaire.closes_on + timedelta(days=1))) == []


def test_a_parent_whose_children_left_the_register_is_not_asked(parent_a, pupil_a, questionnaire):
    pupil_a.removed_from_register_on, pupil_a.removal_reason = today(), "Moved school"
    pupil_a.save()
    assert list(rules.open_for(parent_a.parent_record)) == []


def test_a_parent_answers_anonymously_in_the_portal_and_is_not_asked_twice(client, parent_a, questionnaire, questions):
    client.force_login(parent_a)
    url = reverse("audits:questionnaire_answer", args=[questionnaire.pk])
    page = text(client.get(url))
    assert "Please tell us." in page and "Do you feel welcome when you visit the school?" in page
    assert "<fieldset" in page and "<legend" in page
    data = post_data(questions, [YES, NO, ""], anonymous=True, **{f"comment_{questions[1].pk}": "Nobody answers."})
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    reply = ParentReply.objects.get()
    assert reply.parent is None and reply.channel == ReplyChannel.PORTAL  # no name on the answers
    assert QuestionnaireParticipation.objects.get().parent == parent_a.parent_record  # but they have replied
    assert sorted(reply.answers.values_list("answer", "comment")) == [(NO, "Nobody answers."), (YES, "")]
    # Again: refused kindly, nothing saved.
    assert "You have already answered" in text(client.get(url))
    assert "You have already answered" in text(client.post(url, data))
    assert ParentReply.objects.count() == 1


def test_a_named_portal_reply_keeps_the_parents_name(client, parent_a, questionnaire, questions):
    client.force_login(parent_a)
    client.post(reverse("audits:questionnaire_answer", args=[questionnaire.pk]), post_data(questions, [YES, YES, NO]))
    assert ParentReply.objects.get().parent == parent_a.parent_record


def test_an_empty_reply_is_refused_with_a_message(client, parent_a, questionnaire):
    client.force_login(parent_a)
    page = text(client.post(reverse("audits:questionnaire_answer", args=[questionnaire.pk]), {}))
    assert "Please answer at least one question" in page
    assert not ParentReply.objects.exists() and not QuestionnaireParticipation.objects.exists()


def test_after_the_closing_date_the_portal_page_says_it_has_closed(client, parent_a, questionnaire, questions):
    client.force_login(parent_a)
    url = reverse("audits:questionnaire_answer", args=[questionnaire.pk])
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        client.force_login(parent_a)
        assert "This questionnaire has closed" in text(client.get(url))
        assert "This questionnaire has closed" in text(client.post(url, post_data(questions, [YES, YES, YES])))
    assert not ParentReply.objects.exists()


def test_a_young_person_and_staff_cannot_answer(client, teacher, questionnaire):
    client.force_login(teacher)
    assert client.get(reverse("audits:questionnaire_answer", args=[questionnaire.pk])).status_code == 403


# Emailed links


def test_links_go_by_default_to_parents_with_an_email_a_child_on_the_register_and_no_portal_account(
    questionnaire, senco, parent_a, parent_b, carl, dora, pupil_a
):
    left = PupilParentFactory(
        pupil=PupilFactory(removed_from_register_on=today(), removal_reason="Moved"), parent__email="left@home.example"
    )
    replied = PupilParentFactory(pupil=pupil_a, parent__email="replied@home.example").parent
    rules.record_reply(questionnaire, {}, channel=ReplyChannel.PAPER, parent=replied)
    recipients = set(rules.default_link_recipients(questionnaire))
    assert recipients == {carl}  # not the portal parents, Dora (no email), a family that left, nor who replied
    assert left.parent not in recipients
    rules.send_link(questionnaire, carl, senco)
    assert set(rules.default_link_recipients(questionnaire)) == set()  # Carl holds a link that works


def test_the_senco_emails_links_in_plain_words_and_only_a_hash_is_kept(client, senco, questionnaire, carl, settings):
    settings.SITE_URL = "https://senco.school.example"
    client.force_login(senco)
    response = client.post(reverse("audits:questionnaire_send", args=[questionnaire.audit.pk]), {"who": "everyone"})
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == ["carl@home.example"]
    assert "Dear Carl Ashworth" in email.body and "about 5 minutes" in email.body
    assert "works only once" in email.body and f"{questionnaire.closes_on:%-d %B %Y}" in email.body
    link = LINK.search(email.body)[0]
    assert link.startswith("https://senco.school.example/audits/questionnaire/link/")
    assert link in email.alternatives[0][0]  # the HTML part has it too
    token = path_of(link).rstrip("/").rsplit("/", 1)[1]
    stored = QuestionnaireLink.objects.get()
    assert stored.token_hash == rules.hash_token(token) and token not in stored.token_hash
    assert stored.expires_at == rules.link_expiry(questionnaire.closes_on)


def test_choosing_by_hand_needs_a_tick(client, senco, questionnaire, carl):
    client.force_login(senco)
    page = text(client.post(reverse("audits:questionnaire_send", args=[questionnaire.audit.pk]), {"who": "chosen"}))
    assert "Tick at least one parent or carer." in page
    assert not mail.outbox


def test_a_link_whose_email_fails_is_not_saved(questionnaire, senco, carl, monkeypatch):
    def fail(*args, **kwargs):
        raise SMTPException("server down")

    monkeypatch.setattr(rules, "send_mail", fail)
    sending = rules.send_links(questionnaire, [carl], senco)
    assert sending.failed == [carl] and not QuestionnaireLink.objects.exists()


def send_to(questionnaire, parent, senco) -> str:
    """Send a link and return its path, as the parent would open it from the email."""
    rules.send_link(questionnaire, parent, senco)
    return path_of(LINK.search(mail.outbox[-1].body)[0])


def test_a_link_works_once_signed_out(client, questionnaire, questions, senco, carl):
    url = send_to(questionnaire, carl, senco)
    page = text(client.get(url))  # nobody signed in
    assert "Do you feel welcome when you visit the school?" in page
    response = client.post(url, post_data(questions, [YES, SOMETIMES, NO]))
    assert response.status_code == 200 and "Thank you" in text(response)
    reply = ParentReply.objects.get()
    assert reply.parent == carl and reply.channel == ReplyChannel.LINK
    assert QuestionnaireLink.objects.get().used_at is not None
    again = client.get(url)
    assert again.status_code == 410 and "This link has already been used" in text(again)
    assert client.post(url, post_data(questions, [NO, NO, NO])).status_code == 410
    assert ParentReply.objects.count() == 1


def test_an_anonymous_link_reply_stores_no_name_but_blocks_a_second_reply(
    client, questionnaire, questions, senco, carl
):
    first, second = send_to(questionnaire, carl, senco), send_to(questionnaire, carl, senco)
    client.post(first, post_data(questions, [YES, YES, YES], anonymous=True))
    assert ParentReply.objects.get().parent is None
    assert QuestionnaireParticipation.objects.get().parent == carl
    response = client.get(second)  # a second link for the same parent
    assert "You have already answered" in text(response)
    with pytest.raises(rules.AlreadyReplied):
        rules.record_reply(
            questionnaire, all_answers(questions), channel=ReplyChannel.LINK, link=QuestionnaireLink.objects.last()
        )
    assert ParentReply.objects.count() == 1
    assert QuestionnaireLink.objects.last().used_at is None  # the refused claim was rolled back


def test_a_link_expires_at_the_end_of_the_closing_date(client, questionnaire, questions, senco, carl):
    url = send_to(questionnaire, carl, senco)
    expires_at = QuestionnaireLink.objects.get().expires_at
    assert timezone.localtime(expires_at).date() == questionnaire.closes_on + timedelta(days=1)
    with time_machine.travel(expires_at - timedelta(seconds=1), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(expires_at, tick=False):
        response = client.get(url)
        assert response.status_code == 410 and "This questionnaire has closed" in text(response)
        assert client.post(url, post_data(questions, [YES, YES, YES])).status_code == 410
    assert not ParentReply.objects.exists()


def test_an_unknown_link_says_it_does_not_work(client, db):
    response = client.get(reverse("audits:questionnaire_link", args=["not-a-real-token"]))
    assert response.status_code == 404 and "This link does not work" in text(response)


# Paper


def test_the_office_types_in_a_paper_reply_for_a_parent(client, office, questionnaire, questions, carl):
    client.force_login(office)
    url = reverse("audits:questionnaire_paper", args=[questionnaire.audit.pk])
    assert "Carl Ashworth" in text(client.get(url))
    response = client.post(url, post_data(questions, [NO, NO, ""], parent=carl.pk))
    assert response.status_code == 302
    reply = ParentReply.objects.get()
    assert (reply.parent, reply.channel, reply.entered_by) == (carl, ReplyChannel.PAPER, office)
    # The same parent again: refused with a message, keeping what was typed.
    page = text(client.post(url, post_data(questions, [YES, "", ""], parent=carl.pk)))
    assert "Carl Ashworth has already replied" in page and 'value="yes" class="questionnaire-radio"' in page
    assert ParentReply.objects.count() == 1


def test_a_paper_reply_with_no_name_records_nobodys_participation(client, office, questionnaire, questions, carl):
    client.force_login(office)
    url = reverse("audits:questionnaire_paper", args=[questionnaire.audit.pk])
    client.post(url, post_data(questions, [YES, "", ""]))
    client.post(url, post_data(questions, [NO, "", ""], anonymous=True, parent=carl.pk))
    assert list(ParentReply.objects.values_list("parent", flat=True)) == [None, None]
    assert list(QuestionnaireParticipation.objects.values_list("parent", flat=True)) == [carl.pk]


def test_the_office_cannot_see_the_answers(client, office, questionnaire, questions, carl):
    rules.record_reply(
        questionnaire, all_answers(questions, NO, "The office never rings back."), channel=ReplyChannel.PAPER
    )
    client.force_login(office)
    assert client.get(reverse("audits:parents_answers", args=[questionnaire.audit.pk])).status_code == 403
    for url in (reverse("audits:questionnaires"), reverse("audits:questionnaire_paper", args=[questionnaire.audit.pk])):
        page = text(client.get(url))
        assert "never rings back" not in page and "Replies" not in page


# What the SENCO and the head see


@pytest.fixture
def replies(questionnaire, questions, parent_a, carl):
    """Alice (named): Yes, Sometimes, No; Carl (anonymous): Yes, No, Not sure; a paper reply with no name: No to
    the first question only."""
    c1, c3, c9 = (q.pk for q in questions)
    rules.record_reply(
        questionnaire,
        {c1: GivenAnswer(YES, "Always a smile."), c3: GivenAnswer(SOMETIMES, ""), c9: GivenAnswer(NO, "Too long.")},
        channel=ReplyChannel.PORTAL,
        parent=parent_a.parent_record,
    )
    rules.record_reply(
        questionnaire,
        {c1: GivenAnswer(YES, ""), c3: GivenAnswer(NO, "Nobody picks up."), c9: GivenAnswer(NOT_SURE, "")},
        channel=ReplyChannel.LINK,
        parent=carl,
        anonymous=True,
    )
    rules.record_reply(questionnaire, {c1: GivenAnswer(NO, "")}, channel=ReplyChannel.PAPER)


def test_answers_are_counted_per_question_with_comments_and_names_only_where_given(audit, questions, replies):
    c1, c3, c9 = (q.pk for q in questions)
    summaries = rules.parent_answers_by_question(audit)
    assert list(summaries) == [c1, c3, c9]
    assert summaries[c1].counts == {YES: 2, SOMETIMES: 0, NO: 1, NOT_SURE: 0} and summaries[c1].total == 3
    assert summaries[c3].counts == {YES: 0, SOMETIMES: 1, NO: 1, NOT_SURE: 0} and summaries[c3].total == 2
    assert summaries[c1].comments == [("Always a smile.", "Alice Ashworth")]
    assert summaries[c3].comments == [("Nobody picks up.", None)]  # Carl asked not to be named
    assert [name for _, name in rules.parent_answers_by_question(audit, with_names=False)[c9].comments] == [None]


def test_no_questionnaire_no_summaries(audit):
    assert rules.parent_answers_by_question(audit) == {}


def test_a_skipped_question_with_a_comment_counts_no_answer(audit, questionnaire, questions):
    rules.record_reply(questionnaire, {questions[0].pk: GivenAnswer("", "Not been in yet.")}, channel="paper")
    summary = rules.parent_answers_by_question(audit)[questions[0].pk]
    assert summary.total == 0 and summary.comments == [("Not been in yet.", None)]


def test_the_summary_takes_the_same_queries_however_many_replies(
    audit, questionnaire, questions, django_assert_num_queries
):
    def reply(n):
        for i in range(n):
            rules.record_reply(questionnaire, all_answers(questions, YES, f"Comment {i}"), channel="paper")

    reply(1)
    with django_assert_num_queries(4):
        rules.parent_answers_by_question(audit)
    reply(12)
    with django_assert_num_queries(4):
        summaries = rules.parent_answers_by_question(audit)
    assert summaries[questions[0].pk].total == 13 and len(summaries[questions[0].pk].comments) == 13


def test_reach_counts_who_was_asked_and_who_replied_by_channel(questionnaire, senco, replies, parent_b, dora):
    rules.send_link(questionnaire, dora, senco)  # asked, not replied (an address could be added later)
    reach = rules.reach(questionnaire)
    # Asked: Alice and Bella (portal), Carl and Dora (links), and one paper reply with no name.
    assert (reach.asked, reach.replied) == (5, 3)
    assert reach.by_channel == {"portal": 1, "link": 1, "paper": 1}


def test_the_senco_sees_replies_by_channel_and_names_the_head_sees_no_names(client, senco, head, audit, replies):
    url = reverse("audits:parents_answers", args=[audit.pk])
    client.force_login(senco)
    page = text(client.get(url))
    assert "<strong>3</strong> of 3 parents asked" in page  # Alice (portal), Carl, a paper reply with no name
    assert "Through an emailed link: <strong>1</strong>" in page
    assert 'Always a smile.</span> <span class="text-body-secondary">(Alice Ashworth)' in page
    assert "Nobody picks up." in page and "Carl" not in page
    client.force_login(head)
    page = text(client.get(url))
    assert "Always a smile." in page and "Nobody picks up." in page
    assert "Alice" not in page and "Ashworth" not in page
    assert "Email links to parents" not in page


def test_parents_never_see_the_answers(client, parent_a, audit, replies):
    client.force_login(parent_a)
    assert client.get(reverse("audits:parents_answers", args=[audit.pk])).status_code == 403
    assert client.get(reverse("audits:questionnaires")).status_code == 403


def test_the_senco_is_sent_to_set_up_when_there_is_no_questionnaire(client, senco, head, audit):
    client.force_login(senco)
    response = client.get(reverse("audits:parents_answers", args=[audit.pk]))
    assert response["Location"] == reverse("audits:questionnaire_set_up", args=[audit.pk])
    client.force_login(head)
    assert client.get(reverse("audits:parents_answers", args=[audit.pk])).status_code == 404


def test_the_questionnaires_list_shows_each_role_what_it_can_do(client, senco, office, head, audit, questionnaire):
    other = Audit.objects.create(title="Spring audit", review_on=audit.review_on, created_by=senco)
    client.force_login(senco)
    page = text(client.get(reverse("audits:questionnaires")))
    assert reverse("audits:questionnaire_set_up", args=[other.pk]) in page
    assert reverse("audits:parents_answers", args=[audit.pk]) in page
    client.force_login(office)
    page = text(client.get(reverse("audits:questionnaires")))
    assert reverse("audits:questionnaire_paper", args=[audit.pk]) in page and "Spring audit" not in page


def test_the_audit_page_leads_to_the_questionnaire(client, senco, head, audit, questions):
    detail = reverse("audits:audit_detail", args=[audit.pk])
    client.force_login(senco)
    assert reverse("audits:questionnaire_set_up", args=[audit.pk]) in text(client.get(detail))
    rules.set_up(audit, questions=questions, introduction="x", closes_on=today(), by=senco)
    rules.record_reply(audit.parent_questionnaire, all_answers(questions), channel=ReplyChannel.PAPER)
    page = text(client.get(detail))
    assert "1 reply so far" in page and reverse("audits:parents_answers", args=[audit.pk]) in page
    client.force_login(head)
    assert reverse("audits:parents_answers", args=[audit.pk]) in text(client.get(detail))
