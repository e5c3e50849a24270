"""The meetings part of the demo school: last year's meetings and this year's so far, with their records.

`build_demo_meetings()` is called by the `demo_school` command once the pupils and families are in place. For
every pupil on SEN support or with an EHC plan it writes:

- last academic year: two to four counting meetings for most families over the three terms (one or two for
  a few, so last year shows some 'behind'), each with a finalised record shared with the parents and one to
  three action points, most done and a few still open (so now overdue);
- this academic year: a real spread of pace in the current term (about 55% on track, 25% at risk, 20%
  behind, as `meetings.compliance.pace` counts it), records in every state (some overdue), meetings booked
  in the coming weeks (some at short notice), a few cancelled, one rearranged, and a few phone calls and
  informal chats that do not count towards the three a year;
- for EHC plan pupils an annual review in the last year, with two or three due within eight weeks and one
  overdue, so the dashboard lists them.

Dates are relative to today and drawn from a seeded generator, so the same day gives the same meetings. Most
rows are written in bulk, with history dated when each thing plausibly happened and made by the member of
staff who did it. The demo parent's (Sarah Thompson's) latest record for Maisie goes through the real
workflow (`meetings.records`: start, fill in, finalise, share), and the rearranged and cancelled meetings
through `meetings.scheduling`.

Running it again adds nothing: if any of the pupils already has a meeting, it leaves them alone.
"""

import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from accounts.models import Role, User
from common import when
from demo import content as C
from demo.plan import review_days
from demo.records import sentence, weighted
from meetings import compliance
from meetings.compliance import Pace
from meetings.models import (
    MEETING_TYPE_DEFAULTS,
    ActionOwner,
    ActionPoint,
    ActionStatus,
    Attendance,
    Invitee,
    InviteeKind,
    Meeting,
    MeetingRecord,
    MeetingStatus,
    MeetingType,
    MeetingTypeSetting,
    OutcomeReview,
    RecordStatus,
    RecordVersion,
)
from meetings.records import finalise, share, snapshot, start_record
from meetings.scheduling import cancel, rearrange
from pupils.models import Outcome, OutcomeStatus, ProgressNote, Pupil, PupilParent, SenStatus
from school import years
from school.calendar import is_school_day, next_school_day
from school.years import Term

SEED = 20261124
DOMAIN = C.STAFF_DOMAIN
SENCO_EMAIL = f"senco@{DOMAIN}"
OFFICE_EMAIL = f"office@{DOMAIN}"
DEMO_PARENT_EMAIL = f"parent@{DOMAIN}"

# The spread of pace this term, in shares of the pupils on SEN support or with an EHC plan.
PACE_SHARES = {Pace.ON_TRACK: 0.55, Pace.AT_RISK: 0.25, Pace.BEHIND: 0.20}
ANNUAL_REVIEWS_DUE_SOON = 3
ANNUAL_REVIEWS_OVERDUE = 1

# Every demo staff member's title, for 'Mrs Whitfield' in the words parents read.
TITLES = {f"{row[5]}@{DOMAIN}": row[0] for row in C.STAFF} | {f"{row[4]}@{DOMAIN}": row[0] for row in C.TEACHERS}

COUNTING = (
    MeetingType.SEN_REVIEW,
    MeetingType.REVIEW_DAY,
    MeetingType.ANNUAL_REVIEW,
    MeetingType.PARENTS_EVENING,
)

# Words (demo/content/meetings.json). Placeholders: {first} the pupil, {home} 'Mum', 'Dad' or 'the family', {lead}
# who leads the meeting, {teacher} the class teacher or form tutor, {keyworker}, {ta}. Kinds of meeting, outcome
# statuses and action owners are keys by their stored values.
WORDS = C.words("meetings")
PROFESSIONAL_ROLES = WORDS["professional_roles"]
PURPOSES = WORDS["purposes"]
PLACES = WORDS["places"]  # by phase, or by kind of meeting where the kind decides the place
PARENT_VIEWS, PUPIL_VIEWS, STAFF_VIEWS = WORDS["parent_views"], WORDS["pupil_views"], WORDS["staff_views"]
MAIN_ISSUES, SUPPORT_AGREED = WORDS["main_issues"], WORDS["support_agreed"]  # by area
SUMMARIES = WORDS["summaries"]
PROGRESS = WORDS["progress"]  # by outcome status
ACTIONS = WORDS["actions"]  # by owner
SHORT_NOTICE_REASONS, INFORMAL_NOTICE = WORDS["short_notice_reasons"], WORDS["informal_notice"]
CANCELLATIONS, CALLS = WORDS["cancellations"], WORDS["calls"]


@dataclass
class Family:
    """What the words and invitations need to know about a pupil, worked out once."""

    invited: list[PupilParent]  # parents with parental responsibility, foster carers and social workers
    first_parent: PupilParent | None
    words: dict
    colleagues: list[User]
    areas: list[str]
    interpreter: str
    prefers: str  # "after" school, "early", or ""
    professionals: list[tuple[str, str]]  # (name, role)


@dataclass
class Planned:
    pupil: Pupil
    kind: str
    day: date
    status: str
    lead: User
    record: str = ""  # "", "draft", "finalised" (not yet shared) or "shared"
    invited_on: date | None = None
    booked_by: User | None = None
    cancel_because: str = ""  # cancelled later (through scheduling.cancel), for this reason
    rearrange_to: date | None = None  # moved later (through scheduling.rearrange) to this day
    short_notice_reason: str = ""
    purpose: str = ""
    follow_up: bool = False
    after: "Planned | None" = None  # for a follow-up: the meeting that agreed it
    follow_up_on: date | None = None  # for the showcase: the next meeting agreed, proposed by finalise()
    showcase: bool = False
    at: time | None = None
    meeting: Meeting | None = None
    record_obj: MeetingRecord | None = None
    next: "Planned | None" = None

    @property
    def held(self) -> bool:
        return self.status == MeetingStatus.HELD

    @property
    def counts(self) -> bool:
        return self.held and self.kind in COUNTING


