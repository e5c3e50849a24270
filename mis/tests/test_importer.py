"""The whole school from the MIS: what the preview says, and what applying it leaves on the register."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory
from mis.apply import apply_plan
from mis.ctf import read_ctf
from mis.importer import DecisionRefused, Decisions, plan_import
from mis.tests.builders import contact_xml, ctf_xml, pupil_xml, sen_xml, upn
from pupils.ages import born_in_year_group
from pupils.models import ParentCarer, Pupil, PupilParent, Relationship, SenStatus
from pupils.tests.factories import ParentCarerFactory, PupilFactory, PupilParentFactory
from pupils.upn import check_letter

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def dob(year_group: int) -> str:
    """A date of birth that fits the year group this school year."""
    return born_in_year_group(year_group, TODAY)[0].replace(day=14).isoformat()


def child(serial: int, *, surname="Okafor", forename="Daniel", year=5, sen=None, contacts=None, **kwargs) -> str:
    return pupil_xml(
        upn_=upn(serial),
        surname=surname,
        forename=forename,
        preferred_forename=forename,
        dob=dob(year),
        year=str(year),
        sen=sen_xml(provision="N", needs=()) if sen is None else sen,
        contacts=contact_xml() if contacts is None else contacts,
        **kwargs,
    )


def preview(*pupils: str, qualifier: str = "full", partial: bool = False):
    return plan_import(read_ctf(ctf_xml(*pupils, qualifier=qualifier)), partial=partial)


def apply(*pupils: str, qualifier: str = "full", user=None, decisions=None):
    plan = preview(*pupils, qualifier=qualifier)
    assert plan.ok, [str(problem) for problem in plan.problems]
    apply_plan(plan, user=user, decisions=decisions)
    return plan


def test_a_whole_school_file_brings_every_pupil_and_parent_siblings_sharing_one():
    shared = contact_xml(email="grace@example.org")
    school = (
        child(1, sen=sen_xml("2024-09-02", "K", (("SLCN", "1"), ("SEMH", "2"))), contacts=shared),
        child(2, forename="Ruth", year=3, contacts=shared),  # Daniel's sister, no SEN
        child(
            3,
            surname="Hale",
            forename="Tom",
            sen=sen_xml("2023-01-10", "E", (("ASD", "1"),)),
            contacts=contact_xml(surname="Hale", forename="Ann", email="ann@example.org", phones=())
            + contact_xml(
                order="2", surname="Hale", forename="Rob", relationship="PAF", responsibility="false", email=""
            ),
        ),
    )

    plan = apply(*school)

    assert len(plan.new_pupils) == 3 and plan.leavers == []
    daniel, ruth, tom = (Pupil.objects.get(upn=upn(n)) for n in (1, 2, 3))
    assert (daniel.sen_status, daniel.primary_need, daniel.secondary_need) == ("K", "SLCN", "SEMH")
    assert daniel.added_to_register_on == datetime.date(2024, 9, 2)
    assert (tom.sen_status, tom.primary_need) == ("E", "ASD")
    assert ruth.sen_status == SenStatus.NO_SEN
    assert set(Pupil.objects.on_register()) == {daniel, tom}
    assert set(Pupil.objects.in_school()) == {daniel, ruth, tom}
    # One Grace Okafor, mother of both, with parental responsibility.
    grace = ParentCarer.objects.get(first_name="Grace", last_name="Okafor")
    assert set(grace.pupil_links.values_list("pupil__upn", flat=True)) == {upn(1), upn(2)}
    assert (grace.email, grace.mobile_phone, grace.home_phone) == ("grace@example.org", "07700 900123", "0161 496 0000")
    assert grace.address == "12 Mill Lane\nAshby\nAB1 2CD" and grace.email_checked
    assert grace.preferred_contact_method == "email"
    rob = PupilParent.objects.get(parent__first_name="Rob")
    assert rob.parent.preferred_contact_method == "letter"  # no email address in the MIS: the address it has
    assert (rob.relationship, rob.has_parental_responsibility, rob.contact_order) == (Relationship.FATHER, False, 2)
    # Rob has no parental responsibility: Tom's record is not his to see.
    assert tom not in Pupil.objects.shown_to_parent(parent_links__parent=rob.parent)
    assert ParentCarer.objects.count() == 3


def test_the_same_file_twice_changes_nothing_the_second_time():
    school = (child(1, sen=sen_xml("2024-09-02", "K", (("SLCN", "1"),))), child(2, forename="Ruth", year=3))
    apply(*school)
    counts = (Pupil.history.count(), ParentCarer.history.count(), PupilParent.history.count())

    again = preview(*school)

    assert again.ok and not again.changes_anything
    assert again.unchanged_pupils == 2
    apply_plan(again)
    assert (Pupil.history.count(), ParentCarer.history.count(), PupilParent.history.count()) == counts


def test_a_permanent_upn_replacing_a_temporary_one_updates_the_same_pupil():
    body = "823400119" + "00T"
    temporary = check_letter(body) + body
    pupil = PupilFactory(upn=temporary, legal_first_name="Daniel", legal_last_name="Okafor")

    plan = apply(child(1, former_upn=temporary))

    pupil.refresh_from_db()
    assert (pupil.upn, pupil.former_upn) == (upn(1), temporary)
    assert Pupil.objects.count() == 1 and plan.new_pupils == []


def test_a_pupil_missing_from_a_full_export_has_left_and_is_kept():
    leaver = PupilFactory(upn=upn(9), legal_first_name="Amy", legal_last_name="Ward")
    typed_by_hand = PupilFactory(upn=None)

    plan = preview(child(1))
    assert plan.leavers == [leaver] and plan.without_upn == 1
    apply_plan(plan)

    leaver.refresh_from_db()
    # The day of the export, from the file's header.
    assert leaver.left_school_on == datetime.date(2026, 7, 15)
    assert leaver.removed_from_register_on == datetime.date(2026, 7, 15) and leaver.removal_reason.startswith(
        "Left the school"
    )
    assert leaver not in Pupil.objects.on_register() and typed_by_hand in Pupil.objects.on_register()


@pytest.mark.parametrize(("qualifier", "partial"), [("partial", False), ("full", True)])
def test_a_partial_export_marks_nobody_as_left(qualifier, partial):
    PupilFactory(upn=upn(9))

    plan = preview(child(1), qualifier=qualifier, partial=partial)

    assert plan.partial and plan.leavers == []


def test_a_leaver_who_comes_back_is_in_school_again():
    apply(child(1, sen=sen_xml("2024-09-02", "K", (("SLCN", "1"),))), child(2, forename="Ruth"))
    apply(child(2, forename="Ruth"))
    assert Pupil.objects.get(upn=upn(1)).left_school_on == datetime.date(2026, 7, 15)

    plan = apply(child(1, sen=sen_xml("2024-09-02", "K", (("SLCN", "1"),))), child(2, forename="Ruth"))

    daniel = Pupil.objects.get(upn=upn(1))
    assert daniel.left_school_on is None and daniel.is_on_register
    assert [p.upn for p in plan.pupils if p.returning] == [upn(1)]


def test_sen_status_changes_are_shown_and_kept_in_the_history_with_who():
    senco = UserFactory(role="senco")
    apply(child(1), child(2, forename="Ruth"))

    plan = preview(child(1, sen=sen_xml("2026-10-01", "K", (("SPLD", "1"),))), child(2, forename="Ruth"))
    assert [(p.upn, p.status_change_label()) for p in plan.status_changes] == [(upn(1), "No SEN to SEN support")]
    apply_plan(plan, user=senco)

    daniel = Pupil.objects.get(upn=upn(1))
    assert daniel.sen_status == "K" and daniel.added_to_register_on == datetime.date(2026, 10, 1)
    latest = daniel.history.first()
    assert (latest.sen_status, latest.history_user, latest.prev_record.sen_status) == ("K", senco, "N")


def test_a_monitored_pupil_the_mis_calls_n_stays_monitored():
    pupil = PupilFactory(upn=upn(1), sen_status=SenStatus.MONITORING, primary_need="")

    plan = preview(child(1))

    assert plan.status_changes == []
    apply_plan(plan)
    pupil.refresh_from_db()
    assert pupil.sen_status == SenStatus.MONITORING


def test_changed_contact_details_are_updated_and_blanks_lose_nothing():
    apply(child(1))
    grace = ParentCarer.objects.get()
    grace.work_phone = "0161 496 0999"
    grace.save()

    plan = preview(child(1, contacts=contact_xml(email="grace.new@example.org")))

    (changed,) = plan.changed_contacts
    assert [(c.label, c.before, c.after) for c in changed.changes] == [
        ("Email", "grace@example.org", "grace.new@example.org")
    ]
    apply_plan(plan)
    grace.refresh_from_db()
    assert (grace.email, grace.work_phone) == ("grace.new@example.org", "0161 496 0999")


def test_a_parent_no_longer_in_the_mis_is_removed_only_when_nothing_holds_them():
    apply(
        child(
            1,
            contacts=contact_xml()
            + contact_xml(order="2", forename="Ade", relationship="PAF", email="ade@example.org", phones=()),
        )
    )
    ade = ParentCarer.objects.get(first_name="Ade")
    typed_here = PupilParentFactory(pupil=Pupil.objects.get(), parent=ParentCarerFactory(first_name="Nan"))
    ade.user = UserFactory(role="parent")
    ade.save()

    plan = preview(child(1))

    reasons = {gone.link.parent.first_name: gone.reasons_to_keep for gone in plan.gone}
    assert reasons == {"Ade": ["has a portal account"], "Nan": ["added here, not from the MIS"]}
    apply_plan(plan)
    assert set(PupilParent.objects.values_list("parent__first_name", flat=True)) == {"Grace", "Ade", "Nan"}

    # The SENCO decides to take Ade's link away; his record and account stay.
    plan = preview(child(1))
    ade_link = next(gone.link.pk for gone in plan.gone if gone.link.parent_id == ade.pk)
    apply_plan(plan, decisions=Decisions(remove_links=frozenset({ade_link})))
    assert set(PupilParent.objects.values_list("parent__first_name", flat=True)) == {"Grace", "Nan"}
    assert ParentCarer.objects.filter(pk=ade.pk, user__isnull=False).exists()
    assert typed_here.pk in PupilParent.objects.values_list("pk", flat=True)


def test_a_same_named_parent_with_nothing_in_common_waits_for_the_senco():
    known = ParentCarerFactory(first_name="Grace", last_name="Okafor", email="other@example.org", mobile_phone="")

    plan = preview(child(1))
    (unsure,) = plan.unsure_contacts
    assert unsure.possibly == known

    apply_plan(plan, decisions=Decisions(same_person={unsure.key: known.pk}))
    assert ParentCarer.objects.count() == 1
    assert PupilParent.objects.get().parent == known


def test_a_decision_about_someone_else_is_refused():
    stranger = ParentCarerFactory(first_name="Grace", last_name="Okafor", email="x@example.org", mobile_phone="")
    plan = preview(child(1))

    with pytest.raises(DecisionRefused):
        apply_plan(plan, decisions=Decisions(same_person={plan.contacts[0].key: stranger.pk + 1}))
    with pytest.raises(DecisionRefused):
        apply_plan(plan, decisions=Decisions(remove_links=frozenset({12345})))
    assert Pupil.objects.count() == 0


def test_problems_are_listed_by_pupil_and_nothing_is_applied():
    plan = preview(
        child(1, sen=sen_xml("2024-09-02", "K", ())),
        pupil_xml(upn_=upn(2), forename="Ruth", dob=dob(5), year="12", sen=sen_xml(provision="N", needs=())),
        pupil_xml(upn_=upn(3), year="X", dob=dob(5)),
    )

    messages = [str(problem) for problem in plan.problems]
    assert any(upn(1) in m and "SENneeds" in m and "primary area of need" in m for m in messages)
    assert any(upn(2) in m and "NCyearActual" in m for m in messages)
    assert any(upn(3) in m and "NCyearActual" in m and "'X'" in m for m in messages)
    with pytest.raises(ValueError):
        apply_plan(plan)
    assert Pupil.objects.count() == 0


def test_queries_do_not_grow_with_the_school():
    def counted(pupils: int) -> tuple[int, int]:
        Pupil.objects.all().delete()
        ParentCarer.objects.all().delete()
        school = [
            child(
                n,
                surname=f"Family{n}",
                sen=sen_xml("2024-09-02", "K", (("SLCN", "1"),)),
                contacts=contact_xml(surname=f"Family{n}", email=f"p{n}@example.org"),
            )
            for n in range(1, pupils + 1)
        ]
        with CaptureQueriesContext(connection) as planning:
            plan = preview(*school)
        with CaptureQueriesContext(connection) as applying:
            apply_plan(plan)
        return len(planning), len(applying)

    counted(1)  # the school's settings, read once per request or task
    assert counted(2) == counted(12)
