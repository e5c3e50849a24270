"""The demo school's provision map: a finished term of groups with entry and exit scores, and groups running now."""

from datetime import date

from accounts.models import Role
from accounts.tests.factories import UserFactory
from demo.provision import blocks, build_demo_provision
from provision.figures import period_for, provision_map
from provision.impact import impact_report, span_for
from provision.models import GroupPlace, Intervention, InterventionGroup, Measure
from pupils.tests.factories import PupilFactory

TODAY = date(2027, 2, 3)  # a Wednesday in the spring term


def test_the_blocks_are_twelve_weeks_ending_last_friday_and_the_rest_of_the_term(db):
    (first, last), (running_first, running_last) = blocks(TODAY)
    assert (first, last) == (date(2026, 11, 9), date(2027, 1, 29))
    assert running_first == date(2027, 2, 1) and running_last >= date(2027, 3, 19)


def test_the_demo_has_costed_groups_with_scores_and_builds_once(db):
    senco = UserFactory(email="senco@demo.school.example", role=Role.SENCO)
    ta = UserFactory(email="ta@demo.school.example", role=Role.STAFF)
    needs = ["SPLD", "MLD", "SLCN", "ASD", "SEMH", "PD"]
    for n in range(60):
        PupilFactory(year_group=n % 11, primary_need=needs[n % len(needs)])

    created = build_demo_provision(senco, TODAY)

    assert Intervention.objects.count() == created["interventions"] == 7
    assert InterventionGroup.objects.filter(ends_on__lt=TODAY).exists()
    assert InterventionGroup.objects.filter(starts_on__gt=date(2027, 1, 29)).exists()
    assert InterventionGroup.objects.filter(led_by=ta).exists()
    assert GroupPlace.objects.filter(left_on__isnull=False).exists()  # someone left a group early
    assert Measure.objects.filter(kind="exit").exists()
    report = impact_report(span_for("recent", TODAY), TODAY)
    assert len(report.lines) >= 5 and report.waiting  # figures, and some places still to be scored
    assert any(line.cost_per_point for line in report.lines)
    the_map = provision_map(period_for("", TODAY))
    assert the_map.total.total.pupil_count > 20 and the_map.total.total.total > 0
    assert build_demo_provision(senco, TODAY) == {}
