import random
import re
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.db.models import Count
from django.utils import timezone

from accounts.models import SCHOOL_ROLES, Role, User
from demo.plan import PASSWORD, SEED, academic_year_start, build_plan
from demo.tests.helpers import run_demo_school
from pupils.models import OnePageProfile, ParentCarer, Pupil, SenStatus
from pupils.upn import validate_upn


@pytest.fixture
def demo_output(demo_school, db) -> str:
    return demo_school


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every model in the apps the command writes to, history and many-to-many tables included."""
    models = [
        model
        for label in ("accounts", "school", "pupils", "meetings")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    return {model._meta.label: list(model._default_manager.order_by("pk").values_list()) for model in models}


def test_builds_150_pupils_on_the_register_in_every_status(demo_output):
    counts = Pupil.objects.on_register().status_counts()
    assert counts == {"sen_support": 100, "ehc_plan": 20, "monitoring": 30, "total": 150}
    past = Pupil.objects.past()
    assert past.count() == 8
    assert all(pupil.removal_reason for pupil in past)


def test_every_pupil_record_is_valid_with_a_good_upn(demo_output):
    pupils = list(Pupil.objects.all())
    for pupil in pupils:
        validate_upn(pupil.upn)
        pupil.full_clean()
    assert len({pupil.upn for pupil in pupils}) == len(pupils)


def test_dates_of_birth_fit_the_year_group(demo_output):
    start = academic_year_start(timezone.localdate())
    for pupil in Pupil.objects.on_register():
        born_from = date(start - pupil.year_group - 5, 9, 1)
        assert born_from <= pupil.date_of_birth < born_from.replace(year=born_from.year + 1), pupil


def test_staff_in_every_role_each_linked_with_some_pupils(demo_output):
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.filter(role=Role.STAFF).count() >= 10
    senco = User.objects.get(email="senco@demo.school.example")
    assert senco.is_staff and not senco.is_superuser
    assert senco.has_perm("pupils.change_pupil") and not senco.has_perm("pupils.delete_pupil")
    for member in User.objects.filter(role=Role.STAFF):
        assert Pupil.objects.linked_with(member).exists(), member


def test_families_have_siblings_and_one_or_two_parents(demo_output):
    with_siblings = ParentCarer.objects.annotate(n=Count("pupil_links")).filter(n__gte=2)
    assert with_siblings.count() >= 20
    parents_per_pupil = Pupil.objects.annotate(n=Count("parent_links")).values_list("n", flat=True)
    assert set(parents_per_pupil) <= {1, 2}
    assert ParentCarer.objects.filter(needs_interpreter=True).exclude(preferred_language="English").exists()
    assert ParentCarer.objects.filter(pupil_links__has_parental_responsibility=False).exists()


def test_the_demo_parent_sees_two_children_on_the_register(demo_output):
    parent = User.objects.get(email="parent@demo.school.example")
    children = Pupil.objects.visible_to(parent)
    assert children.count() == 2
    assert all(child.is_on_register for child in children)
    assert parent.parent_record.pupil_links.count() == 2


def test_pupils_on_support_have_profiles_targets_and_provision(demo_output):
    on_support = Pupil.objects.on_register().exclude(sen_status=SenStatus.MONITORING)
    assert OnePageProfile.objects.filter(pupil__in=on_support).count() >= 0.8 * on_support.count()
    for pupil in on_support.annotate(
        targets=Count("outcomes", distinct=True), support=Count("provisions", distinct=True)
    ):
        assert 1 <= pupil.targets <= 3, pupil
        assert 1 <= pupil.support <= 2, pupil
    assert on_support.filter(outcomes__progress_notes__isnull=False).exists()
    assert on_support.filter(professionals__parents_consented_on__isnull=False).exists()
    assert on_support.filter(user__role=Role.YOUNG_PERSON).exists()


def test_records_have_history_by_the_staff_who_made_them(demo_output):
    pupil = Pupil.objects.get(legal_first_name="Oliver", legal_last_name="Thompson")
    created = pupil.history.get(history_type="+")
    assert created.history_user.role in SCHOOL_ROLES
    assert created.history_date.date() == pupil.added_to_register_on
    assert list(created.teaching_assistants.values_list("user__email", flat=True)) == ["g.holt@demo.school.example"]
    removed = Pupil.objects.past().first()
    assert removed.history.latest().removed_from_register_on == removed.removed_from_register_on


def test_prints_the_demo_logins_and_they_work(demo_output, client):
    emails = re.findall(r"\S+@demo\.school\.example", demo_output)
    assert {"senco", "class.teacher", "form.tutor", "ta", "pastoral", "office", "head", "parent"} <= {
        email.split("@")[0] for email in emails
    }
    assert PASSWORD in demo_output
    for email in emails:
        user = User.objects.get(email=email)
        validate_password(PASSWORD, user)
        assert client.login(email=email, password=PASSWORD), email
    assert {User.objects.get(email=email).role for email in emails} == set(Role.values)


def test_running_it_twice_changes_nothing(demo_output):
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 3000

    again = run_demo_school()

    assert snapshot() == before
    assert "Nothing to add" in again
    assert "senco@demo.school.example" in again


def test_the_people_do_not_depend_on_the_date():
    """Pupils and families are matched by UPN and email, so those must be the same whatever day it runs."""

    def keys(today):
        plan = build_plan(random.Random(SEED), today)
        parents = {link.parent.key for pupil in plan.pupils for link in pupil.links}
        return [pupil.upn for pupil in plan.pupils], [account.email for account in plan.accounts], parents

    assert keys(date(2026, 11, 24)) == keys(date(2027, 8, 20)) == keys(date(2028, 2, 29))


def test_the_young_person_decides_and_one_parent_has_an_invitation_waiting(demo_output):
    from pupils.invitations import PortalStatus, portal_status

    aiden = Pupil.objects.get(user__email="young.person@demo.school.example")
    assert aiden.is_past_compulsory_school_age()
    assert aiden.parents_may_see_record_agreed_at and aiden.parents_may_see_record_recorded_by.role == Role.SENCO
    assert list(Pupil.objects.visible_to(aiden.user)) == [aiden]
    james = ParentCarer.objects.get(email="james.thompson@home.example")
    assert portal_status(james).state == PortalStatus.INVITED
    sarah = ParentCarer.objects.get(email="parent@demo.school.example")
    assert portal_status(sarah).state == PortalStatus.ACTIVE


def test_sen_support_pupils_have_plans_and_some_show_the_whole_cycle(demo_output):
    from notices.models import Channel, Message, MessageStatus
    from plan_comments.models import PlanComment, PlanCommentReminder
    from support_plans.models import PlanStatus, SupportPlan

    current = SupportPlan.objects.filter(status=PlanStatus.FINALISED)
    on_support = Pupil.objects.on_register().filter(sen_status=SenStatus.SEN_SUPPORT)
    assert current.count() >= on_support.count() - 10  # a few have no target being worked towards yet
    assert current.filter(provisions__group__isnull=False).distinct().count() >= 10  # groups' timetables on plans
    today = timezone.localdate()
    assert not current.filter(review__isnull=True, review_on__lte=today).exists()  # no review overdue
    oliver, maisie = (
        Pupil.objects.get(legal_first_name=name, legal_last_name="Thompson") for name in ("Oliver", "Maisie")
    )
    # Oliver: his first plan sent to his parents and reviewed; the second, drafted from the review, agreed.
    first, second = SupportPlan.objects.filter(pupil=oliver).order_by("number")
    assert first.status == PlanStatus.SUPERSEDED and first.review.results.exists() and second.is_current
    assert Message.objects.filter(support_plan=first, status=MessageStatus.SENT).count() == 2
    # Maisie: her plan went to both parents two weeks before the review, and her mum commented, which told the SENCO.
    plan = SupportPlan.objects.get(pupil=maisie, status=PlanStatus.FINALISED)
    assert (plan.review_on - today).days <= 14
    assert Message.objects.filter(support_plan=plan, status=MessageStatus.SENT).count() == 2
    comment = PlanComment.objects.get(plan=plan)
    assert comment.parent.email == "parent@demo.school.example" and comment.worries
    assert PlanCommentReminder.objects.get(comment=comment).recipient.email == "senco@demo.school.example"
    # A plan reviewed whose next version is being written; a plan sent on the last school day, one copy a letter.
    assert SupportPlan.objects.filter(status=PlanStatus.DRAFT, previous__review__isnull=False).count() == 1
    letter = Message.objects.get(kind="plan_for_review", channel=Channel.LETTER, status=MessageStatus.SENT)
    assert letter.printed_at is None and "type this address" in letter.body_text
    # The rest are planned for two weeks before each review, for the worker to send.
    assert (
        Message.objects.filter(kind="plan_for_review", status=MessageStatus.PLANNED, due_at__gt=timezone.now()).count()
        > 50
    )
