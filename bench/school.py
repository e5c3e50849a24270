"""A large school for the benchmarks, written fast: every table in bulk, a few thousand rows per INSERT.

    .venv/bin/python bench/school.py PUPILS [MEETINGS_PER_PUPIL]   # into senco_bench_school_<PUPILS>

For PUPILS pupils on the SEND register (2,000 by default) it writes about 1.75 parents or carers per pupil
(3,500 for 2,000 pupils; half of them with portal accounts), 80 staff, three targets and two kinds of provision
per pupil, and MEETINGS_PER_PUPIL meetings each (10 by default: about 20,000) spread over three academic years
(the last two and this one so far, plus some booked in the coming weeks). Each meeting has its invitees; each
held meeting a record, finalised and shared with a locked version, and two action points; each meeting the
notice its parents were sent. Each family has six contacts logged over the years, some good news and some
concerns with their responses. The pupils' change history is written too (the timeline reads it).

Seeded, so the same size gives the same school. Rows are plain bulk inserts: no signals, no per-row history
other than the pupils'; the pages read the same tables the real workflow writes.
"""

import json
import random
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEED = 20261125
STAFF_DOMAIN = "bench.example"
PASSWORD = "bench-password-123"
BATCH = 2000
TEACHERS = 60
ASSISTANTS = 20
TEN_MINUTES = timedelta(minutes=10)  # a review day's appointments

# Names and a record's words come from the demo school's content (demo/content/*.json), so the two schools read
# alike. Read as plain JSON: nothing outside demo/ imports the demo's code.
DEMO_CONTENT = Path(__file__).resolve().parent.parent / "demo" / "content"


def demo_words(name: str) -> dict:
    return json.loads((DEMO_CONTENT / f"{name}.json").read_text(encoding="utf-8"))


BACKGROUNDS = list(demo_words("families")["backgrounds"].values())
FIRST_NAMES = [name for background in BACKGROUNDS for name in background["boys"] + background["girls"]]
LAST_NAMES = [name for background in BACKGROUNDS for name in background["surnames"]]
MOTHERS = [name for background in BACKGROUNDS for name in background["women"]]
FATHERS = [name for background in BACKGROUNDS for name in background["men"]]
ADULTS = MOTHERS + FATHERS  # staff
NEEDS = ["SPLD", "MLD", "SEMH", "SLCN", "ASD", "HI", "VI", "PD", "OTH"]
# One record text for every section: the demo's closing summaries that need no names filled in.
TEXT = " ".join(summary for summary in demo_words("meetings")["summaries"] if "{" not in summary)


def at(day: date, hour: int, minute: int = 0):
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, clock(hour, minute)))


def weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


