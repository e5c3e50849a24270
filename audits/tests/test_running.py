"""Running an audit: the guide's questions, a new audit and a re-audit, each group's answers, the agreed positions."""

from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from audits.forms import a_year_on
from audits.models import (
    AgreedPosition,
    Audit,
    AuditQuestion,
    AuditResponse,
    AuditSection,
    Scope,
)
from audits.questionnaire import GivenAnswer, record_reply, set_up

HELD_ON = date(2026, 11, 25)


def make_audit(senco, **fields) -> Audit:
    fields = {
        "title": "Partnership audit 2026",
        "held_on": HELD_ON,
        "review_on": date(2027, 11, 24),
        "groups": ["whole_staff", "governors"],
        "created_by": senco,
    } | fields
    return Audit.objects.create(**fields)


def section(key: str) -> AuditSection:
    return AuditSection.objects.get(key=key)


def question(reference: str) -> AuditQuestion:
    keys = {"C": "communication", "I": "involvement", "S": "support"}
    return AuditQuestion.objects.get(section__key=keys[reference[0]], number=int(reference[1:]))


def answers_post(rows: list[dict], **extra) -> dict:
    """What the browser posts for a section: the formset's management form and a form per question, in order."""
    data = {
        "answers-TOTAL_FORMS": str(len(rows)),
        "answers-INITIAL_FORMS": str(len(rows)),
        "answers-MIN_NUM_FORMS": "0",
        "answers-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        for name in ("current_practice", "points_for_action", "rating"):
            data[f"answers-{n}-{name}"] = row.get(name, "")
    return data | extra


def respond_url(audit, group="whole_staff", key="communication", respondent="") -> str:
    url = reverse("audits:respond", args=[audit.pk, group, section(key).pk])
    return f"{url}?respondent={respondent}" if respondent else url


# The guide's questions


def test_senco_hides_a_question_and_a_new_full_audit_leaves_it_out(client, senco):
    client.force_login(senco)
    response = client.post(reverse("audits:question_hide", args=[question("I2").pk]), follow=True)
    assert "I2 is hidden" in response.content.decode()
    assert "does not apply to our school" in response.content.decode()
    audit = make_audit(senco)
    assert audit.questions_in_scope().count() == 39

    client.post(reverse("audits:question_hide", args=[question("I2").pk]))
    assert audit.questions_in_scope().count() == 40


def test_senco_adds_the_schools_own_question_with_prompts_and_parent_wording(client, senco):
    client.force_login(senco)
    response = client.post(
        reverse("audits:question_add", args=[section("communication").pk]),
        {
            "text": "Do we use the parents' app to share good news?",
            "prompts_text": "How often?\n- Who posts?\n\n",
            "sheet_prompt": "",
            "parent_wording": "Does the school send you good news on the app?",
        },
        follow=True,
    )
    assert "Added C16 to Communication" in response.content.decode()
    own = question("C16")
    assert own.added_by_school and own.prompts == ["How often?", "Who posts?"]
    assert own.parent_wording == "Does the school send you good news on the app?"
    assert make_audit(senco).questions_in_scope().count() == 41


def test_a_question_without_words_is_not_added_and_says_why(client, senco):
    client.force_login(senco)
    response = client.post(reverse("audits:question_add", args=[section("support").pk]), {"text": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not AuditQuestion.objects.filter(added_by_school=True).exists()


def test_each_questions_page_shows_the_guide_beside_it(client, head):
    client.force_login(head)
    page = client.get(reverse("audits:question", args=[question("C1").pk])).content.decode()
    assert "How do you welcome parents when they visit school?" in page
    assert "Who is responsible for greeting parents?" in page  # a prompt
    assert "reception staff have time to greet and assist visitors" in page  # an example of practice
    assert "Do you feel welcome when you visit the school?" in page  # in parents' words
    assert "Does not apply to our school" not in page  # the head looks, and changes nothing


def test_the_guides_questions_list_every_section_and_the_head_cannot_hide_one(client, head):
    client.force_login(head)
    page = client.get(reverse("audits:questions")).content.decode()
    for title in ("Communication", "Involvement", "Support"):
        assert title in page
    assert page.count('class="badge text-bg-secondary audit-ref"') == 40
    assert "ask a parent!!" in page
    assert client.post(reverse("audits:question_hide", args=[question("C1").pk])).status_code == 403
    assert not question("C1").is_hidden


def test_the_questions_page_takes_the_same_queries_however_many_questions(client, senco, django_assert_max_num_queries):
    client.force_login(senco)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("audits:questions"))
    for n in range(5):
        AuditQuestion.objects.create(section=section("support"), text=f"Our question {n}", added_by_school=True)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("audits:questions"))


# Audits and re-audits


def test_a_new_audit_suggests_a_review_about_a_year_on(client, senco):
    client.force_login(senco)
    form = client.get(reverse("audits:audit_new")).context["form"]
    held_on = form["held_on"].value()
    assert form["review_on"].value() == a_year_on(held_on)
    assert a_year_on(date(2028, 2, 29)) == date(2029, 2, 28)


def test_senco_starts_a_full_audit_asking_the_whole_staff(client, senco):
    client.force_login(senco)
    response = client.post(
        reverse("audits:audit_new"),
        {
            "title": "Working with parents 2026",
            "held_on": "2026-11-25",
            "scope": "full",
            "groups": ["whole_staff", "parents"],
            "review_on": "2027-11-20",
        },
        follow=True,
    )
    audit = Audit.objects.get()
    assert audit.groups == ["whole_staff", "parents"] and audit.created_by == senco
    page = response.content.decode()
    assert "Working with parents 2026 is set up: 40 questions" in page
    assert "0 of 40 questions answered" in page


def test_the_review_date_must_come_after_the_audit_and_what_was_typed_stays(client, senco):
    client.force_login(senco)
    response = client.post(
        reverse("audits:audit_new"),
        {"title": "Autumn audit", "held_on": "2026-11-25", "scope": "full", "groups": [], "review_on": "2026-11-01"},
    )
    page = response.content.decode()
    assert "The review date must be after the audit." in page
    assert "Choose at least one group to ask." in page
    assert 'value="Autumn audit"' in page
    assert not Audit.objects.exists()


def test_an_audit_of_chosen_sections_needs_a_section_and_asks_only_those(client, senco):
    client.force_login(senco)
    data = {
        "title": "Support only",
        "held_on": "2026-11-25",
        "scope": "sections",
        "groups": ["governors"],
        "review_on": "2027-11-20",
    }
    assert "Choose at least one section" in client.post(reverse("audits:audit_new"), data).content.decode()
    client.post(reverse("audits:audit_new"), data | {"sections": [section("support").pk]})
    audit = Audit.objects.get()
    assert {q.reference for q in audit.questions_in_scope()} == {f"S{n}" for n in range(1, 13)}


def test_an_audit_of_chosen_questions_keeps_only_those(client, senco):
    client.force_login(senco)
    chosen = [question("C3").pk, question("I7").pk]
    client.post(
        reverse("audits:audit_new"),
        {
            "title": "Phones and meetings",
            "held_on": "2026-11-25",
            "scope": "questions",
            "questions": chosen,
            "sections": [section("support").pk],  # ticked by mistake: not kept, the scope is questions
            "groups": ["whole_staff"],
            "review_on": "2027-05-20",
        },
    )
    audit = Audit.objects.get()
    assert [q.reference for q in audit.questions_in_scope()] == ["C3", "I7"]
    assert not audit.sections.exists()


def test_reaudit_starts_from_the_last_audit_with_the_same_groups_and_can_be_narrowed(client, senco):
    earlier = make_audit(senco, groups=["whole_staff", "parents", "critical_friend"])
    client.force_login(senco)
    form = client.get(reverse("audits:reaudit", args=[earlier.pk])).context["form"]
    assert form["groups"].value() == ["whole_staff", "parents", "critical_friend"]
    assert form["scope"].value() == Scope.FULL
    assert "Re-audit" in form["title"].value()

    response = client.post(
        reverse("audits:reaudit", args=[earlier.pk]),
        {
            "title": "Communication again",
            "held_on": "2027-06-10",
            "scope": "sections",
            "sections": [section("communication").pk],
            "groups": ["whole_staff", "parents", "critical_friend"],
            "review_on": "2028-06-10",
        },
        follow=True,
    )
    later = Audit.objects.get(title="Communication again")
    assert later.started_from == earlier
    assert later.questions_in_scope().count() == 15
    assert "What changed since November 2026" in response.content.decode()


def test_only_the_senco_starts_an_audit_the_head_reads_them(client, senco, head, teacher):
    audit = make_audit(senco)
    client.force_login(head)
    assert client.get(reverse("audits:audit_new")).status_code == 403
    assert client.get(reverse("audits:reaudit", args=[audit.pk])).status_code == 403
    page = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert "Partnership audit 2026" in page and "Re-audit" not in page and "Type in their answers" not in page
    client.force_login(teacher)
    assert client.get(reverse("audits:audit_list")).status_code == 403


# Responding


def test_senco_types_in_the_whole_staffs_answers_for_a_section_and_progress_shows(client, senco):
    audit = make_audit(senco)
    client.force_login(senco)
    page = client.get(respond_url(audit)).content.decode()
    assert "Who is responsible for greeting parents?" in page  # the guide's prompts beside each question
    assert page.count('name="answers-') > 15 * 3

    rows = [{} for _ in range(15)]
    rows[0] = {"current_practice": "Office greets everyone.", "points_for_action": "Photo board.", "rating": "in_place"}
    rows[3] = {"rating": "partly"}
    response = client.post(respond_url(audit), answers_post(rows, next=""), follow=True)

    assert response.redirect_chain[-1][0] == respond_url(audit, key="involvement")
    assert "Saved Whole staff's answers to 2 of 15 questions." in unescape(response.content.decode())
    saved = AuditResponse.objects.get(question=question("C1"))
    assert (saved.group, saved.respondent, saved.rating) == ("whole_staff", "", "in_place")
    assert saved.points_for_action == "Photo board." and saved.recorded_by == senco
    detail = client.get(reverse("audits:audit_detail", args=[audit.pk]))
    progress = {row.group: row.answered for row in detail.context["progress"]}
    assert progress == {"whole_staff": 2, "governors": 0}
    assert "2 of 40 questions answered" in detail.content.decode()


def test_answers_with_a_mistake_are_not_saved_and_what_was_typed_stays(client, senco):
    audit = make_audit(senco)
    client.force_login(senco)
    rows = [{} for _ in range(15)]
    rows[1] = {"current_practice": "Staff list on the website.", "rating": "sometimes"}
    rows[2] = {"points_for_action": "x" * 4001}
    page = client.post(respond_url(audit), answers_post(rows)).content.decode()
    assert "Nothing was saved yet" in page
    assert "Staff list on the website." in page
    assert "Select a valid choice" in page
    assert "Ensure this value has at most 4000 characters" in page
    assert not AuditResponse.objects.exists()


def test_a_named_respondent_keeps_their_own_answers_beside_the_groups(client, senco):
    audit = make_audit(senco)
    client.force_login(senco)
    rows = [{"rating": "not_yet"}] + [{} for _ in range(14)]
    client.post(respond_url(audit, respondent="Mrs Khan, midday supervisor"), answers_post(rows))
    client.post(respond_url(audit), answers_post([{"rating": "in_place"}] + [{} for _ in range(14)]))

    answers = AuditResponse.objects.filter(question=question("C1")).order_by("respondent")
    assert [(a.respondent, a.rating) for a in answers] == [("", "in_place"), ("Mrs Khan, midday supervisor", "not_yet")]
    theirs = client.get(respond_url(audit, respondent="Mrs Khan, midday supervisor")).context["formset"]
    assert theirs.forms[0]["rating"].value() == "not_yet"
    detail = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert "Also answered by: Mrs Khan, midday supervisor" in detail
    assert "1 of 40 questions answered" in detail  # one question, answered twice


def test_clearing_an_answer_takes_it_back_out(client, senco):
    audit = make_audit(senco)
    client.force_login(senco)
    client.post(respond_url(audit), answers_post([{"rating": "partly"}] + [{} for _ in range(14)]))
    client.post(respond_url(audit), answers_post([{} for _ in range(15)]))
    assert not AuditResponse.objects.exists()


def test_a_group_not_asked_or_a_section_out_of_scope_is_not_found(client, senco):
    audit = make_audit(senco, scope=Scope.SECTIONS)
    audit.sections.add(section("support"))
    client.force_login(senco)
    assert client.get(respond_url(audit, group="parents", key="support")).status_code == 404
    assert client.get(respond_url(audit, key="communication")).status_code == 404
    assert client.get(respond_url(audit, key="support")).status_code == 200


def test_responding_to_a_reaudit_shows_last_times_agreed_position(client, senco):
    earlier = make_audit(senco)
    AgreedPosition.objects.create(
        audit=earlier,
        question=question("C3"),
        current_practice="Answer-phone checked twice a day.",
        points_for_action="Reply within 24 hours.",
        rating="partly",
        agreed_by=senco,
    )
    later = make_audit(senco, title="Again", held_on=date(2027, 6, 1), review_on=date(2028, 6, 1), started_from=earlier)
    client.force_login(senco)
    page = client.get(respond_url(later)).content.decode()
    assert "Agreed last time (November 2026)" in page
    assert "Answer-phone checked twice a day." in page and "Reply within 24 hours." in page


# Consolidation


@pytest.fixture
def answered_audit(senco):
    audit = make_audit(senco, groups=["whole_staff", "governors", "parents"])
    for group, respondent, rating, words in [
        ("whole_staff", "", "partly", "Office answers from 8.15."),
        ("governors", "", "in_place", "Seen on our visit."),
        ("parents", "Mr Patel", "not_yet", "Hard to get through at 8.30."),
    ]:
        AuditResponse.objects.create(
            audit=audit,
            question=question("C3"),
            group=group,
            respondent=respondent,
            rating=rating,
            current_practice=words,
            recorded_by=senco,
        )
    return audit


def consolidate_url(audit, reference: str) -> str:
    return reverse("audits:consolidate", args=[audit.pk, question(reference).pk])


def test_everyones_answers_to_a_question_side_by_side(client, senco, answered_audit):
    client.force_login(senco)
    response = client.get(consolidate_url(answered_audit, "C3"))
    page = response.content.decode()
    assert [label for label, _ in response.context["responses"]] == ["Whole staff", "Governors", "Parents"]
    for words in ("Office answers from 8.15.", "Seen on our visit.", "Hard to get through at 8.30.", "Mr Patel"):
        assert words in page
    assert "question 3 of 40" in page
    assert "Previous: C2" in page and "Next: C4" in page


def test_senco_agrees_a_position_and_goes_on_to_the_next_question(client, senco, answered_audit):
    client.force_login(senco)
    response = client.post(
        consolidate_url(answered_audit, "C3"),
        {
            "current_practice": "Office answers 8.15 to 4.15.",
            "points_for_action": "Reply within 24 hours.",
            "rating": "partly",
            "next": "",
        },
    )
    assert response["Location"] == consolidate_url(answered_audit, "C4")
    agreed = AgreedPosition.objects.get(audit=answered_audit, question=question("C3"))
    assert (agreed.rating, agreed.agreed_by, agreed.score) == ("partly", senco, 1)

    client.post(consolidate_url(answered_audit, "C3"), {"current_practice": "Changed.", "rating": "in_place"})
    agreed.refresh_from_db()
    assert agreed.current_practice == "Changed." and AgreedPosition.objects.count() == 1
    page = client.get(reverse("audits:audit_detail", args=[answered_audit.pk])).content.decode()
    assert "<strong data-agreed-count>1</strong> of 40 questions agreed" in page


def test_the_last_question_leads_back_to_the_audit(client, senco, answered_audit):
    client.force_login(senco)
    response = client.post(consolidate_url(answered_audit, "S12"), {"rating": "in_place", "next": ""})
    assert response["Location"] == reverse("audits:audit_detail", args=[answered_audit.pk]) + "#agreed"


def test_an_agreed_position_needs_a_rating_and_keeps_what_was_typed(client, senco, answered_audit):
    client.force_login(senco)
    page = client.post(
        consolidate_url(answered_audit, "C3"), {"current_practice": "Office answers 8.15 to 4.15."}
    ).content.decode()
    assert "so that this audit can be compared with the next one" in page
    assert "Office answers 8.15 to 4.15." in page
    assert not AgreedPosition.objects.exists()


def test_the_head_reads_the_answers_but_cannot_agree(client, head, answered_audit):
    client.force_login(head)
    page = client.get(consolidate_url(answered_audit, "C3")).content.decode()
    assert "Hard to get through at 8.30." in page and "Not agreed yet." in page and "<textarea" not in page
    response = client.post(consolidate_url(answered_audit, "C3"), {"rating": "in_place"})
    assert response.status_code == 403
    assert not AgreedPosition.objects.exists()


def test_the_parents_answers_sit_beside_the_staffs_names_for_the_senco_only(
    client, senco, head, answered_audit, parent_a
):
    questionnaire = set_up(
        answered_audit,
        questions=[question("C3")],
        introduction="We would like to know.",
        closes_on=date(2030, 1, 1),
        by=senco,
    )
    record_reply(
        questionnaire,
        {question("C3").pk: GivenAnswer("sometimes", "The phone rings out at 8.30.")},
        channel="portal",
        parent=parent_a.parent_record,
    )
    client.force_login(senco)
    page = client.get(consolidate_url(answered_audit, "C3")).content.decode()
    assert "What parents said" in page and "The phone rings out at 8.30." in page and "Alice Ashworth" in page
    client.force_login(head)
    page = client.get(consolidate_url(answered_audit, "C3")).content.decode()
    assert "The phone rings out at 8.30." in page and "Alice Ashworth" not in page
    assert "What parents said" not in client.get(consolidate_url(answered_audit, "C4")).content.decode()


def test_a_question_outside_the_audit_is_not_found(client, senco):
    audit = make_audit(senco, scope=Scope.SECTIONS)
    audit.sections.add(section("support"))
    client.force_login(senco)
    assert client.get(consolidate_url(audit, "C3")).status_code == 404
    assert client.get(consolidate_url(audit, "S1")).status_code == 200


def test_the_audit_page_takes_the_same_queries_however_many_answers(
    client, senco, answered_audit, django_assert_max_num_queries
):
    client.force_login(senco)
    url = reverse("audits:audit_detail", args=[answered_audit.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for reference in ("C1", "C2", "I4", "S9"):
        AgreedPosition.objects.create(
            audit=answered_audit, question=question(reference), rating="in_place", agreed_by=senco
        )
        AuditResponse.objects.create(
            audit=answered_audit, question=question(reference), group="parents", respondent="Ms Lee", rating="partly",
            recorded_by=senco,
        )  # fmt: skip
    with django_assert_max_num_queries(len(few)):
        page = client.get(url).content.decode()
    assert "<strong data-agreed-count>4</strong> of 40" in page


def test_a_section_of_answers_takes_the_same_queries_however_many_are_saved(
    client, senco, django_assert_max_num_queries
):
    audit = make_audit(senco)
    client.force_login(senco)
    with django_assert_max_num_queries(20) as few:
        client.get(respond_url(audit))
    queries = len(few)  # counted now: the next request empties the connection's query log
    client.post(respond_url(audit), answers_post([{"rating": "partly", "current_practice": "Yes"}] * 15))
    with django_assert_max_num_queries(queries):
        client.get(respond_url(audit))