def build_demo_meetings(upns: Iterable[str] | None = None, today: date | None = None) -> Counter:
    """Meetings, records and action points for the demo pupils (those with these UPNs); nothing if they have any."""
    today = today or timezone.localdate()
    pupils = Pupil.objects.on_register().filter(sen_status__in=(SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN))
    if upns is not None:
        pupils = pupils.filter(upn__in=list(upns))
    if Meeting.objects.filter(pupil__in=pupils).exists():
        return Counter()
    staff = {user.email: user for user in User.objects.filter(email__endswith=f"@{DOMAIN}")}
    if SENCO_EMAIL not in staff:
        return Counter()
    pupils = (
        pupils.select_related("class_teacher", "key_worker")
        .prefetch_related(
            "teaching_assistants",
            "professionals",
            Prefetch("parent_links", queryset=PupilParent.objects.select_related("parent")),
            Prefetch("outcomes", queryset=Outcome.objects.order_by("pk")),
        )
        .order_by("upn")
    )
    with transaction.atomic():
        return DemoMeetings(list(pupils), today, random.Random(SEED), staff).write()


# School days: the school calendar's where the year's terms are entered (demo/content/calendar.csv has 2026/27),
# otherwise a usual English year, as below.

HALF_TERMS = (((10, 26), (10, 30)), ((2, 16), (2, 20)), ((5, 25), (5, 29)))


def teaching_window(term: Term) -> tuple[date, date]:
    """The days of a term children are in school: no Christmas, Easter or summer holidays."""
    if term.entered:
        return term.teaching_days
    if term.name == "Autumn":
        return date(term.start.year, 9, 3), date(term.start.year, 12, 18)
    if term.name == "Spring":
        return date(term.start.year, 1, 5), term.end - timedelta(days=3)  # to Maundy Thursday
    return term.start + timedelta(days=14), date(term.end.year, 7, 21)


@lru_cache  # a term's entered dates are part of it; the demo's closure days are the same in every build
def term_days(term: Term) -> tuple[date, ...]:
    """The term's school days: weekdays out of half terms and closure days."""
    first, last = teaching_window(term)
    days, day = [], first
    while day <= last:
        guessed_half_term = not term.entered and any(lo <= (day.month, day.day) <= hi for lo, hi in HALF_TERMS)
        if is_school_day(day) and not guessed_half_term:
            days.append(day)
        day += timedelta(days=1)
    return tuple(days)


def review_day_in(term: Term) -> date:
    """The SEN review day of the term (demo/plan.py), moved on to the next school day if the school is closed."""
    start_year = term.start.year if term.name == "Autumn" else term.start.year - 1
    day = review_days(start_year)[("Autumn", "Spring", "Summer").index(term.name)]
    return day if is_school_day(day) else next_school_day(day)


def parents_evening(term: Term, phase: str) -> date:
    """Primary on a Tuesday, secondary on a Thursday, a few weeks into each term."""
    start = {"Autumn": (10, 6), "Spring": (2, 3), "Summer": (6, 9)}[term.name]
    day = date(term.end.year if term.name != "Autumn" else term.start.year, *start)
    target = 1 if phase == "primary" else 3
    return day + timedelta(days=(target - day.weekday()) % 7)


