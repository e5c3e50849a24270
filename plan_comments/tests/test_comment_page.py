"""The page a family's link opens: their child's plan, and what they think of it before the review. A link that does
not work, or no longer does, says so plainly and changes nothing; it never shows another family's plan."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils.html import strip_tags

from notices.models import ReminderStatus
from plan_comments.models import PlanComment, PlanCommentReminder
from privacy.models import AccessLogEntry
from pupils.models import PupilParent
from support_plans import cycle
from support_plans.models import Result

from .helpers import AGREED, GOES_AT, agreed_plan, link_in, london, run_until

THE_NEXT_DAY = GOES_AT + datetime.timedelta(days=1)


def text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


@pytest.fixture
def link(plan_a, mother):
    """The path of the link in Alice's email."""
    run_until(GOES_AT + datetime.timedelta(minutes=1))
    [email] = [m for m in mail.outbox if "parent.a@home.example" in m.to[0]]
    return link_in(email.body)


@pytest.fixture
def at_home():
    with time_machine.travel(THE_NEXT_DAY, tick=False):
        yield


SAID = {"going_well": "She reads to her brother now.", "worries": "Spelling tests upset her.", "changes": ""}


def test_the_link_opens_the_plan_and_the_form_signed_out(client, link, at_home):
    page = client.get(link)
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow" and page["Referrer-Policy"] == "same-origin"
    words = text(page)
    assert "Amelia's SEN support plan" in words
    assert "To read stories to her little brother" in words and "Five minutes with the word cards" in words
    assert "What is going well?" in words and "Send my comments" in words
    assert "How much extra help a child gets, in three steps" in words  # 'Wave' explained: words on this page


def test_a_comment_is_kept_and_the_plans_author_is_told_once(client, link, at_home, plan_a, mother, senco):
    response = client.post(link, SAID, follow=True)
    assert "Thank you. We have your comments." in text(response)
    comment = PlanComment.objects.get(plan=plan_a, parent=mother)
    assert comment.worries == "Spelling tests upset her." and not comment.through_portal
    assert PlanCommentReminder.objects.get(comment=comment).recipient == senco
    client.post(link, SAID)  # the same again: nothing changed, nobody told twice
    assert PlanCommentReminder.objects.count() == 1
    assert "You told us" in text(client.get(link)) and "Change what you said" in text(client.get(link))


def test_the_authors_email_says_who_commented_and_where_to_read_it_not_what(client, link, at_home, senco):
    client.post(link, SAID)
    run_until(THE_NEXT_DAY + datetime.timedelta(minutes=1))
    [email] = [m for m in mail.outbox if senco.email in m.to[0]]
    assert email.subject == "Alice Ashworth commented on Amelia Ashworth's SEN support plan"
    assert "They told us what is going well, what worries them." in email.body
    assert "Spelling tests" not in email.body  # the words stay in the portal, not in a mailbox
    assert "#family-comments" in email.body
    assert PlanCommentReminder.objects.get().status == ReminderStatus.SENT


def test_nothing_said_is_refused_and_long_text_is_kept_as_typed(client, link, at_home):
    empty = client.post(link, {"going_well": " ", "worries": "", "changes": ""})
    assert empty.status_code == 200 and "Please write something in at least one of the boxes" in text(empty)
    long = "x" * 4001
    too_long = client.post(link, {"going_well": long, "worries": "", "changes": ""})
    assert "Please keep it to" in text(too_long) and long in too_long.content.decode()
    assert not PlanComment.objects.exists()


def test_the_plan_pdf_opens_from_the_link(client, link, at_home):
    response = client.get(link + "plan.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_an_altered_link_names_nobody(client, link, at_home):
    broken = link[:-2] + ("2/" if link[-2] != "2" else "3/")
    response = client.get(broken)
    assert response.status_code == 404
    assert "This link does not work" in text(response) and "Amelia" not in text(response)
    assert client.get(broken + "plan.pdf").status_code == 404
    assert client.get("/p/not-a-code/").status_code == 404


def test_after_the_review_the_page_says_so_and_takes_nothing(client, link, plan_a, senco):
    with time_machine.travel(london(2027, 3, 12, 9, 0), tick=False):
        cycle.record_review(
            plan_a,
            held_on=datetime.date(2027, 3, 12),
            held_by=senco,
            notes="",
            results=[cycle.ResultGiven(o, "Done.", Result.MET) for o in plan_a.outcomes.all()],
            user=senco,
        )
        page = client.get(link)
        assert page.status_code == 200 and "We have looked at this plan together" in text(page)
        assert "Send my comments" not in text(page)
        assert client.post(link, SAID).status_code == 409
    assert not PlanComment.objects.exists()


def test_the_day_after_the_review_the_link_has_expired(client, link):
    with time_machine.travel(london(2027, 3, 13, 9, 0), tick=False):
        response = client.get(link)
    assert response.status_code == 410 and "This link has expired" in text(response)
    assert "Amelia" not in text(response)


def test_a_parent_who_loses_parental_responsibility_loses_the_link(client, link, at_home, mother):
    PupilParent.objects.filter(parent=mother).update(has_parental_responsibility=False)
    response = client.get(link)
    assert response.status_code == 404 and "Amelia" not in text(response)


def test_a_plan_replaced_before_its_review_opens_the_plan_as_it_now_stands(client, link, plan_a, senco):
    with time_machine.travel(GOES_AT + datetime.timedelta(days=2), tick=False):
        draft = cycle.start_plan(plan_a.pupil, senco)
        draft.aspirations = "To join the school choir."
        draft.save()
        cycle.finalise(draft, senco)
        page = text(client.get(link))
    assert "To join the school choir." in page and "version 2" in page.lower()


def test_one_familys_link_never_shows_another_familys_plan(client, link, at_home, pupil_b, parent_b, senco):
    with time_machine.travel(AGREED, tick=False):
        agreed_plan(pupil_b, senco, aspirations="Ben wants to play in goal.")
    page = text(client.get(link))
    assert "Ben" not in page and "play in goal" not in page
    client.force_login(parent_b)  # another family's parent holding this link still sees only its own family's plan
    assert "play in goal" not in text(client.get(link))


def test_a_signed_in_look_through_the_link_is_in_the_access_log(client, link, at_home, parent_b, plan_a):
    client.force_login(parent_b)
    client.get(link)
    entry = AccessLogEntry.objects.get(user=parent_b)
    assert entry.pupil == plan_a.pupil and entry.what == "SEN support plan, version 1, by a family's link"


def test_too_many_codes_that_name_nothing_are_refused_for_a_while(client, at_home, link):
    for _ in range(30):
        client.get("/p/AAAA-AAAA-AAAA/")
    assert client.get(link).status_code == 429
