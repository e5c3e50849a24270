"""The records behind each demo pupil: one-page profile, targets with progress notes, provision, professionals.

A mixin for the planner in `plan.py`, which supplies `rng`, `today`, `start_year`, `reviews` (the review
days of recent and coming terms), `by_email` (the staff) and `_staff_for(kind, year)`.
"""

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from demo import content as C


@dataclass
class Note:
    noted_on: date
    note: str
    recorded_by: str


@dataclass
class Target:
    description: str
    success_measure: str
    who_helps: str
    review_date: date
    status: str
    created_on: date
    set_by: str
    notes: list[Note] = field(default_factory=list)


@dataclass
class Support:
    intervention: str
    frequency: str
    group_size: int
    staff: str | None
    setting: str
    start_date: date
    end_date: date | None


@dataclass
class Professional:
    service: str
    name: str
    contact: str
    parents_consented_on: date | None
    notes: str
    recorded_on: date


@dataclass
class Profile:
    sections: dict
    written_on: date
    written_by: str


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def day_between(rng: random.Random, first: date, last: date) -> date:
    if last <= first:
        return first
    return first + timedelta(days=rng.randint(0, (last - first).days))


def weekday(day: date) -> date:
    """The nearest school day: Saturday moves back to Friday, Sunday on to Monday."""
    return day - timedelta(days=1) if day.weekday() == 5 else day + timedelta(days=1) if day.weekday() == 6 else day


def school_day(day: date, latest: date | None = None) -> date:
    """The first school day on or after `day`, out of weekends and the summer and Christmas holidays,
    but no later than `latest`."""
    if (day.month, day.day) >= (7, 22) and (day.month, day.day) < (9, 3):
        day = date(day.year, 9, 3)
    elif (day.month, day.day) >= (12, 20):
        day = date(day.year + 1, 1, 5)
    elif (day.month, day.day) < (1, 5):
        day = date(day.year, 1, 5)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    if latest and day > latest:
        day = latest - timedelta(days=max(0, latest.weekday() - 4))
    return day