def working_day(day: date) -> date:
    """The day, or the last school-office day before it: no weekends, and nothing sent in the summer holidays."""
    if (7, 22) <= (day.month, day.day) <= (9, 1):
        day = date(day.year, 7, 21)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def clock(total: int) -> time:
    return time(total // 60, total % 60)


class DemoMeetings:
    def __init__(self, pupils: list[Pupil], today: date, rng: random.Random, staff: dict[str, User]):
        self.pupils, self.today, self.rng, self.staff = pupils, today, rng, staff
        self.senco = staff[SENCO_EMAIL]
        self.office = staff.get(OFFICE_EMAIL, self.senco)
        self.now = timezone.now()
        self.year = years.academic_year_of(today)
        self.term = self.year.term_of(today)
        self.durations = {kind: MEETING_TYPE_DEFAULTS[kind][0] for kind in MeetingType.values}
        self.durations.update(MeetingTypeSetting.objects.values_list("meeting_type", "default_minutes"))
        self.busy: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
        self.plans: dict[int, list[Planned]] = {pupil.pk: [] for pupil in pupils}
        self.families = {pupil.pk: self._family(pupil) for pupil in pupils}
        self.created: Counter[str] = Counter()
        demo_parent = User.objects.filter(email=DEMO_PARENT_EMAIL).first()
        self.thompsons = {
            pupil.legal_first_name: pupil
            for pupil in pupils
            if demo_parent and any(link.parent.user_id == demo_parent.pk for link in pupil.parent_links.all())
        }

    def write(self) -> Counter:
        for pupil in self.pupils:
            self._last_year(pupil)
        self._this_year()
        self._annual_reviews()
        self._showcase()
        for pupil in self.pupils:
            self._finish(pupil)
        self._meetings()
        self._invitees()
        self._records()
        self._cancel_and_rearrange()
        self._showcase_record()
        return self.created

    # Who's who

    def _display(self, user: User | None) -> str:
        if user is None:
            return "the class teacher"
        title = TITLES.get(user.email)
        return f"{title} {user.last_name}" if title else user.get_full_name()

    def _family(self, pupil: Pupil) -> Family:
        links = sorted(pupil.parent_links.all(), key=lambda link: link.contact_order)
        invited = [
            link
            for link in links
            if link.has_parental_responsibility or link.relationship in ("foster_carer", "social_worker")
        ]
        carers = [link for link in invited if link.relationship != "social_worker"]
        first = carers[0] if carers else None
        tas = sorted(pupil.teaching_assistants.all(), key=lambda user: user.pk)
        colleagues = [u for u in (pupil.key_worker, pupil.class_teacher, *tas) if u and u.role == Role.STAFF]
        times = " ".join(link.parent.best_times_to_contact.lower() for link in carers)
        prefers = "after" if ("after" in times or "evening" in times) else "early" if "morning" in times else ""
        interpreter = next((link.parent.preferred_language for link in carers if link.parent.needs_interpreter), "")
        professionals = []
        for involvement in sorted(pupil.professionals.all(), key=lambda p: p.pk):
            name, role = involvement.name, PROFESSIONAL_ROLES.get(involvement.service, "Outside professional")
            if " (" in name:
                name, role = name.split(" (", 1)
                role = sentence(role.rstrip(")"))
            if name:
                professionals.append((name, role))
        areas = [C.AREA.get(need) for need in (pupil.primary_need, pupil.secondary_need) if C.AREA.get(need)]
        words = {
            "first": pupil.first_name,
            "home": C.HOME_WORDS.get(first.relationship, "the family") if first else "the family",
            "teacher": self._display(pupil.class_teacher),
            "keyworker": self._display(pupil.key_worker or pupil.class_teacher),
            "ta": f"{self._display(tas[0])} (TA)" if tas else "the class TA",
        }
        return Family(invited, first, words, colleagues, areas or ["learning"], interpreter, prefers, professionals)

    def _lead(self, pupil: Pupil, kind: str) -> User:
        rng, colleagues = self.rng, self.families[pupil.pk].colleagues
        if kind == MeetingType.ANNUAL_REVIEW or not colleagues:
            return self.senco
        if kind == MeetingType.PARENTS_EVENING:
            return pupil.class_teacher or self.senco
        senco_share = {MeetingType.SEN_REVIEW: 0.55, MeetingType.REVIEW_DAY: 0.7}.get(kind, 0.3)
        return self.senco if rng.random() < senco_share else rng.choice(colleagues)

    # Choosing days

    def _days(self, first: date, last: date, terms: Iterable[Term]) -> list[date]:
        return [day for term in terms for day in term_days(term) if first <= day <= last]

    def _counting_kind(self, pupil: Pupil, term: Term, days: list[date]) -> tuple[str, date]:
        """A review-day slot, a parents' evening or an SEN support review, on a day from `days`."""
        rng = self.rng
        review_day = review_day_in(term)
        evening = parents_evening(term, "primary" if pupil.year_group <= 6 else "secondary")
        taken = {plan.day for plan in self.plans[pupil.pk]}
        kind = weighted(rng, {MeetingType.SEN_REVIEW: 45, MeetingType.REVIEW_DAY: 30, MeetingType.PARENTS_EVENING: 25})
        if kind == MeetingType.REVIEW_DAY and review_day in days and review_day not in taken:
            return kind, review_day
        if kind == MeetingType.PARENTS_EVENING and evening in days and evening not in taken:
            return kind, evening
        free = [day for day in days if day not in taken] or days
        return MeetingType.SEN_REVIEW, rng.choice(free)

    def _add(self, pupil: Pupil, kind: str, day: date, status: str, **extra) -> Planned:
        plan = Planned(pupil, kind, day, status, extra.pop("lead", None) or self._lead(pupil, kind), **extra)
        self.plans[pupil.pk].append(plan)
        return plan

    def _held(self, pupil: Pupil, term: Term, first: date, last: date, record: str = "shared") -> Planned | None:
        days = self._days(first, last, [term])
        if not days:
            return None
        kind, day = self._counting_kind(pupil, term, days)
        return self._add(pupil, kind, day, MeetingStatus.HELD, record=record)

    def _chat(self, pupil: Pupil, days: list[date], record: str = "shared") -> None:
        """A phone call or an informal chat: held, recorded, but not one of the three a year."""
        if days:
            kind = MeetingType.TELEPHONE if self.rng.random() < 0.6 else MeetingType.INFORMAL
            self._add(pupil, kind, self.rng.choice(days), MeetingStatus.HELD, record=record)

    # Last academic year

    def _last_year(self, pupil: Pupil) -> None:
        rng, year = self.rng, self.year.previous()
        joined = pupil.added_to_register_on + timedelta(days=7)
        terms = [term for term in year.terms if term_days(term) and term_days(term)[-1] >= joined]
        if not terms:
            return
        wanted = weighted(rng, {3: 55, 4: 15, 2: 20, 1: 10})
        chosen = sorted(rng.sample(terms, min(wanted, len(terms))), key=lambda t: t.start)
        if wanted > len(terms):
            chosen.append(rng.choice(terms))
        for term in chosen:
            self._held(pupil, term, joined, year.end)
        if rng.random() < 0.15:
            self._chat(pupil, self._days(joined, year.end, terms))
        if rng.random() < 0.05:
            days = self._days(joined, year.end, terms)
            if days:
                self._add(pupil, MeetingType.SEN_REVIEW, rng.choice(days), MeetingStatus.DID_NOT_ATTEND)

    # This academic year

    def _this_year(self) -> None:
        rng, pupils = self.rng, self.pupils
        shares = list(PACE_SHARES.items())
        paces = [pace for pace, share in shares[1:] for _ in range(round(share * len(pupils)))]
        paces = [shares[0][0]] * (len(pupils) - len(paces)) + paces
        rng.shuffle(paces)
        wanted = dict(zip((pupil.pk for pupil in pupils), paces, strict=True))
        if "Maisie" in self.thompsons:
            wanted[self.thompsons["Maisie"].pk] = Pace.ON_TRACK
        if "Oliver" in self.thompsons:
            wanted[self.thompsons["Oliver"].pk] = Pace.AT_RISK
        self.wanted = wanted
        for pupil in pupils:
            self._this_year_for(pupil, wanted[pupil.pk])
        # A few meetings cancelled (two rebooked, one not yet) and one rearranged.
        first, last = teaching_window(self.term)
        behind = [
            pupil
            for pupil in pupils
            if wanted[pupil.pk] == Pace.BEHIND and not any(plan.day >= first for plan in self.plans[pupil.pk])
        ]
        for pupil in rng.sample(behind, min(1, len(behind))):
            days = self._days(max(first, pupil.added_to_register_on), self.today - timedelta(1), [self.term])
            if days:
                self._cancelled(pupil, rng.choice(days))
        booked = [
            plans[-1]
            for plans in self.plans.values()
            if plans
            and plans[-1].status in (MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED)
            and plans[-1].day > self.today
            and plans[-1].pupil not in self.thompsons.values()
            and not plans[-1].follow_up
        ]
        if booked:
            for plan in rng.sample(booked, min(2, len(booked))):
                days = self._days(max(first, plan.pupil.added_to_register_on), self.today - timedelta(1), [self.term])
                if days:
                    self._cancelled(plan.pupil, rng.choice(days))
            later = [plan for plan in booked if self._days(plan.day + timedelta(1), last, [self.term])]
            if later:
                plan = rng.choice(later)
                plan.status = MeetingStatus.CONFIRMED
                plan.rearrange_to = rng.choice(self._days(plan.day + timedelta(1), last, [self.term]))

    def _cancelled(self, pupil: Pupil, day: date) -> Planned:
        reason = sentence(self.rng.choice(CANCELLATIONS))
        plan = self._add(pupil, MeetingType.SEN_REVIEW, day, MeetingStatus.CONFIRMED)
        plan.cancel_because = reason
        return plan

    def _this_year_for(self, pupil: Pupil, pace: Pace) -> None:
        rng, today, term = self.rng, self.today, self.term
        joined = pupil.added_to_register_on + timedelta(days=3)
        past_terms = [t for t in self.year.terms if t.end < term.start and term_days(t) and term_days(t)[-1] >= joined]
        first, last = teaching_window(term)
        held_days = self._days(max(first, joined), today - timedelta(days=1), [term])
        ahead_days = self._days(today + timedelta(days=1), last, [term])
        if pace == Pace.ON_TRACK and not held_days:
            pace = Pace.AT_RISK
        if pace == Pace.AT_RISK and not ahead_days:
            pace = Pace.BEHIND
        dropped = None
        if pace == Pace.BEHIND and past_terms and (today < term.midpoint or rng.random() < 0.3):
            dropped = rng.choice(past_terms)
        for past in past_terms:
            if past is not dropped:
                # A few records from the end of last term are still waiting to be finished or sent.
                late = past is past_terms[-1] and rng.random() < 0.08
                self._held(
                    pupil, past, joined, past.end, record=rng.choice(("draft", "finalised")) if late else "shared"
                )
        if pace == Pace.ON_TRACK:
            old = today - timedelta(days=compliance.RECORD_DUE_DAYS)
            plan = self._held(pupil, term, max(first, joined), today - timedelta(days=1))
            if plan.day < old:
                plan.record = weighted(rng, {"shared": 82, "finalised": 8, "draft": 10})
            else:
                plan.record = weighted(rng, {"shared": 35, "finalised": 25, "draft": 40})
            if plan.record == "shared" and plan.kind == MeetingType.SEN_REVIEW and rng.random() < 0.4:
                self._follow_up(plan)
            if rng.random() < 0.1:
                self._chat(pupil, held_days)
        elif pace == Pace.AT_RISK:
            self._booked(pupil, ahead_days)
        else:
            roll = rng.random()
            if roll < 0.35:
                self._chat(pupil, held_days)
            elif roll < 0.45 and held_days:
                self._add(pupil, MeetingType.SEN_REVIEW, rng.choice(held_days), MeetingStatus.DID_NOT_ATTEND)

    def _booked(self, pupil: Pupil, days: list[date]) -> Planned:
        rng = self.rng
        term = self.term
        review_day = review_day_in(term)
        soon = [day for day in days if (day - self.today).days < compliance.NOTICE_DAYS - 3]
        short = bool(soon) and rng.random() < 0.25
        if short:
            kind, day = MeetingType.SEN_REVIEW, rng.choice(soon)
        elif review_day in days and rng.random() < 0.45:
            kind, day = MeetingType.REVIEW_DAY, review_day
        else:
            kind, day = MeetingType.SEN_REVIEW, rng.choice(days[:15])  # mostly in the next few weeks
        status = MeetingStatus.CONFIRMED if rng.random() < 0.6 else MeetingStatus.PROPOSED
        plan = self._add(pupil, kind, day, status)
        if short:  # the reason is written with the rest of the words, in _finish()
            plan.invited_on = self.today - timedelta(days=rng.randint(0, 2))
        else:
            plan.invited_on = min(
                self.today - timedelta(days=rng.randint(0, 6)), day - timedelta(days=rng.randint(14, 24))
            )
        return plan

    def _follow_up(self, plan: Planned) -> None:
        """The next meeting, agreed at this one for next term and proposed to the family."""
        following = self.year.terms[(self.year.terms.index(self.term) + 1) % 3]
        if self.term.name == "Summer":
            following = self.year.next().terms[0]
        days = term_days(following)
        if not days:
            return
        day = days[min(len(days) - 1, 15 + self.rng.randint(0, 20))]
        follow = self._add(plan.pupil, plan.kind, day, MeetingStatus.PROPOSED, lead=plan.lead, follow_up=True)
        follow.after = plan
        plan.next = follow

    # EHC plans: annual reviews

    def _annual_reviews(self) -> None:
        rng, today = self.rng, self.today
        anniversary = today - relativedelta(months=compliance.ANNUAL_REVIEW_MONTHS)
        ehc = [pupil for pupil in self.pupils if pupil.sen_status == SenStatus.EHC_PLAN]
        settled = [pupil for pupil in ehc if pupil.added_to_register_on <= anniversary - timedelta(days=60)]
        rng.shuffle(settled)
        overdue = settled[:ANNUAL_REVIEWS_OVERDUE]
        soon = settled[ANNUAL_REVIEWS_OVERDUE : ANNUAL_REVIEWS_OVERDUE + ANNUAL_REVIEWS_DUE_SOON]
        for pupil in ehc:
            if pupil in overdue:
                self._annual_review(pupil, anniversary - timedelta(days=40), anniversary - timedelta(days=10))
            elif pupil in soon:
                self._annual_review(pupil, anniversary + timedelta(days=7), anniversary + timedelta(days=50))
            else:
                first = max(pupil.added_to_register_on + timedelta(days=30), anniversary + timedelta(weeks=9))
                self._annual_review(pupil, first, today - timedelta(days=1), convert_only=True)
        # The overdue review, and one that is due soon, are booked for the coming weeks (not changing the pace).
        for pupil in [*overdue, *soon[:1]]:
            terms = [*self.year.terms, *self.year.next().terms]
            days = self._days(today + timedelta(days=15), today + timedelta(days=45), terms)
            if days and self.wanted[pupil.pk] != Pace.BEHIND:
                plan = self._add(pupil, MeetingType.ANNUAL_REVIEW, rng.choice(days), MeetingStatus.PROPOSED)
                plan.invited_on = today - timedelta(days=rng.randint(0, 3))

    def _annual_review(self, pupil: Pupil, first: date, last: date, convert_only: bool = False) -> None:
        rng = self.rng
        plans = [plan for plan in self.plans[pupil.pk] if plan.counts and first <= plan.day <= last]
        if convert_only and plans:
            plan = rng.choice(plans)
        else:
            years = (
                [self.year.previous()]
                if convert_only
                else [self.year.previous().previous(), self.year.previous(), self.year]
            )
            terms = [t for year in years for t in year.terms if t != self.term]
            days = self._days(first, last, terms)
            if not days:
                earlier = self._days(first - timedelta(days=60), last, terms)
                if not earlier:
                    return
                days = earlier[-1:]
            day = rng.choice(days)
            term_of = next(t for t in terms if t.start <= day <= t.end)
            same_term = [
                plan for plan in self.plans[pupil.pk] if plan.counts and term_of.start <= plan.day <= term_of.end
            ]
            if same_term:
                plan = same_term[0]
                plan.day = day
            else:
                plan = self._add(pupil, MeetingType.ANNUAL_REVIEW, day, MeetingStatus.HELD, record="shared")
        plan.kind, plan.lead = MeetingType.ANNUAL_REVIEW, self.senco
        if plan.next:
            plan.next.kind = MeetingType.SEN_REVIEW

    def _showcase(self) -> None:
        """Maisie's latest meeting goes through the real record workflow; Oliver has a meeting coming up."""
        maisie = self.thompsons.get("Maisie")
        if maisie:
            held = [plan for plan in self.plans[maisie.pk] if plan.counts]
            if held:
                latest = max(held, key=lambda plan: plan.day)
                latest.showcase, latest.record = True, "shared"
                if latest.next:  # finalising the record proposes the follow-up itself
                    self.plans[maisie.pk].remove(latest.next)
                    latest.next = None
                latest.follow_up_on = self._next_term_day()
        oliver = self.thompsons.get("Oliver")
        if not oliver:
            return
        coming = [plan for plan in self.plans[oliver.pk] if plan.day > self.today and not plan.held]
        if not coming:
            first, last = self.today + timedelta(days=7), self.today + timedelta(days=60)
            days = self._days(first, last, [*self.year.terms, *self.year.next().terms])
            coming = [self._booked(oliver, days)] if days else []
        for plan in coming[:1]:  # an SEN support review with the SENCO, Mum and Dad, confirmed
            plan.kind, plan.status, plan.lead = MeetingType.SEN_REVIEW, MeetingStatus.CONFIRMED, self.senco

    def _next_term_day(self) -> date | None:
        terms = [*self.year.terms, *self.year.next().terms]
        days = [day for term in terms[terms.index(self.term) + 1 :] for day in term_days(term)]
        return days[min(len(days) - 1, 15)] if days else None

    # Filling in the details

    def _finish(self, pupil: Pupil) -> None:
        """Times, invitations, purpose and who booked it, for each meeting planned for the pupil."""
        rng, family = self.rng, self.families[pupil.pk]
        plans = sorted(self.plans[pupil.pk], key=lambda plan: plan.day)
        self.plans[pupil.pk] = plans
        for plan in plans:
            words = family.words | {"lead": self._display(plan.lead)}
            plan.purpose = sentence(rng.choice(PURPOSES[plan.kind]).format(**words))
            if plan.follow_up and plan.after.kind == plan.kind:
                plan.purpose = f"Follow-up: {plan.after.purpose}"  # as scheduling.propose_follow_on
            plan.at = self._time(plan, family)
            if plan.invited_on is None:
                if plan.follow_up:
                    plan.invited_on = min(plan.after.day + timedelta(days=rng.randint(1, 3)), self.today)
                elif plan.kind in (MeetingType.TELEPHONE, MeetingType.INFORMAL):
                    plan.invited_on = plan.day - timedelta(days=rng.randint(0, 1))
                elif plan.kind == MeetingType.ANNUAL_REVIEW:
                    plan.invited_on = plan.day - timedelta(days=rng.randint(28, 42))
                elif rng.random() < 0.06:
                    plan.invited_on = plan.day - timedelta(days=rng.randint(4, 12))
                else:
                    plan.invited_on = plan.day - timedelta(days=rng.randint(14, 30))
            plan.invited_on = min(working_day(plan.invited_on), self.today)
            if compliance.is_short_notice(plan.invited_on, plan.day) and not plan.short_notice_reason:
                if plan.kind in (MeetingType.TELEPHONE, MeetingType.INFORMAL):
                    plan.short_notice_reason = INFORMAL_NOTICE
                else:
                    plan.short_notice_reason = sentence(rng.choice(SHORT_NOTICE_REASONS).format(**words))
            office = plan.kind in (MeetingType.REVIEW_DAY, MeetingType.PARENTS_EVENING) and rng.random() < 0.6
            plan.booked_by = self.office if office else plan.lead
        counting = [plan for plan in plans if plan.kind in COUNTING and plan.status != MeetingStatus.DID_NOT_ATTEND]
        counting = [plan for plan in counting if not plan.cancel_because]
        for before, after in zip(counting, counting[1:], strict=False):
            if before.held and before.next is None and after.status != MeetingStatus.DID_NOT_ATTEND:
                before.next = after

    def _time(self, plan: Planned, family: Family) -> time:
        rng = self.rng
        length = self.durations[plan.kind]
        if plan.kind == MeetingType.PARENTS_EVENING:
            options = [15 * 60 + 30 + 10 * n for n in range(11)]
        elif plan.kind == MeetingType.REVIEW_DAY:
            options = [8 * 60 + 40 + 20 * n for n in range(20)]
            options = [start for start in options if not 12 * 60 <= start < 13 * 60]
        else:
            day_times = [9 * 60 + 15, 10 * 60, 10 * 60 + 45, 11 * 60 + 30, 13 * 60 + 15, 14 * 60, 14 * 60 + 45]
            after = [15 * 60 + 30, 15 * 60 + 45, 16 * 60, 16 * 60 + 30]
            early = [8 * 60 + 15, 8 * 60 + 45]
            pool = {"after": after * 6 + day_times, "early": early * 6 + day_times}.get(
                family.prefers, day_times * 2 + after + early
            )
            options = list(dict.fromkeys(rng.sample(pool, len(pool))))
        options = [start for start in options if start + length <= 17 * 60 + 30]
        slots = self.busy[(plan.lead.pk, plan.day)]
        for start in options:
            if all(start + length <= s or start >= e for s, e in slots):
                slots.append((start, start + length))
                return clock(start)
        return clock(options[-1])

    # Writing

    def _starts_at(self, plan: Planned) -> datetime:
        return timezone.make_aware(datetime.combine(plan.day, plan.at))

    def _moment(self, day: date, n: int = 0, after: time | None = None) -> datetime:
        """A time on `day` (after `after`, if given), never later than now."""
        base = minutes(after) + 30 if after else 8 * 60
        naive = datetime.combine(day, time()) + timedelta(minutes=base + (n * 37) % max(30, 17 * 60 + 30 - base))
        return min(timezone.make_aware(naive), self.now)

    def _all_plans(self) -> list[Planned]:
        return [plan for pupil in self.pupils for plan in self.plans[pupil.pk]]

    def _meetings(self) -> None:
        plans = self._all_plans()
        for plan in plans:
            family = self.families[plan.pupil.pk]
            initial = MeetingStatus.PROPOSED if plan.status == MeetingStatus.PROPOSED else MeetingStatus.CONFIRMED
            plan.meeting = Meeting(
                pupil=plan.pupil,
                meeting_type=plan.kind,
                starts_at=self._starts_at(plan),
                duration_minutes=self.durations[plan.kind],
                place=self._place(plan),
                purpose=plan.purpose,
                led_by=plan.lead,
                parent_report_requested=plan.kind == MeetingType.ANNUAL_REVIEW,
                report_help_offered=plan.kind == MeetingType.ANNUAL_REVIEW and self.rng.random() < 0.6,
                interpreter_language=family.interpreter if plan.kind != MeetingType.INFORMAL else "",
                childcare_arranged=plan.kind == MeetingType.ANNUAL_REVIEW and self.rng.random() < 0.2,
                alternative_times_offered=self._alternatives(plan),
                invited_on=plan.invited_on,
                short_notice_reason=plan.short_notice_reason,
                status=initial,
                created_by=plan.booked_by,
            )
        meetings = Meeting.objects.bulk_create([plan.meeting for plan in plans])
        for plan, meeting in zip(plans, meetings, strict=True):
            meeting.created_at = self._moment(plan.invited_on, meeting.pk)
            meeting._history_date, meeting._history_user = meeting.created_at, plan.booked_by
        Meeting.objects.bulk_update(meetings, ["created_at"])
        Meeting.history.bulk_history_create(meetings)
        # Held or missed, a day or two after they were booked; the showcase meeting is marked held by finalise().
        done = [
            plan
            for plan in plans
            if plan.status in (MeetingStatus.HELD, MeetingStatus.DID_NOT_ATTEND) and not plan.showcase
        ]
        for plan in done:
            plan.meeting.status = plan.status
            plan.meeting._history_date = self._moment(plan.day, plan.meeting.pk, after=plan.at)
            plan.meeting._history_user = plan.lead
        Meeting.objects.bulk_update([plan.meeting for plan in done], ["status"])
        Meeting.history.bulk_history_create([plan.meeting for plan in done], update=True)
        self.created["meetings"] += len(meetings)

    def _place(self, plan: Planned) -> str:
        phase = "primary" if plan.pupil.year_group <= 6 else "secondary"
        return self.rng.choice(PLACES.get(plan.kind) or PLACES[phase])

    def _alternatives(self, plan: Planned) -> str:
        if plan.kind not in (MeetingType.SEN_REVIEW, MeetingType.ANNUAL_REVIEW) or self.rng.random() < 0.4:
            return ""
        others = []
        for offset in (2, 7):
            day = plan.day + timedelta(days=offset)
            day = day if is_school_day(day) else next_school_day(day)
            others.append(f"{when.day(day)} at {self.rng.choice(('8:15am', '9:15am', '3:30pm', '4pm'))}")
        return "\n".join(others)

    def _invitees(self) -> None:
        rows, when = [], []
        for plan in self._all_plans():
            people = self._people(plan)
            rows += people
            when += [(plan.meeting.created_at, plan.booked_by)] * len(people)
        invitees = Invitee.objects.bulk_create(rows)
        for invitee, (moment, user) in zip(invitees, when, strict=True):
            invitee._history_date, invitee._history_user = moment, user
        Invitee.history.bulk_history_create(invitees)
        self.created["meeting invitations"] += len(invitees)

    def _people(self, plan: Planned) -> list[Invitee]:
        rng, pupil, kind, meeting = self.rng, plan.pupil, plan.kind, plan.meeting
        family = self.families[pupil.pk]
        formal = kind in (MeetingType.SEN_REVIEW, MeetingType.ANNUAL_REVIEW, MeetingType.REVIEW_DAY)
        carers = [link for link in family.invited if link.relationship != "social_worker"]
        links = family.invited if formal else carers if kind == MeetingType.PARENTS_EVENING else carers[:1]
        people = []
        for link in links:
            social_worker = link.relationship == "social_worker"
            people.append(
                Invitee(
                    meeting=meeting,
                    kind=InviteeKind.OTHER if social_worker else InviteeKind.PARENT,
                    parent=link.parent,
                    role=link.get_relationship_display(),
                )
            )
        staff = []
        if formal:
            chance = 1 if kind == MeetingType.ANNUAL_REVIEW else 0.3 if kind == MeetingType.REVIEW_DAY else 0.7
            for user in (pupil.class_teacher, pupil.key_worker):
                if user and rng.random() < chance:
                    staff.append(user)
        if kind in (MeetingType.ANNUAL_REVIEW, MeetingType.PARENTS_EVENING) and rng.random() < 0.5:
            staff.append(self.senco)
        seen = {plan.lead.pk}
        for user in staff:
            if user.pk not in seen:
                seen.add(user.pk)
                people.append(Invitee(meeting=meeting, kind=InviteeKind.STAFF, user=user, role=self._role(user, pupil)))
        secondary = pupil.year_group >= 7
        if kind == MeetingType.ANNUAL_REVIEW or (
            kind == MeetingType.SEN_REVIEW and rng.random() < (0.5 if secondary else 0.15)
        ):
            people.append(Invitee(meeting=meeting, kind=InviteeKind.PUPIL, role="Pupil"))
        professional_chance = {MeetingType.ANNUAL_REVIEW: 0.85, MeetingType.SEN_REVIEW: 0.25}.get(kind, 0)
        if family.professionals and rng.random() < professional_chance:
            name, role = rng.choice(family.professionals)
            people.append(Invitee(meeting=meeting, kind=InviteeKind.PROFESSIONAL, name=name, role=role))
        if meeting.interpreter_language:
            people.append(
                Invitee(
                    meeting=meeting,
                    kind=InviteeKind.INTERPRETER,
                    name="Community interpreting service",
                    role=f"{meeting.interpreter_language} interpreter",
                )
            )
        for person in people:
            person.attendance = self._attendance(plan, person)
        return people

    def _role(self, user: User, pupil: Pupil) -> str:
        if user == pupil.class_teacher and pupil.year_group >= 7:
            return f"Form tutor ({pupil.form})"
        if user == pupil.key_worker and user.role == Role.STAFF:
            return f"Key worker; {user.job_title[:1].lower()}{user.job_title[1:]}" if user.job_title else "Key worker"
        return user.job_title or "Staff"

    def _attendance(self, plan: Planned, person: Invitee) -> str:
        if plan.status == MeetingStatus.DID_NOT_ATTEND:
            return Attendance.ABSENT if person.kind == InviteeKind.PARENT else Attendance.PRESENT
        if plan.status != MeetingStatus.HELD:
            return Attendance.EXPECTED
        roll = self.rng.random()
        if person.kind == InviteeKind.PARENT and person.role != "Mother" and roll < 0.3:
            return Attendance.APOLOGIES
        if person.kind in (InviteeKind.PROFESSIONAL, InviteeKind.PUPIL) and roll < 0.2:
            return Attendance.APOLOGIES
        return Attendance.PRESENT

    # Records, targets reviewed and action points

    def _words(self, plan: Planned) -> dict:
        return self.families[plan.pupil.pk].words | {"lead": self._display(plan.lead)}

    def _fill(self, record: MeetingRecord, plan: Planned) -> None:
        rng, words = self.rng, self._words(plan)
        family = self.families[plan.pupil.pk]

        def say(pool) -> str:
            return sentence(rng.choice(pool).format(**words))

        if plan.kind in (MeetingType.TELEPHONE, MeetingType.INFORMAL):
            record.parent_views = say(CALLS)
            record.summary = "No changes to the support for now. We will talk again at the next review."
            return
        record.parent_views = say(PARENT_VIEWS)
        pupil_there = plan.kind == MeetingType.ANNUAL_REVIEW or rng.random() < 0.4
        record.pupil_views = say(PUPIL_VIEWS) if pupil_there else ""
        record.staff_views = say(STAFF_VIEWS)
        record.main_issue = say(MAIN_ISSUES[family.areas[0]])
        if plan.record == "draft" and rng.random() < 0.6:
            return  # still being written up
        record.support_agreed = say(SUPPORT_AGREED[rng.choice(family.areas)])
        record.summary = say(SUMMARIES)
        record.follow_up_offered = rng.random() < 0.1
        if plan.next:
            record.next_meeting_on = plan.next.day
            record.next_meeting = plan.next.meeting

    def _records(self) -> None:
        plans = [plan for plan in self._all_plans() if plan.record and plan.held and not plan.showcase]
        records = []
        for plan in plans:
            record = MeetingRecord(meeting=plan.meeting, status=RecordStatus.DRAFT)
            self._fill(record, plan)
            plan.record_obj = record
            records.append(record)
        records = MeetingRecord.objects.bulk_create(records)
        for plan, record in zip(plans, records, strict=True):
            record._history_date = self._moment(plan.day, record.pk, after=plan.at)
            record._history_user = plan.lead
            record.updated_at = record._history_date
        MeetingRecord.objects.bulk_update(records, ["updated_at"])
        MeetingRecord.history.bulk_history_create(records)
        self._outcome_reviews(plans)
        self._action_points(plans)
        final = [plan for plan in plans if plan.record in ("finalised", "shared")]
        for plan in final:
            record = plan.record_obj
            written = plan.day + timedelta(days=self.rng.randint(1, 6))
            record.status = RecordStatus.FINALISED
            record._history_date = self._moment(min(written, self.today), record.pk)
            record.updated_at = record._history_date
        MeetingRecord.objects.bulk_update([plan.record_obj for plan in final], ["status", "updated_at"])
        MeetingRecord.history.bulk_history_create([plan.record_obj for plan in final], update=True)
        versions = []
        for plan in final:
            record = plan.record_obj
            shared = plan.record == "shared"
            shared_at = record.updated_at + timedelta(days=self.rng.choice((0, 0, 1, 2)), minutes=20)
            versions.append(
                RecordVersion(
                    record=record,
                    number=1,
                    content=snapshot(record),
                    finalised_at=record.updated_at,
                    finalised_by=plan.lead,
                    shared_at=min(shared_at, self.now) if shared else None,
                    shared_by=(plan.lead if self.rng.random() < 0.7 else self.senco) if shared else None,
                )
            )
        RecordVersion.objects.bulk_create(versions)
        Meeting.objects.filter(pk__in=[plan.record_obj.meeting_id for plan in final]).note_record_shared()
        self.created["meeting records"] += len(records)

    def _reviewable(self, plan: Planned) -> list[Outcome]:
        """The pupil's targets that were set by the meeting, and not finished before it."""
        return [
            outcome
            for outcome in plan.pupil.outcomes.all()
            if timezone.localtime(outcome.created_at).date() <= plan.day
            and (outcome.status == OutcomeStatus.IN_PROGRESS or outcome.review_date >= plan.day)
        ]

    def _outcome_reviews(self, plans: list[Planned]) -> None:
        rng, reviews = self.rng, []
        for plan in plans:
            if plan.kind not in COUNTING:
                continue
            words = self._words(plan)
            for outcome in self._reviewable(plan):
                finished = outcome.status != OutcomeStatus.IN_PROGRESS and outcome.review_date <= plan.day
                status = outcome.status if finished else OutcomeStatus.IN_PROGRESS
                progress = "" if plan.record == "draft" else sentence(rng.choice(PROGRESS[status]).format(**words))
                review = OutcomeReview(record=plan.record_obj, outcome=outcome, progress=progress, status_after=status)
                review._history_date, review._history_user = plan.record_obj._history_date, plan.lead
                reviews.append(review)
        OutcomeReview.history.bulk_history_create(OutcomeReview.objects.bulk_create(reviews))

    def _action_points(self, plans: list[Planned]) -> None:
        rng, actions, outcomes = self.rng, [], []
        for plan in plans:
            if plan.record == "draft" and rng.random() < 0.5:
                continue
            count = rng.randint(1, 3) if plan.kind in COUNTING else int(rng.random() < 0.3)
            for owner in rng.sample(list(ACTIONS), count):
                action, finished = self._action(plan, owner)
                action._history_date, action._history_user = plan.record_obj._history_date, plan.lead
                actions.append(action)
                outcomes.append(finished)
        actions = ActionPoint.objects.bulk_create(actions)
        ActionPoint.history.bulk_history_create(actions)
        done = []
        for action, finished in zip(actions, outcomes, strict=True):
            if finished:
                (action.status, action.completed_on), on = finished
                action._history_date = self._moment(on, action.pk)
                action._history_user = action.owner_staff or action.meeting.led_by
                done.append(action)
        ActionPoint.objects.bulk_update(done, ["status", "completed_on"])
        ActionPoint.history.bulk_history_create(done, update=True)
        self.created["action points"] += len(actions)

    def _action(self, plan: Planned, owner: str) -> tuple[ActionPoint, tuple | None]:
        """An action point, and ((status, completed on), when) if it has been done or dropped since."""
        rng, family = self.rng, self.families[plan.pupil.pk]
        if owner == ActionOwner.PARENT and not family.first_parent:
            owner = ActionOwner.SCHOOL
        staff = None
        if owner == ActionOwner.SCHOOL:
            staff = rng.choice([plan.lead, *family.colleagues[:2]])
        due = plan.day + timedelta(days=rng.choice((7, 14, 14, 21, 28, 42, 56)))
        action = ActionPoint(
            meeting=plan.meeting,
            description=sentence(rng.choice(ACTIONS[owner]).format(**self._words(plan))),
            owner=owner,
            owner_staff=staff,
            owner_parent=family.first_parent.parent if owner == ActionOwner.PARENT else None,
            due_on=due,
        )
        if due < self.today and rng.random() < 0.9:
            finished = max(min(due - timedelta(days=rng.randint(0, 10)), self.today), plan.day + timedelta(days=1))
            if rng.random() < 0.93:
                return action, ((ActionStatus.DONE, finished), finished)
            return action, ((ActionStatus.DROPPED, None), finished)
        if due >= self.today and rng.random() < 0.2 and plan.day + timedelta(days=2) < self.today:
            return action, ((ActionStatus.DONE, self.today - timedelta(days=1)), self.today - timedelta(days=1))
        return action, None

    # Through the real workflow

    HISTORIES = (Meeting, Invitee, MeetingRecord, OutcomeReview, ActionPoint, Outcome, ProgressNote)

    def _history_mark(self) -> dict:
        return {model: model.history.aggregate(last=Max("history_id"))["last"] or 0 for model in self.HISTORIES}

    def _redate_history(self, mark: dict, when: datetime, user: User, reason: str = "") -> None:
        """History rows the workflow functions wrote since `mark`, dated and signed as if done at `when` by `user`."""
        for model, last in mark.items():
            model.history.filter(history_id__gt=last).update(
                history_date=when, history_user=user, history_change_reason=reason
            )

    def _cancel_and_rearrange(self) -> None:
        for plan in self._all_plans():
            if plan.cancel_because:
                meeting = plan.meeting
                reason = plan.cancel_because.format(**self._words(plan))
                cancelled_on = max(plan.invited_on, plan.day - timedelta(days=self.rng.randint(1, 4)))
                meeting._history_date = self._moment(cancelled_on, meeting.pk)
                meeting._history_user = plan.lead
                cancel(meeting, reason)
            if plan.rearrange_to:
                mark = self._history_mark()
                day = plan.rearrange_to
                starts_at = timezone.make_aware(datetime.combine(day, plan.at))
                reason = ""
                if compliance.is_short_notice(self.today, day):
                    reason = "Moved at the family's request to a date that suits them; agreed by phone."
                new = rearrange(plan.meeting, starts_at, plan.lead, short_notice_reason=reason)
                self._redate_history(
                    mark, self._moment(self.today, new.pk), plan.lead, "Rearranged at the family's request"
                )
                self.created["meetings"] += 1

    def _showcase_record(self) -> None:
        for plan in self._all_plans():
            if not plan.showcase:
                continue
            mark = self._history_mark()
            record = start_record(plan.meeting)
            self._fill(record, plan)
            if not record.next_meeting:  # finalising proposes the follow-up meeting agreed for next term
                record.next_meeting_on = plan.follow_up_on
            record.save()
            words = self._words(plan)
            for review in record.outcome_reviews.all():
                review.progress = sentence(self.rng.choice(PROGRESS[OutcomeStatus.IN_PROGRESS]).format(**words))
                review.save(update_fields=["progress"])
            for owner in (ActionOwner.PARENT, ActionOwner.PUPIL, ActionOwner.SCHOOL):
                action, _ = self._action(plan, owner)
                action.due_on = max(action.due_on, self.today + timedelta(days=7))
                action.save()
            written = min(working_day(plan.day + timedelta(days=2)), self.today)
            version = finalise(record, plan.lead)
            version = share(version, self.senco)
            finalised_at = self._moment(written, version.pk)
            shared_at = min(finalised_at + timedelta(hours=1), self.now)
            RecordVersion.objects.filter(pk=version.pk).update(finalised_at=finalised_at, shared_at=shared_at)
            # Shared without sending (no signal): the demo's families are counted as having it.
            Meeting.objects.filter(pk=record.meeting_id).update(
                record_shared_at=shared_at, record_delivered_at=shared_at
            )
            follow_up = MeetingRecord.objects.get(pk=record.pk).next_meeting
            if follow_up:
                Meeting.objects.filter(pk=follow_up.pk).update(invited_on=written, created_at=finalised_at)
                Meeting.history.filter(id=follow_up.pk).update(invited_on=written, created_at=finalised_at)
                self.created["meetings"] += 1
            self._redate_history(mark, finalised_at, plan.lead)
            self.created["meeting records"] += 1
            self.created["action points"] += 3
