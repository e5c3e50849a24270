"""The child's SEN support plan in the portal: the current plan and the earlier ones (never a draft), the PDF, and
what the family thinks of it before its review; the old Targets and Support pages open it."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from common.tests.page_queries import queries_after_a_first_request
from documents.tests.pdfs import pdf_text, smallest_type
from plan_comments.models import PlanComment, PlanCommentReminder
from privacy.models import AccessLogEntry
from provision.tests.factories import GroupPlaceFactory
from pupils.models import Pupil
from pupils.tests.factories import ProfessionalInvolvementFactory
from support_plans import cycle
from support_plans.tests.factories import PlanOutcomeFactory, PlanProvisionFactory, draft_plan, finalised_plan

NOW = datetime.datetime(2027, 2, 1, 10, 0, tzinfo=datetime.UTC)


def text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


@pytest.fixture
def signed_in(client, parent_a):
    with time_machine.travel(NOW, tick=False):
        client.force_login(parent_a)
        yield client


@pytest.fixture
def plans_a(pupil_a, senco):
    """Version 1 (replaced), version 2 (current, review on 12 March 2027) and version 3 (a draft)."""
    with time_machine.travel(NOW - datetime.timedelta(days=60), tick=False):
        first = finalised_plan(pupil_a, senco, aspirations="To swim a length.", written_by=senco)
        second = cycle.start_plan(pupil_a, senco)
        second.aspirations, second.review_on = "To read stories to her little brother.", datetime.date(2027, 3, 12)
        second.save()
        cycle.finalise(second, senco)
        third = cycle.start_plan(pupil_a, senco)
        third.aspirations = "A draft nobody has agreed."
        third.save()
    return first, second, third


def test_the_plan_page_shows_the_current_plan_and_links_to_earlier_ones(signed_in, pupil_a, plans_a):
    first, second, _ = plans_a
    page = text(signed_in.get(reverse("portal:plan", args=[pupil_a.pk])))
    assert "To read stories to her little brother." in page
    assert "A draft nobody has agreed." not in page and "To swim a length." not in page
    assert "Earlier plans" in page and "Version 1" in page
    assert "Friday 12 March 2027" in page


def test_a_draft_is_never_shown_to_the_family(signed_in, plans_a):
    _, _, draft = plans_a
    assert signed_in.get(reverse("portal:plan_version", args=[draft.pk])).status_code == 404
    assert signed_in.get(reverse("portal:plan_pdf", args=[draft.pk])).status_code == 404


def test_an_earlier_version_reads_as_it_was_agreed(signed_in, plans_a):
    first, _, _ = plans_a
    page = text(signed_in.get(reverse("portal:plan_version", args=[first.pk])))
    assert "To swim a length." in page and "This plan has been replaced" in page


def test_a_child_without_a_plan_is_told_so(signed_in, pupil_a):
    ProfessionalInvolvementFactory(pupil=pupil_a)
    page = text(signed_in.get(reverse("portal:plan", args=[pupil_a.pk])))
    assert "does not have an SEN support plan yet" in page
    assert "Other professionals working with Amelia" in page


def test_the_old_targets_and_support_pages_open_the_plan(signed_in, pupil_a, pupil_b):
    for name in ("portal:targets", "portal:support"):
        response = signed_in.get(reverse(name, args=[pupil_a.pk]))
        assert response.status_code == 302 and response["Location"] == reverse("portal:plan", args=[pupil_a.pk])
        assert signed_in.get(reverse(name, args=[pupil_b.pk])).status_code == 404


def test_another_familys_plan_is_not_found(signed_in, pupil_b, senco):
    other = finalised_plan(pupil_b, senco)
    assert signed_in.get(reverse("portal:plan", args=[pupil_b.pk])).status_code == 404
    assert signed_in.get(reverse("portal:plan_version", args=[other.pk])).status_code == 404
    assert signed_in.get(reverse("portal:plan_pdf", args=[other.pk])).status_code == 404


def test_the_family_comments_from_the_portal_and_the_author_is_told(signed_in, pupil_a, parent_a, plans_a, senco):
    _, current, _ = plans_a
    url = reverse("portal:plan", args=[pupil_a.pk])
    response = signed_in.post(url, {"going_well": "", "worries": "Homework takes hours.", "changes": ""}, follow=True)
    assert "Thank you. We have your comments." in text(response)
    comment = PlanComment.objects.get(plan=current, parent=parent_a.parent_record)
    assert comment.through_portal and comment.worries == "Homework takes hours."
    assert PlanCommentReminder.objects.get(comment=comment).recipient == senco
    page = text(signed_in.get(url))
    assert "You told us" in page and "Homework takes hours." in page and "Change my comments" in page


def test_an_empty_comment_is_refused_with_a_message(signed_in, pupil_a, plans_a):
    response = signed_in.post(reverse("portal:plan", args=[pupil_a.pk]), {"going_well": "", "worries": ""})
    assert response.status_code == 200 and "Please write something in at least one of the boxes" in text(response)
    assert not PlanComment.objects.exists()


def test_after_the_review_comments_are_closed(signed_in, pupil_a, plans_a, senco):
    _, current, _ = plans_a
    cycle.record_review(
        current,
        held_on=NOW.date(),
        held_by=senco,
        notes="",
        results=[cycle.ResultGiven(o, "Done.", "met") for o in current.outcomes.all()],
        user=senco,
    )
    url = reverse("portal:plan", args=[pupil_a.pk])
    assert "Send my comments" not in text(signed_in.get(url))
    response = signed_in.post(url, {"worries": "Too late?"}, follow=True)
    assert "we cannot take comments on it now" in text(response)
    assert not PlanComment.objects.exists()


def test_the_plan_pdf_is_the_familys_in_large_print_on_request(signed_in, plans_a):
    _, current, _ = plans_a
    response = signed_in.get(reverse("portal:plan_pdf", args=[current.pk]) + "?large=1")
    assert response.status_code == 200
    assert "Amelia's SEN support plan" in pdf_text(response.content)
    assert smallest_type(response.content) >= 18


def test_each_look_at_the_plan_is_in_the_access_log(signed_in, pupil_a, parent_a, plans_a):
    first, current, _ = plans_a
    signed_in.get(reverse("portal:plan", args=[pupil_a.pk]))
    signed_in.get(reverse("portal:plan_version", args=[first.pk]))
    signed_in.get(reverse("portal:plan_pdf", args=[current.pk]))
    assert list(AccessLogEntry.objects.filter(user=parent_a).values_list("what", flat=True).order_by("pk")) == [
        "Parents' portal: SEN support plan",
        "Parents' portal: SEN support plan, version 1",
        "SEN support plan, version 2 (PDF), portal",
    ]


def new_version(pupil, senco, outcomes: int):
    """A new version of the pupil's plan, with `outcomes` more outcomes, each with provision in a group."""
    plan = cycle.start_plan(pupil, senco)
    for n in range(outcomes):
        place = GroupPlaceFactory(pupil=pupil)
        outcome = PlanOutcomeFactory(plan=plan, order=10 + n, by_when=plan.review_on)
        PlanProvisionFactory(plan=plan, outcome=outcome, group=place.group)
    return cycle.finalise(plan, senco)


