"""Contacts with the demo school's families: half a term of everyday calls, notes and good news, concerns answered
(most within 24 hours, a few late), one still open for the class teacher and one overdue for the SENCO.

Safe to run again: if any contact is logged already, nothing is added.
"""

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import Role, User
from contacts import concerns
from contacts.models import Channel, Contact, Direction
from demo import content
from pupils.models import Pupil, PupilParent
from school.calendar import previous_school_day

SEED = 2026
STAFF_DOMAIN = "demo.school.example"

# Words (demo/content/contacts.json); {name} is the pupil's name.
WORDS = content.words("contacts")
GOOD_NEWS = WORDS["good_news"]
EVERYDAY = [(e["channel"], e["direction"], e["note"]) for e in WORDS["everyday"]]
CONCERNS = [(c["concern"], c["response"]) for c in WORDS["concerns"]]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def school_day_before(day: date, days: int) -> date:
    day -= timedelta(days=days)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def build_demo_contacts(today: date | None = None) -> Counter:
    today = today or timezone.localdate()
    if Contact.objects.exists():
        return Counter()
    staff = {user.email: user for user in User.objects.filter(email__endswith=f"@{STAFF_DOMAIN}", is_active=True)}
    senco = staff.get(f"senco@{STAFF_DOMAIN}")
    if senco is None:
        return Counter()
    pupils = list(
        Pupil.objects.on_register()
        .select_related("key_worker", "class_teacher")
        .prefetch_related(Prefetch("parent_links", queryset=PupilParent.objects.select_related("parent")))
        .order_by("upn")
    )
    with transaction.atomic():
        return DemoContacts(pupils, today, senco, staff).write()


class DemoContacts:
    def __init__(self, pupils: list[Pupil], today: date, senco: User, staff: dict[str, User]):
        self.pupils = [p for p in pupils if p.parent_links.all()]
        self.today, self.senco, self.staff = today, senco, staff
        self.random = random.Random(SEED)
        self.created: Counter[str] = Counter()

    def who_works_with(self, pupil: Pupil) -> User:
        for person in (pupil.key_worker, pupil.class_teacher):
            if person is not None and person.role in (Role.SENCO, Role.STAFF):
                return person
        return self.senco

    def log(self, pupil: Pupil, by: User, when: datetime, channel, direction, summary: str, **flags) -> Contact:
        parent = pupil.parent_links.all()[0].parent
        contact = Contact(
            pupil=pupil,
            parent=parent,
            channel=channel,
            direction=direction,
            happened_at=when,
            recorded_by=by,
            summary=summary.format(name=pupil.first_name),
            **flags,
        )
        concerns.log_contact(contact, assigned_to=self.who_works_with(pupil) if contact.raises_concern else None)
        self.created["contacts with families"] += 1
        return contact

    def write(self) -> Counter:
        rng = self.random
        # Good news over the last six weeks: most families hear some, a few have not for a while.
        for pupil in rng.sample(self.pupils, k=min(len(self.pupils), len(self.pupils) * 2 // 3)):
            for _ in range(rng.randint(1, 2)):
                day = school_day_before(self.today, rng.randint(1, 42))
                self.log(
                    pupil,
                    self.who_works_with(pupil),
                    at(day, 15, rng.choice([20, 35, 50])),
                    rng.choice([Channel.PHONE, Channel.DIARY, Channel.FACE_TO_FACE]),
                    Direction.TO_FAMILY,
                    rng.choice(GOOD_NEWS),
                    is_positive_news=True,
                )
        for pupil in rng.sample(self.pupils, k=min(len(self.pupils), 30)):
            channel, direction, summary = rng.choice(EVERYDAY)
            day = school_day_before(self.today, rng.randint(1, 30))
            self.log(pupil, self.who_works_with(pupil), at(day, 8, 45), channel, direction, summary)
        self._concerns(rng)
        return self.created

    def _concerns(self, rng: random.Random) -> None:
        """Answered concerns this term (a few late), one open for the class teacher and one overdue."""
        for n, pupil in enumerate(rng.sample(self.pupils, k=min(len(self.pupils), 12))):
            raised, answer = CONCERNS[n % len(CONCERNS)]
            day = school_day_before(self.today, 3 + n * 4)
            contact = self.log(
                pupil, self.senco, at(day, 9, 10), Channel.PHONE, Direction.FROM_FAMILY, raised, raises_concern=True
            )
            hours = rng.choice([3, 5, 6, 20, 23]) if n % 5 else 30  # every fifth answered late
            concern = contact.concern
            concerns.record_response(
                concern,
                answer.format(name=pupil.first_name),
                by=concern.assigned_to,
                now=contact.happened_at + timedelta(hours=hours),
            )
            self.created["concerns answered"] += 1
        teacher = self.staff.get(f"class.teacher@{STAFF_DOMAIN}")
        taught = [p for p in self.pupils if teacher and p.class_teacher_id == teacher.pk]
        if taught:
            pupil = taught[0]
            parent = pupil.parent_links.all()[0].parent
            now = timezone.now()
            contact = Contact(
                pupil=pupil,
                parent=parent,
                channel=Channel.PHONE,
                direction=Direction.FROM_FAMILY,
                happened_at=now - timedelta(hours=2),
                recorded_by=self.staff.get(f"office@{STAFF_DOMAIN}", self.senco),
                summary=f"{parent.first_name} rang: {pupil.first_name} came home upset about a falling-out in the "
                "playground.",
                raises_concern=True,
            )
            concerns.log_contact(contact, assigned_to=teacher)
            self.created["concerns open"] += 1
        overdue_pupil = self.pupils[-1]
        parent = overdue_pupil.parent_links.all()[0].parent
        contact = Contact(
            pupil=overdue_pupil,
            parent=parent,
            channel=Channel.EMAIL,
            direction=Direction.FROM_FAMILY,
            # Two school days back: due 24 hours of school time later, yesterday's school day (weekends not counted).
            happened_at=at(previous_school_day(previous_school_day(self.today)), 10, 5),
            recorded_by=self.senco,
            summary=f"{parent.first_name} emailed: the reading book is too hard for {overdue_pupil.first_name}.",
            raises_concern=True,
        )
        concerns.log_contact(contact, assigned_to=self.senco)
        self.created["concerns open"] += 1