def term_day(rng: random.Random, first: date, last: date, latest: date) -> date:
    """A random school day from `first` to `last` (a few tries to miss weekends and holidays), never after `latest`."""
    for _ in range(8):
        day = day_between(rng, first, last)
        if school_day(day) == day:
            break
    return school_day(day, latest)


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class RecordPlanner:
    def fill_records(self, pupil) -> None:
        words = self._words(pupil)
        self._profile(pupil, words)
        if pupil.sen_status != "M":
            self._targets(pupil, words)
            self._professionals(pupil)
        self._supports(pupil)

    def _areas(self, pupil) -> list[str]:
        return list(dict.fromkeys(C.AREA[need] for need in (pupil.primary_need, pupil.secondary_need) if need))

    def _last_day(self, pupil) -> date:
        return pupil.removed_from_register_on or self.today

    def _words(self, pupil) -> dict:
        """What the phrases' placeholders stand for, for this pupil."""
        staff = self.by_email
        teacher = staff[pupil.class_teacher].display
        return {
            "first": pupil.first_name,
            "ta": f"{staff[pupil.teaching_assistants[0]].display} (TA)"
            if pupil.teaching_assistants
            else "the class TA",
            "teacher": teacher,
            "keyworker": staff[pupil.key_worker].display if pupil.key_worker else teacher,
            "home": C.HOME_WORDS.get(pupil.links[0].relationship, "the family"),
            "interest": self.rng.choice(C.INTERESTS),
            "pet": self.rng.choice(C.PETS),
            "sibling": next(
                (s.first_name for s in pupil.siblings if s.gender == "g" and s.year_group < pupil.year_group), None
            ),
        }

    def _profile(self, pupil, words: dict) -> None:
        rng = self.rng
        chance = {"K": 0.9, "E": 1.0, "M": 0.15}[pupil.sen_status] * (0.5 if pupil.removed else 1)
        if not (pupil.showcase or rng.random() < chance):
            return

        def pick(pool, n):
            return "\n".join(phrase.format(**words) for phrase in rng.sample(pool, n))

        areas = self._areas(pupil) or ["learning"]
        support = rng.sample(C.HOW_TO_SUPPORT_ME[areas[0]], 2) + [
            rng.choice(C.HOW_TO_SUPPORT_ME[area]) for area in areas[1:]
        ]
        sections = {
            "liked_and_admired": pick(C.LIKED_AND_ADMIRED, 2),
            "important_to_me": pick(
                [i for i in C.IMPORTANT_TO_ME[pupil.phase] if words["sibling"] or "{sib" not in i], 2
            ),
            "how_to_support_me": "\n".join(support),
            "strengths": pick(C.STRENGTHS, 2),
            "strategies_at_home": pick(C.STRATEGIES_AT_HOME, 2),
            "strategies_at_school": pick(C.STRATEGIES_AT_SCHOOL, 2),
            "in_my_own_words": rng.choice(C.IN_MY_OWN_WORDS[pupil.phase]) if rng.random() < 0.7 else "",
        }
        last = self._last_day(pupil)
        written = term_day(rng, pupil.added_to_register_on + timedelta(14), last, last)
        pupil.profile = Profile(sections, written, pupil.key_worker or pupil.class_teacher)

    # Targets (outcomes)

    def _targets(self, pupil, words: dict) -> None:
        rng, today = self.rng, self.today
        templates = [t for area in self._areas(pupil) for t in C.OUTCOMES[area] if t[0] in ("any", pupil.phase)]
        rng.shuffle(templates)
        past = [day for day in self.reviews if day < today]
        if pupil.removed:
            statuses = [weighted(rng, {"achieved": 50, "partly": 30, "stopped": 20}) for _ in range(rng.choice((1, 2)))]
        else:
            counts = {1: 30, 2: 45, 3: 25} if pupil.sen_status == "K" else {2: 50, 3: 50}
            statuses = ["in_progress"] * max(weighted(rng, counts), 2 * pupil.showcase)
            if len(statuses) < 3 and (past[-1] - pupil.added_to_register_on).days > 60 and rng.random() < 0.3:
                statuses.append(weighted(rng, {"achieved": 50, "partly": 30, "not_achieved": 10, "stopped": 10}))
        for status, (_, description, measure, helpers) in zip(statuses, templates, strict=False):
            review, set_on = self._review_dates(pupil, status)
            target = Target(
                sentence(description.format(**words)),
                measure,
                sentence(helpers.format(**words)),
                review,
                status,
                set_on,
                rng.choice([f"senco@{C.STAFF_DOMAIN}", pupil.key_worker or pupil.class_teacher]),
            )
            self._notes(pupil, target, words)
            pupil.targets.append(target)

    def _previous_review(self, day: date) -> date:
        return max(review for review in self.reviews if review < day)

    def _review_dates(self, pupil, status: str) -> tuple[date, date]:
        """(review date, date set) for a target: open ones are due at a coming review day, a few overdue."""
        added, today = pupil.added_to_register_on, self.today
        future = [day for day in self.reviews if day >= today]
        if pupil.removed:
            before = [day for day in self.reviews if added < day <= pupil.removed_from_register_on]
            review = before[-1] if before else pupil.removed_from_register_on
        elif status != "in_progress":
            review = self._previous_review(today)
        else:
            when = weighted(self.rng, {"next": 85, "later": 10, "overdue": 5})
            review = {"next": future[0], "later": future[1], "overdue": self._previous_review(today)}[when]
        set_on = max(min(self._previous_review(review), self._previous_review(today)), added)
        if set_on >= review:
            review, set_on = future[0], max(self._previous_review(future[0]), added)
        return review, set_on

    def _notes(self, pupil, target: Target, words: dict) -> None:
        rng = self.rng
        first, last = target.created_on + timedelta(days=10), min(target.review_date, self.today)
        staff = pupil.teaching_assistants or [pupil.key_worker or pupil.class_teacher]
        count = weighted(rng, {0: 20, 1: 45, 2: 35}) if target.status == "in_progress" else rng.choice((0, 1))
        days = sorted(term_day(rng, first, last, last) for _ in range(count)) if first < last else []
        for day in days:
            text = rng.choice(C.PROGRESS_NOTES["in_progress"]).format(**words)
            target.notes.append(Note(day, sentence(text), rng.choice(staff)))
        if target.status != "in_progress":
            text = rng.choice(C.PROGRESS_NOTES[target.status]).format(**words)
            target.notes.append(Note(target.review_date, sentence(text), rng.choice(staff)))

    # Provision and professionals

    def _supports(self, pupil) -> None:
        rng = self.rng
        areas = set(self._areas(pupil))
        options = [p for p in C.PROVISIONS if areas & set(p[5]) and pupil.phase in p[6]]
        count = {"K": weighted(rng, {1: 55, 2: 45}), "E": 2, "M": int(rng.random() < 0.2)}
        last = self._last_day(pupil)
        count = max(count[pupil.sen_status], 2 * pupil.showcase)
        for name, frequency, sizes, setting, lead, _, _ in rng.sample(options, min(count, len(options))):
            first = pupil.added_to_register_on
            if not pupil.removed:
                first = max(first, date(self.start_year - 1, 9, 1))  # current provision began this year or last
            start = term_day(rng, first, last - timedelta(days=14), last)
            end = None
            if weeks := re.search(r"for (\d+) weeks", frequency):
                end = start + timedelta(weeks=int(weeks[1]))
            elif start < self.today - timedelta(days=60) and rng.random() < 0.2:
                end = term_day(rng, start + timedelta(days=42), self.today, self.today)
            if pupil.removed:
                end = min(end or last, last)
            pupil.supports.append(
                Support(name, frequency, rng.randint(*sizes), self._lead(pupil, lead), setting, start, end)
            )

    def _lead(self, pupil, kind: str) -> str:
        if kind == "teacher":
            return pupil.class_teacher
        if kind == "ta" and pupil.teaching_assistants:
            return self.rng.choice(pupil.teaching_assistants)
        return self.rng.choice(self._staff_for(kind, pupil.year_group)).email

    def _professionals(self, pupil) -> None:
        rng = self.rng
        areas = self._areas(pupil)
        services = list(dict.fromkeys(s for area in areas for s in C.SERVICES_BY_AREA[area]))
        if pupil.sen_status == "E" or pupil.showcase:
            others = [s for s in services if s != "EP"]
            chosen = ["EP"] * (pupil.sen_status == "E") + rng.sample(others, min(rng.choice((1, 2)), len(others)))
        else:
            chosen = [rng.choice(services)] if rng.random() < 0.3 else []
        last = self._last_day(pupil)
        for service in chosen:
            name, contact, notes = C.PROFESSIONALS[service]
            if service == "SPEC_TEACHER" and areas[0] in C.SPECIALIST_TEACHERS:
                name, contact = C.SPECIALIST_TEACHERS[areas[0]]
            if service == "EP" and pupil.sen_status == "E":
                notes = "Gave psychological advice for the EHC needs assessment. " + notes
            consented = term_day(rng, pupil.added_to_register_on, last - timedelta(days=14), last)
            recorded = consented
            if not pupil.removed and pupil.sen_status == "K" and rng.random() < 0.15:
                consented, notes = None, "Referral discussed at the last review; waiting for the signed consent form."
            pupil.professionals.append(Professional(service, name, contact, consented, notes, recorded))
