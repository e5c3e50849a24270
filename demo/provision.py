"""The demo school's provision map: staff cost bands, seven interventions, and a term of groups for the pupils on
the register they suit, with entry and exit scores, so the map, the impact report and the governors' figures show
real numbers; and this term's groups running now, with entry scores so far.

The finished block is the twelve weeks that ended last Friday (holidays and closure days in it are skipped, as the
school calendar says); the running block starts the Monday after and runs to the end of this term (or eight weeks).
Safe to run again: if the school has any intervention, nothing is added.
"""

import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from demo import content
from provision.models import (
    GroupPlace,
    GroupSession,
    Intervention,
    InterventionGroup,
    Measure,
    MeasureKind,
    StaffCostBand,
    Weekday,
)
from pupils.models import Pupil
from school.years import academic_year_of

SEED = 2026
WORDS = content.words("provision_map")
SHORT_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri"]


def blocks(today: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """(first, last) of the finished twelve weeks and of the block running now."""
    last_friday = today - timedelta(days=(today.weekday() - 4) % 7 or 7)
    finished = (last_friday - timedelta(weeks=12) + timedelta(days=3), last_friday)
    term_ends = academic_year_of(today).term_of(today).teaching_days[1]
    running_first = last_friday + timedelta(days=3)
    eight_weeks = running_first + timedelta(weeks=8, days=-3)  # a Friday
    return finished, (running_first, term_ends if term_ends >= running_first + timedelta(weeks=2) else eight_weeks)


def by_year(pupils: list[Pupil]) -> list[Pupil]:
    return sorted(pupils, key=lambda pupil: (pupil.year_group, pupil.upn))


def group_name(spec: dict, pupils: list[Pupil]) -> str:
    years = sorted({pupil.year_group for pupil in pupils})
    who = pupils[0].get_year_group_display() if len(years) == 1 else f"Years {years[0]} to {years[-1]}"
    if years and years[0] == 0 and len(years) > 1:
        who = f"Reception to Year {years[-1]}"
    days = "/".join(SHORT_DAYS[weekday] for weekday, _, _ in spec["sessions"])
    return (
        f"{who}, {days}"
        if spec["group_size"] > 1
        else f"{pupils[0].first_name} {pupils[0].legal_last_name[0]}., {days}"
    )


def build_demo_provision(senco: User, today: date | None = None) -> Counter:
    today = today or timezone.localdate()
    created: Counter[str] = Counter()
    if Intervention.objects.exists():
        return created
    rng = random.Random(SEED)
    staff = {user.email.split("@")[0]: user for user in User.objects.filter(email__endswith="@" + content.STAFF_DOMAIN)}
    pupils = list(Pupil.objects.on_register().exclude(primary_need="").order_by("upn"))
    (finished_first, finished_last), (running_first, running_last) = blocks(today)
    with transaction.atomic():
        bands = {}
        for band in WORDS["cost_bands"]:
            bands[band["name"]] = StaffCostBand.objects.create(
                name=band["name"], hourly_rate=Decimal(band["hourly_rate"])
            )
            created["staff cost bands"] += 1
        for spec in WORDS["interventions"]:
            intervention = Intervention(
                name=spec["name"],
                kind=spec["kind"],
                wave=spec["wave"],
                needs=spec["needs"],
                cost_band=bands[spec["band"]],
                resource_cost_per_term=Decimal(spec["resources"]),
                group_size=spec["group_size"],
                description=spec["description"],
            )
            intervention.full_clean()
            intervention.save()
            created["interventions"] += 1
            suited = [p for p in pupils if p.primary_need in spec["needs"] and p.year_group in spec["years"]]
            rng.shuffle(suited)
            groups = 3 if spec["group_size"] == 1 else 2
            size = spec["group_size"]
            # The finished block's pupils first; the running block takes some on and some new.
            finished_pupils = by_year(suited[: groups * size])  # groups of neighbouring year groups
            running_pupils = by_year(suited[size : size + groups * size])
            for first, last, chosen, done in (
                (finished_first, finished_last, finished_pupils, True),
                (running_first, running_last, running_pupils, False),
            ):
                for start in range(0, len(chosen), size):
                    members = sorted(chosen[start : start + size], key=lambda p: p.year_group)
                    if not members:
                        continue
                    created.update(
                        _group(
                            intervention,
                            spec,
                            members,
                            (first, last, done),
                            staff.get(spec["leader"]) or senco,
                            rng,
                            start // size,
                        )
                    )
    return created


def _group(intervention, spec, members, block, leader, rng, nth: int) -> Counter:
    """The `nth` group of the intervention in the block: one after another, so its leader and room are free."""
    first, last, done = block
    created: Counter[str] = Counter()
    group = InterventionGroup(
        intervention=intervention,
        name=group_name(spec, members),
        led_by=leader,
        room=spec["room"],
        starts_on=first,
        ends_on=last,
    )
    group.full_clean()
    group.save()
    created["intervention groups"] += 1
    for weekday, starts_at, minutes in spec["sessions"]:
        begins = datetime.combine(first, time.fromisoformat(starts_at)) + timedelta(minutes=nth * (minutes + 10))
        session = GroupSession(group=group, weekday=Weekday(weekday), starts_at=begins.time(), minutes=minutes)
        session.full_clean()
        session.save()
    low, high = spec["entry"]
    for n, pupil in enumerate(members):
        entry = rng.randint(low, high)
        place = GroupPlace(
            group=group,
            pupil=pupil,
            joined_on=first,
            target_score=Decimal(entry + spec["target_gain"]) if n % 3 != 2 else None,
            target=f"Reach {entry + spec['target_gain']} by the end of the block." if n % 3 != 2 else "",
        )
        # One pupil of a finished group leaves after six weeks: their place stays, with an exit score then.
        if done and n == 1 and len(members) > 2:
            place.left_on = first + timedelta(weeks=6) - timedelta(days=3)
        place.full_clean()
        place.save()
        created["places in groups"] += 1
        unit = spec["unit"]
        Measure.objects.create(
            place=place, kind=MeasureKind.ENTRY, score=entry, unit=unit, taken_on=first, recorded_by=leader
        )
        created["scores"] += 1
        # A finished group's pupils have exit scores, bar one still to be scored (the impact report names them).
        if done and not (n == len(members) - 1 and spec["group_size"] > 1 and intervention.pk % 2):
            gain = rng.randint(*spec["gain"])
            Measure.objects.create(
                place=place,
                kind=MeasureKind.EXIT,
                score=max(entry + gain, 0),
                unit=unit,
                taken_on=place.left_on or last,
                recorded_by=leader,
            )
            created["scores"] += 1
    return created