def test_the_plan_page_reads_in_a_fixed_number_of_queries(signed_in, pupil_a, senco, django_assert_num_queries):
    """However many outcomes, and however much provision in groups, the plan has."""
    url = reverse("portal:plan", args=[pupil_a.pk])
    finalised_plan(pupil_a, senco, outcomes=1, review_on=datetime.date(2027, 3, 12))
    new_version(pupil_a, senco, outcomes=1)
    small = queries_after_a_first_request(signed_in, url)  # the first reads what the process keeps (the glossary)
    new_version(pupil_a, senco, outcomes=5)
    with django_assert_num_queries(len(small)):
        signed_in.get(url)


def test_a_young_person_comments_on_their_own_plan(client, young_person, senco):
    pupil = Pupil.objects.get(user=young_person)
    plan = finalised_plan(pupil, senco, review_on=datetime.date(2027, 3, 12), written_by=senco)
    with time_machine.travel(NOW, tick=False):
        client.force_login(young_person)
        client.post(reverse("portal:plan", args=[pupil.pk]), {"going_well": "College visits help."})
    assert PlanComment.objects.get(plan=plan).young_person == pupil


def test_draft_plan_only_is_no_plan_for_the_family(signed_in, pupil_a):
    draft_plan(pupil_a)
    assert "does not have an SEN support plan yet" in text(signed_in.get(reverse("portal:plan", args=[pupil_a.pk])))


def test_the_plan_page_reads_the_same_queries_for_one_earlier_plan_or_four(signed_in, pupil_a, senco):
    """Issue 24: who wrote each plan, the plan it replaced and its review are read with the plans, and the
    glossary once, from the page as rendered."""
    url = reverse("portal:plan", args=[pupil_a.pk])
    finalised_plan(pupil_a, senco, outcomes=1, review_on=datetime.date(2027, 3, 12), written_by=senco)
    new_version(pupil_a, senco, outcomes=1)
    signed_in.get(url)
    with CaptureQueriesContext(connection) as one:
        assert "Version 1" in text(signed_in.get(url))
    for _ in range(3):
        new_version(pupil_a, senco, outcomes=1)
    with CaptureQueriesContext(connection) as four:
        assert "Version 4" in text(signed_in.get(url))
    assert len(four) == len(one)
    # What every signed-in request reads, then the page's own: the child, the plans, the professionals, the plan's
    # outcomes, provision and group timetables, the last review, the family's comment, the access log line and
    # the glossary.
    assert len(one) <= 18, "\n".join(query["sql"] for query in one.captured_queries)