class Builder:
    def __init__(self, pupils: int, meetings_per_pupil: int, today: date):
        self.size, self.per_pupil, self.today = pupils, meetings_per_pupil, today
        self.rng = random.Random(SEED)
        self.created: Counter[str] = Counter()

    def bulk(self, model, rows: list, label: str) -> list:
        done = model.objects.bulk_create(rows, batch_size=BATCH)
        self.created[label] += len(done)
        return done

    def build(self) -> Counter:
        from django.db import transaction

        with transaction.atomic():
            self.staff()
            self.pupils()
            self.families()
            self.targets_and_provision()
            self.provision_map()
            self.meetings()
            self.records()
            self.notices()
            self.contacts()
            self.review_day()
            self.support_plans()
        return self.created

    def staff(self) -> None:
        from django.contrib.auth.hashers import make_password

        from accounts.models import Role, User

        self.hashed = make_password(PASSWORD)  # one hash for everyone: hashing each would take minutes

        def person(email, first, last, role, title=""):
            return User(email=email, first_name=first, last_name=last, role=role, job_title=title, password=self.hashed)

        rows = [
            person(f"senco@{STAFF_DOMAIN}", "Sam", "Senco", Role.SENCO, "SENCO"),
            person(f"office@{STAFF_DOMAIN}", "Olu", "Office", Role.OFFICE, "Office manager"),
            person(f"head@{STAFF_DOMAIN}", "Hana", "Head", Role.HEAD, "Head teacher"),
        ]
        rows += [
            person(f"teacher{n}@{STAFF_DOMAIN}", self.rng.choice(ADULTS), f"Teacher{n}", Role.STAFF, "Teacher")
            for n in range(TEACHERS)
        ]
        rows += [
            person(f"ta{n}@{STAFF_DOMAIN}", self.rng.choice(ADULTS), f"Assistant{n}", Role.STAFF, "TA")
            for n in range(ASSISTANTS)
        ]
        users = self.bulk(User, rows, "staff accounts")
        self.senco, self.office = users[0], users[1]
        self.teachers, self.assistants = users[3 : 3 + TEACHERS], users[3 + TEACHERS :]

    def pupils(self) -> None:
        from pupils.models import Pupil, SenStatus

        rng, rows = self.rng, []
        statuses = [SenStatus.SEN_SUPPORT] * 60 + [SenStatus.EHC_PLAN] * 15 + [SenStatus.MONITORING] * 25
        for n in range(self.size):
            year = rng.randint(0, 11)
            status = rng.choice(statuses)
            need = rng.choice(NEEDS) if status != SenStatus.MONITORING else ""
            born = date(self.today.year - year - 5, rng.randint(1, 12), rng.randint(1, 28))
            rows.append(
                Pupil(
                    legal_first_name=rng.choice(FIRST_NAMES),
                    legal_last_name=f"{rng.choice(LAST_NAMES)}{n}",
                    date_of_birth=born,
                    year_group=year,
                    form=f"{year}{'ABCD'[n % 4]}",
                    sen_status=status,
                    primary_need=need,
                    added_to_register_on=self.today - timedelta(days=rng.randint(400, 1600)),
                    class_teacher=self.teachers[n % TEACHERS],
                    key_worker=self.assistants[n % ASSISTANTS] if status == SenStatus.EHC_PLAN else None,
                )
            )
        self.pupil_rows = self.bulk(Pupil, rows, "pupils")
        for pupil in self.pupil_rows:
            pupil._history_date, pupil._history_user = at(pupil.added_to_register_on, 9), self.senco
        Pupil.history.bulk_history_create(self.pupil_rows, batch_size=BATCH)

    def families(self) -> None:
        from accounts.models import Role, User
        from pupils.models import ParentCarer, PupilParent

        rng, parents, owners = self.rng, [], []
        for n, pupil in enumerate(self.pupil_rows):
            surname = pupil.legal_last_name
            parents.append((n, "Mrs", rng.choice(MOTHERS), surname, "mother"))
            if rng.random() < 0.75:
                parents.append((n, "Mr", rng.choice(FATHERS), surname, "father"))
        accounts = [
            User(
                email=f"parent{k}@home.example",
                first_name=first,
                last_name=last,
                role=Role.PARENT,
                password=self.hashed,
            )
            for k, (_, _, first, last, _) in enumerate(parents)
            if k % 2 == 0
        ]
        accounts = iter(self.bulk(User, accounts, "parent accounts"))
        rows = []
        for k, (n, title, first, last, relationship) in enumerate(parents):
            rows.append(
                ParentCarer(
                    title=title,
                    first_name=first,
                    last_name=last,
                    email=f"parent{k}@home.example",
                    mobile_phone=f"07700 {k:06d}",
                    user=next(accounts) if k % 2 == 0 else None,
                )
            )
            owners.append((n, relationship))
        self.parent_rows = self.bulk(ParentCarer, rows, "parents and carers")
        links = [
            PupilParent(pupil=self.pupil_rows[n], parent=parent, relationship=relationship, contact_order=order)
            for (n, relationship), parent, order in zip(
                owners, self.parent_rows, [1 if r == "mother" else 2 for _, r in owners], strict=True
            )
        ]
        self.bulk(PupilParent, links, "parent links")
        self.parents_of: dict[int, list] = {}
        for (n, _), parent in zip(owners, self.parent_rows, strict=True):
            self.parents_of.setdefault(n, []).append(parent)

    def targets_and_provision(self) -> None:
        from pupils.models import Outcome, OutcomeStatus, Provision

        outcomes, provision = [], []
        for n, pupil in enumerate(self.pupil_rows):
            for k in range(3):
                outcomes.append(
                    Outcome(
                        pupil=pupil,
                        description=f"Target {k + 1}: read a short text aloud and retell it in their own words.",
                        success_measure="Three times in a row, with one prompt or fewer.",
                        who_helps="Class teacher and TA",
                        review_date=self.today + timedelta(days=30 * (k + 1)),
                        status=OutcomeStatus.IN_PROGRESS,
                    )
                )
            for k in range(2):
                provision.append(
                    Provision(
                        pupil=pupil,
                        intervention=("Precision teaching", "Lego therapy")[k],
                        frequency="3 times a week, 20 minutes",
                        group_size=1 + k * 3,
                        staff=self.assistants[(n + k) % ASSISTANTS],
                        start_date=self.today - timedelta(days=120),
                    )
                )
        self.outcome_rows = self.bulk(Outcome, outcomes, "targets")
        self.bulk(Provision, provision, "provision")

    def provision_map(self) -> None:
        """The school's provision map: 60 interventions at 2,000 pupils (3 for every 100), each with groups this
        term and last term, holding 1,500 pupils this term (three in four) and as many last term, whose places have
        entry and exit scores: the map (this term) and the impact report (the last twelve months) read them all."""
        from provision.models import GroupPlace, GroupSession, Intervention, InterventionGroup, Measure, StaffCostBand
        from school.years import academic_year_of

        rng = self.rng
        bands = self.bulk(
            StaffCostBand,
            [StaffCostBand(name=f"Band {n}", hourly_rate=Decimal(16 + 6 * n)) for n in range(5)],
            "staff cost bands",
        )
        kinds = ["reading", "writing", "maths", "speech_language", "social_skills", "emotional_support", "motor_skills"]
        interventions = self.bulk(
            Intervention,
            [
                Intervention(
                    name=f"Intervention {n}",
                    kind=kinds[n % len(kinds)],
                    wave=1 + n % 3,
                    needs=[NEEDS[n % len(NEEDS)], NEEDS[(n + 3) % len(NEEDS)]],
                    cost_band=bands[n % len(bands)],
                    resource_cost_per_term=Decimal(10 * (n % 7)),
                    group_size=(1, 4, 6, 8)[n % 4],
                )
                for n in range(max(6, self.size * 3 // 100))
            ],
            "interventions",
        )
        term = academic_year_of(self.today).term_of(self.today)
        this_term = term.teaching_days
        last_term = (this_term[0] - timedelta(weeks=14), this_term[0] - timedelta(weeks=2))
        in_groups = self.pupil_rows[: self.size * 3 // 4]
        groups, places = [], []
        for first, last in (last_term, this_term):
            waiting = list(in_groups)
            rng.shuffle(waiting)
            n = 0
            while waiting:
                intervention = interventions[n % len(interventions)]
                members, waiting = waiting[: intervention.group_size], waiting[intervention.group_size :]
                group = InterventionGroup(
                    intervention=intervention,
                    name=f"Group {n}",
                    led_by=self.assistants[n % ASSISTANTS],
                    room=f"Room {n % 12}",
                    starts_on=first,
                    ends_on=last,
                )
                groups.append((group, members))
                n += 1
        saved = self.bulk(InterventionGroup, [group for group, _ in groups], "intervention groups")
        sessions = []
        for group, (_, members) in zip(saved, groups, strict=True):
            for k in range(1 + group.pk % 3):
                sessions.append(
                    GroupSession(
                        group=group, weekday=(group.pk + 2 * k) % 5, starts_at=clock(9 + 2 * k, 10), minutes=30
                    )
                )
            places += [GroupPlace(group=group, pupil=pupil, joined_on=group.starts_on) for pupil in members]
        self.bulk(GroupSession, sessions, "weekly sessions")
        place_rows = self.bulk(GroupPlace, places, "places in groups")
        measures = []
        for place in place_rows:
            entry = rng.randint(70, 100)
            measures.append(
                Measure(place=place, kind="entry", score=entry, unit="standardised", taken_on=place.joined_on)
            )
            if place.group.ends_on < self.today:
                exit_ = entry + rng.randint(-3, 10)
                measures.append(
                    Measure(place=place, kind="exit", score=exit_, unit="standardised", taken_on=place.group.ends_on)
                )
        self.bulk(Measure, measures, "entry and exit scores")

    def _days(self) -> list[date]:
        """MEETINGS_PER_PUPIL school days over the last two academic years and this one, the last few ahead."""
        from school.years import academic_year_of

        first = academic_year_of(self.today).start.replace(year=academic_year_of(self.today).start.year - 2)
        span = (self.today + timedelta(days=42) - first).days
        step = span / self.per_pupil
        return [
            weekday(first + timedelta(days=int(k * step + self.rng.uniform(0, step * 0.8))))
            for k in range(self.per_pupil)
        ]

    def meetings(self) -> None:
        from meetings.models import Attendance, Invitee, InviteeKind, Meeting, MeetingStatus, MeetingType

        rng, plans = self.rng, []
        for pupil in self.pupil_rows:
            for k, day in enumerate(self._days()):
                kind = rng.choice([MeetingType.SEN_REVIEW] * 6 + [MeetingType.REVIEW_DAY, MeetingType.TELEPHONE])
                if pupil.sen_status == "E" and k % 3 == 1:  # about once a year: the plan's annual review
                    kind = MeetingType.ANNUAL_REVIEW
                if day > self.today:
                    status = rng.choice([MeetingStatus.CONFIRMED, MeetingStatus.PROPOSED])
                else:
                    status = rng.choice([MeetingStatus.HELD] * 18 + [MeetingStatus.DID_NOT_ATTEND])
                lead = self.senco if rng.random() < 0.5 else pupil.class_teacher
                plans.append(
                    Meeting(
                        pupil=pupil,
                        meeting_type=kind,
                        starts_at=at(day, rng.randint(8, 15), rng.choice((0, 15, 30, 45))),
                        duration_minutes={MeetingType.SEN_REVIEW: 45, MeetingType.ANNUAL_REVIEW: 60}.get(kind, 20),
                        place="SENCO office, by the main entrance",
                        purpose="To review how things are going and agree the next steps together.",
                        led_by=lead,
                        invited_on=day - timedelta(days=21),
                        status=status,
                        created_by=self.senco,
                    )
                )
        self.meeting_rows = self.bulk(Meeting, plans, "meetings")
        invitees = []
        for meeting in self.meeting_rows:
            n = self.pupil_index[meeting.pupil_id]
            present = Attendance.PRESENT if meeting.status == MeetingStatus.HELD else Attendance.EXPECTED
            for parent in self.parents_of[n]:
                invitees.append(
                    Invitee(meeting=meeting, kind=InviteeKind.PARENT, parent=parent, role="Parent", attendance=present)
                )
            teacher = self.pupil_rows[n].class_teacher
            invitees.append(
                Invitee(meeting=meeting, kind=InviteeKind.STAFF, user=teacher, role="Class teacher", attendance=present)
            )
        self.bulk(Invitee, invitees, "invitees")

    @property
    def pupil_index(self) -> dict[int, int]:
        if not hasattr(self, "_pupil_index"):
            self._pupil_index = {pupil.pk: n for n, pupil in enumerate(self.pupil_rows)}
        return self._pupil_index

    def _content(self, meeting, parents, actions) -> dict:
        from django.utils import timezone

        teacher = self.pupil_rows[self.pupil_index[meeting.pupil_id]].class_teacher
        return {
            "pupil": self.pupil_rows[self.pupil_index[meeting.pupil_id]].full_name,
            "meeting_type": meeting.get_meeting_type_display(),
            "starts_at": timezone.localtime(meeting.starts_at).isoformat(),
            "duration_minutes": meeting.duration_minutes,
            "place": meeting.place,
            "purpose": meeting.purpose,
            "led_by": meeting.led_by.get_full_name(),
            "chaired_by": meeting.led_by.get_full_name(),
            "attendance": [{"name": p.full_name, "role": "Parent", "attendance": "Present"} for p in parents]
            + [{"name": teacher.get_full_name(), "role": "Class teacher", "attendance": "Present"}],
            "explore": {"parent_views": TEXT, "pupil_views": TEXT[:120], "staff_views": TEXT},
            "focus": {"main_issue": "Reading fluency and lunchtime transitions."},
            "plan": {
                "outcomes": [],
                "support_agreed": "Precision teaching three times a week; a visual timetable at lunchtime.",
                "action_points": [
                    {
                        "what": a.description,
                        "who": a.owner_label,
                        "owner": a.get_owner_display(),
                        "by_when": str(a.due_on),
                    }
                    for a in actions
                ],
            },
            "review": {"summary": TEXT, "next_meeting_on": None, "follow_up_offered": True},
            "signposts": [],
        }

    def records(self) -> None:
        from meetings.models import (
            ActionOwner,
            ActionPoint,
            ActionStatus,
            Meeting,
            MeetingRecord,
            MeetingStatus,
            RecordStatus,
            RecordVersion,
        )

        held = [m for m in self.meeting_rows if m.status == MeetingStatus.HELD]
        recent = self.today - timedelta(days=14)
        records, actions = [], []
        for meeting in held:
            draft = meeting.starts_at.date() > recent
            records.append(
                MeetingRecord(
                    meeting=meeting,
                    parent_views=TEXT,
                    pupil_views=TEXT[:120],
                    staff_views=TEXT,
                    main_issue="Reading fluency and lunchtime transitions.",
                    support_agreed="Precision teaching three times a week; a visual timetable at lunchtime.",
                    summary=TEXT,
                    follow_up_offered=True,
                    status=RecordStatus.DRAFT if draft else RecordStatus.FINALISED,
                )
            )
            n = self.pupil_index[meeting.pupil_id]
            due = meeting.starts_at.date() + timedelta(days=30)
            done = due < self.today - timedelta(days=30)
            for owner in (ActionOwner.SCHOOL, ActionOwner.PARENT):
                action = ActionPoint(
                    meeting=meeting,
                    description="Send home the reading book each Friday."
                    if owner == ActionOwner.PARENT
                    else "Set up precision teaching and share the first week's results.",
                    owner=owner,
                    owner_staff=self.pupil_rows[n].class_teacher if owner == ActionOwner.SCHOOL else None,
                    owner_parent=self.parents_of[n][0] if owner == ActionOwner.PARENT else None,
                    due_on=due,
                    status=ActionStatus.DONE if done else ActionStatus.OPEN,
                    completed_on=due if done else None,
                )
                action.owner_label = (
                    self.pupil_rows[n].class_teacher.get_full_name()
                    if owner == ActionOwner.SCHOOL
                    else self.parents_of[n][0].full_name
                )
                actions.append(action)
        records = self.bulk(MeetingRecord, records, "meeting records")
        self.bulk(ActionPoint, actions, "action points")
        by_meeting: dict[int, list] = {}
        for action in actions:
            by_meeting.setdefault(action.meeting_id, []).append(action)
        versions = []
        for record, meeting in zip(records, held, strict=True):
            if record.status != RecordStatus.FINALISED:
                continue
            finalised = meeting.starts_at + timedelta(days=2)
            parents = self.parents_of[self.pupil_index[meeting.pupil_id]]
            versions.append(
                RecordVersion(
                    record=record,
                    number=1,
                    content=self._content(meeting, parents, by_meeting[meeting.pk]),
                    finalised_at=finalised,
                    finalised_by=self.senco,
                    shared_at=finalised + timedelta(hours=2),
                    shared_by=self.senco,
                )
            )
        self.bulk(RecordVersion, versions, "record versions (shared)")
        Meeting.objects.note_record_shared()

    def notices(self) -> None:
        """The two-week notice each meeting's first parent was sent (the timeline lists messages sent)."""
        from meetings.notices import MeetingMessageKind
        from notices.models import Message, MessageStatus

        rows = []
        for meeting in self.meeting_rows:
            parent = self.parents_of[self.pupil_index[meeting.pupil_id]][0]
            sent = at(meeting.invited_on, 16)
            rows.append(
                Message(
                    meeting=meeting,
                    kind=MeetingMessageKind.NOTICE,
                    parent=parent,
                    due_at=sent,
                    for_starts_at=meeting.starts_at,
                    expires_at=meeting.starts_at,
                    next_attempt_at=sent,
                    status=MessageStatus.SENT,
                    attempts=1,
                    claimed_at=sent,
                    sent_at=sent,
                    recipient_name=parent.full_name,
                    recipient_address=parent.email,
                    subject="Meeting about your child",
                    body_text=TEXT,
                )
            )
        self.bulk(Message, rows, "notices sent")

    def contacts(self) -> None:
        """Six contacts with each family over the three years, the last few in the past weeks: one in four good
        news, one in eight a concern (answered within a day, most of them; the newest few still open)."""
        from contacts.models import Channel, Concern, Contact, Direction

        rng, contacts, concerns = self.rng, [], []
        first = self.today - timedelta(days=3 * 365)
        for n, pupil in enumerate(self.pupil_rows):
            for k in range(6):
                day = weekday(first + timedelta(days=int((k + rng.random()) * 3 * 365 / 6)))
                day = (
                    min(day, self.today - timedelta(days=1))
                    if k < 5
                    else self.today - timedelta(days=rng.randint(0, 20))
                )
                concern = rng.random() < 0.125
                contacts.append(
                    Contact(
                        pupil=pupil,
                        parent=self.parents_of[n][0],
                        channel=rng.choice(list(Channel.values)),
                        direction=Direction.FROM_FAMILY if concern else rng.choice(list(Direction.values)),
                        happened_at=at(day, rng.randint(8, 16), rng.choice((0, 15, 30, 45))),
                        recorded_by=pupil.class_teacher or self.senco,
                        summary="Talked about how the week went and what helps at home.",
                        is_positive_news=not concern and rng.random() < 0.3,
                        raises_concern=concern,
                    )
                )
        contacts = self.bulk(Contact, contacts, "contacts with families")
        for contact in contacts:
            if not contact.raises_concern:
                continue
            due = Concern.due_after(contact.happened_at)
            answered = due < at(self.today, 8) and rng.random() < 0.97
            responded = contact.happened_at + timedelta(hours=rng.choice((2, 5, 20, 23, 30))) if answered else None
            concerns.append(
                Concern(
                    contact=contact,
                    assigned_to=contact.recorded_by,
                    due_at=due,
                    responded_at=responded,
                    responded_by=contact.recorded_by if answered else None,
                    response_summary="Rang back and agreed what to try next." if answered else "",
                )
            )
        self.bulk(Concern, concerns, "concerns raised")

    def review_day(self) -> None:
        """A review day three weeks ahead, as the office is booking it: 8 members of staff (the SENCO and seven
        teachers) in their rooms, 10-minute appointments from 8:30 to 15:30 (336), three in four booked (each
        booking its meeting, as booking.rules.book makes it), and every other family invited. The same day at every
        size, as a school's review day does not grow with the register."""
        from booking.models import Booking, Invitation, ReviewDay, ReviewDayStaff, Slot
        from meetings.models import Invitee, InviteeKind, Meeting, MeetingStatus, MeetingType

        on = weekday(self.today + timedelta(days=21))
        day = self.bulk(
            ReviewDay,
            [ReviewDay(date=on, starts_at=clock(8, 30), ends_at=clock(15, 30), slot_minutes=10, created_by=self.senco)],
            "review days",
        )[0]
        staff = [self.senco, *self.teachers[:7]]
        self.bulk(
            ReviewDayStaff,
            [ReviewDayStaff(review_day=day, staff=member, room=f"Room {n}") for n, member in enumerate(staff, 1)],
            "review day staff",
        )
        starts = [at(on, 8, 30) + k * TEN_MINUTES for k in range(42)]
        slots = self.bulk(
            Slot,
            [
                Slot(review_day=day, staff=member, room=f"Room {n}", starts_at=start, ends_at=start + TEN_MINUTES)
                for n, member in enumerate(staff, 1)
                for start in starts
            ],
            "review day slots",
        )
        booked = [slot for k, slot in enumerate(slots) if k % 4 != 3][: self.size // 2]
        pupils = self.pupil_rows[: len(booked)]
        meetings = self.bulk(
            Meeting,
            [
                Meeting(
                    pupil=pupil,
                    meeting_type=MeetingType.REVIEW_DAY,
                    starts_at=slot.starts_at,
                    duration_minutes=10,
                    place=slot.room,
                    purpose="Review day: how things are going, and the next steps.",
                    led_by=slot.staff,
                    invited_on=self.today,
                    status=MeetingStatus.CONFIRMED,
                    created_by=self.office,
                )
                for slot, pupil in zip(booked, pupils, strict=True)
            ],
            "meetings",
        )
        self.bulk(
            Booking,
            [
                Booking(slot=slot, review_day=day, pupil=pupil, meeting=meeting, booked_by=self.office)
                for slot, pupil, meeting in zip(booked, pupils, meetings, strict=True)
            ],
            "review day bookings",
        )
        invitees = []
        for meeting, pupil in zip(meetings, pupils, strict=True):
            invitees += [
                Invitee(meeting=meeting, kind=InviteeKind.PARENT, parent=parent, role="Parent")
                for parent in self.parents_of[self.pupil_index[pupil.pk]]
            ]
            invitees.append(Invitee(meeting=meeting, kind=InviteeKind.STAFF, user=meeting.led_by, role="Staff"))
        self.bulk(Invitee, invitees, "invitees")
        invited = self.pupil_rows[: min(self.size, 2 * len(booked))]
        self.bulk(
            Invitation,
            [Invitation(review_day=day, pupil=pupil, invited_by=self.senco) for pupil in invited],
            "review day invitations",
        )

    def support_plans(self) -> None:
        """Each pupil with SEN support or an EHC plan has a current SEN support plan (finalised a term ago, its
        review ahead) with three outcomes, each with its support; one in five of them a new version in draft."""
        from pupils.models import SenStatus
        from support_plans.models import PlanOutcome, PlanProvision, PlanStatus, SupportPlan

        def plan(pupil, number: int, status: str, previous=None) -> SupportPlan:
            return SupportPlan(
                pupil=pupil,
                number=number,
                status=status,
                starts_on=self.today - timedelta(days=90),
                review_on=self.today + timedelta(days=30),
                aspirations="To read for pleasure, and to join in at lunchtime with friends.",
                needs="Reading fluency; lunchtime transitions.",
                child_views=TEXT[:200],
                parent_views=TEXT[:300],
                barriers="Tiredness in the afternoon: the reading sessions are in the morning.",
                feedback_arrangements="A phone call from the class teacher every half term, and the review meeting.",
                previous=previous,
                written_by=self.senco,
                finalised_at=at(self.today - timedelta(days=90), 15) if status != PlanStatus.DRAFT else None,
                finalised_by=self.senco if status != PlanStatus.DRAFT else None,
            )

        on_plans = [pupil for pupil in self.pupil_rows if pupil.sen_status != SenStatus.MONITORING]
        current = self.bulk(
            SupportPlan, [plan(pupil, 1, PlanStatus.FINALISED) for pupil in on_plans], "support plans (current)"
        )
        drafts = self.bulk(
            SupportPlan,
            [plan(p.pupil, 2, PlanStatus.DRAFT, previous=p) for k, p in enumerate(current) if k % 5 == 0],
            "support plans (draft)",
        )
        outcomes = self.bulk(
            PlanOutcome,
            [
                PlanOutcome(
                    plan=each,
                    order=k,
                    description=f"Outcome {k + 1}: read a short text aloud and retell it in their own words.",
                    baseline="Reads 40 words a minute; retells with prompts.",
                    success_measure="Three times in a row, with one prompt or fewer.",
                    by_when=each.review_on,
                    measured_how="A reading check each half term.",
                    home_actions="Ten minutes of reading together, five evenings a week.",
                    who_helps="Class teacher and TA",
                )
                for each in current + drafts
                for k in range(3)
            ],
            "plan outcomes",
        )
        self.bulk(
            PlanProvision,
            [
                PlanProvision(
                    plan_id=outcome.plan_id,
                    outcome=outcome,
                    what=("Precision teaching", "Lego therapy", "Reading buddy")[outcome.order],
                    frequency="3 times a week",
                    minutes=20,
                    group_size=1 + outcome.order,
                    staff=self.assistants[outcome.plan_id % ASSISTANTS],
                )
                for outcome in outcomes
            ],
            "plan support",
        )


def build(pupils: int, meetings_per_pupil: int = 10, today: date | None = None) -> tuple[Counter, float]:
    """Write the school into the current database; returns what was written and the seconds it took."""
    from django.db import connection
    from django.utils import timezone

    began = time.perf_counter()
    created = Builder(pupils, meetings_per_pupil, today or timezone.localdate()).build()
    with connection.cursor() as cursor:
        # Fresh statistics and a visibility map, as autovacuum soon gives a real school after its inserts: without the
        # map, PostgreSQL can't answer from a covering index alone (`meeting_by_start`) and reads the table's pages.
        cursor.execute("VACUUM ANALYZE")
    return created, time.perf_counter() - began


def main() -> None:
    from bench.common import fresh_database, named, use_database

    pupils = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    per_pupil = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    name = f"senco_bench_school_{pupils}"
    fresh_database(name)
    use_database(name)
    created, seconds = build(pupils, per_pupil)
    print(f"{named(name)}: {', '.join(f'{n} {what}' for what, n in created.items())} in {seconds:.1f} s")


if __name__ == "__main__":
    main()
