"""The demo school as a plan: every account, pupil, family and record, drawn from a seeded random generator.

No database here. `build_plan(rng, today)` gives the same people for the same seed, so the `demo_school`
command can compare the plan with what is stored (by email and UPN) and add only what is missing.
Dates are relative to `today`, so the demo always looks like the current academic year.
"""

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from accounts.models import Role
from common.sentences import a_or_an
from demo import content as C
from demo.records import (
    Professional,
    Profile,
    RecordPlanner,
    Support,
    Target,
    day_between,
    term_day,
    weekday,
    weighted,
)
from pupils.upn import check_letter

SEED = 20260901
PASSWORD = "demo-school-2026"
HOME_LA, HOME_SCHOOL = "892", "4051"  # the school's LA and DfE numbers, the start of most of its UPNs
OTHER_LAS = ("891", "830", "855", "926", "331")
# UPNs are the pupils' natural keys, so they must not change with the date: the year each pupil's UPN was
# allocated is counted back from this fixed year, not from today.
UPN_YEAR = 2026


@dataclass
class Account:
    email: str
    first_name: str
    last_name: str
    role: str
    job_title: str = ""
    title: str = ""
    kind: str | None = None  # what they do for pupils: teacher, ta, pastoral, elsa, senco
    years: tuple = ()
    form: str = ""

    @property
    def display(self) -> str:
        return f"{self.title} {self.last_name}"


@dataclass
class Parent:
    title: str
    first_name: str
    last_name: str
    email: str = ""
    mobile_phone: str = ""
    home_phone: str = ""
    work_phone: str = ""
    address: str = ""
    preferred_contact_method: str = "email"
    best_times_to_contact: str = ""
    preferred_language: str = "English"
    needs_interpreter: bool = False
    needs_hearing_support: bool = False
    needs_large_print: bool = False
    needs_literacy_support: bool = False
    access_notes: str = ""
    user_email: str = ""
    known_from: date | None = None  # when the school first recorded them
    portal_invited_days_ago: int | None = None  # an invitation to the parents' portal, sent and not used yet

    @property
    def key(self) -> tuple:
        return (self.first_name, self.last_name, self.email, self.mobile_phone)


@dataclass
class Link:
    parent: Parent
    relationship: str
    has_parental_responsibility: bool = True
    lives_with_pupil: bool = True
    contact_order: int = 1


@dataclass
class PupilPlan:
    legal_first_name: str
    legal_last_name: str
    gender: str
    year_group: int
    form: str
    sen_status: str
    removed: bool = False
    preferred_name: str = ""
    date_of_birth: date | None = None
    upn: str = ""
    primary_need: str = ""
    secondary_need: str = ""
    added_to_register_on: date | None = None
    removed_from_register_on: date | None = None
    removal_reason: str = ""
    key_worker: str | None = None
    class_teacher: str | None = None
    teaching_assistants: list[str] = field(default_factory=list)
    user_email: str = ""
    own_email: str = ""  # a young person's, for their own portal account
    parents_may_see_record_agreed_on: date | None = None  # past compulsory school age: the young person agreed
    showcase: bool = False
    siblings: list["PupilPlan"] = field(
        default_factory=list
    )  # the hand-made pupils the demo logins show get every kind of record
    links: list[Link] = field(default_factory=list)
    profile: Profile | None = None
    targets: list[Target] = field(default_factory=list)
    supports: list[Support] = field(default_factory=list)
    professionals: list[Professional] = field(default_factory=list)

    @property
    def first_name(self) -> str:
        return self.preferred_name or self.legal_first_name

    @property
    def phase(self) -> str:
        return "primary" if self.year_group <= 6 else "secondary"


@dataclass
class DemoPlan:
    accounts: list[Account]
    pupils: list[PupilPlan]
    logins: list[tuple[str, str, str]]  # (role, email, who)


def academic_year_start(today: date) -> int:
    """The calendar year in which the current academic year (1 September to 31 August) began."""
    return today.year if today.month >= 9 else today.year - 1


def review_days(start_year: int) -> list[date]:
    """The three SEN review days of an academic year: late autumn, late spring and early summer terms."""
    return [weekday(date(start_year, 12, 9)), weekday(date(start_year + 1, 3, 24)), weekday(date(start_year + 1, 7, 7))]


def ascii_name(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.replace("ł", "l")).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum() or ch == "-")


def build_plan(rng: random.Random, today: date) -> DemoPlan:
    return _Planner(rng, today).plan()


class _Planner(RecordPlanner):
    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today
        self.start_year = academic_year_start(today)
        self.reviews = [day for year in range(self.start_year - 6, self.start_year + 2) for day in review_days(year)]
        self.accounts = self._staff()
        self.by_email = {account.email: account for account in self.accounts}
        self.used_names: set[tuple[str, str]] = set()
        self.upns: set[str] = set()
        self.mobiles = [f"07700 900{n:03d}" for n in rng.sample(range(1000), 1000)]
        self.landlines = [f"0115 496 0{n:03d}" for n in rng.sample(range(100, 1000), 900)]
        self.emails: set[str] = set()

    # People who work at the school

    def _staff(self) -> list[Account]:
        accounts = [
            Account(f"{local}@{C.STAFF_DOMAIN}", first, last, role, job, title, kind, years)
            for title, first, last, role, job, local, kind, years in C.STAFF
        ]
        for title, first, last, job, local, form in C.TEACHERS:
            year = next(y for y, name in C.PRIMARY_CLASSES.items() if name == form) if " " in form else int(form[:-1])
            accounts.append(
                Account(f"{local}@{C.STAFF_DOMAIN}", first, last, Role.STAFF, job, title, "teacher", (year,), form)
            )
        return accounts

    def _staff_for(self, kind: str, year: int) -> list[Account]:
        found = [a for a in self.accounts if a.kind == kind and year in a.years]
        if not found and kind == "elsa":
            return self._staff_for("pastoral", year)
        return found

    def _teacher_of(self, form: str) -> str:
        return next(a.email for a in self.accounts if a.kind == "teacher" and a.form == form)

    # The register

    def plan(self) -> DemoPlan:
        slots = self._slots()
        families = [self._demo_family(), self._young_person_family()]
        families += [self._family(group) for group in self._sibling_groups(slots)]
        pupils = [pupil for family in families for pupil in family]
        for pupil in pupils:  # keys first, before anything that depends on today's date
            pupil.upn = self._upn(pupil)
        for pupil in pupils:
            self._fill_record(pupil)
        for family in families:
            for link in family[0].links:
                link.parent.known_from = min(p.added_to_register_on for p in family)
        return DemoPlan(self.accounts + self._family_accounts(), pupils, self._logins())

    def _slots(self) -> list[tuple[int, str, bool]]:
        """(year group, SEN status, removed) for every generated pupil; three more are written by hand."""
        years = [year for year, n in C.PUPILS_PER_YEAR.items() for _ in range(n)]
        for handmade in (8, 3, 12):
            years.remove(handmade)
        statuses = [s for s, n in C.STATUS_COUNTS.items() for _ in range(n)]
        for handmade in ("K", "K", "E"):
            statuses.remove(handmade)
        self.rng.shuffle(statuses)
        past = [(self.rng.randint(1, 11), status, True) for status in "KKKKKMME"]
        return [(year, status, False) for year, status in zip(years, statuses, strict=True)] + past

    def _sibling_groups(self, slots: list) -> list[list]:
        """Brothers and sisters in different year groups; everyone else is an only child on the register."""
        remaining = slots[:]
        self.rng.shuffle(remaining)
        groups = []
        for size in C.SIBLING_GROUPS[1:]:  # the hand-made Thompsons are the first group
            group = [remaining.pop()]
            for slot in remaining[::-1]:
                if len(group) < size and all(slot[0] != member[0] for member in group):
                    group.append(slot)
                    remaining.remove(slot)
            groups.append(group)
        return groups + [[slot] for slot in remaining]

    def _family(self, slots: list) -> list[PupilPlan]:
        background = weighted(self.rng, {name: b["weight"] for name, b in C.BACKGROUNDS.items()})
        pool = C.BACKGROUNDS[background]
        surname = self.rng.choice(pool["surnames"])
        children = []
        for year, status, removed in sorted(slots):
            gender = self.rng.choice("bg")
            first = self._first_name(pool["boys" if gender == "b" else "girls"], surname)
            pupil = PupilPlan(first, surname, gender, year, self._form(year), status, removed)
            if first in C.NICKNAMES and self.rng.random() < 0.5:
                pupil.preferred_name = C.NICKNAMES[first]
            children.append(pupil)
        links = self._parents(background, surname)
        for child in children:
            child.links, child.siblings = links, [other for other in children if other is not child]
        return children

    def _first_name(self, names: list[str], surname: str) -> str:
        for _ in range(20):
            name = self.rng.choice(names)
            if (name, surname) not in self.used_names:
                break
        self.used_names.add((name, surname))
        return name

    def _form(self, year: int) -> str:
        return C.PRIMARY_CLASSES[year] if year <= 6 else self.rng.choice(C.SECONDARY_FORMS[year])

    # Parents and carers

    def _parents(self, background: str, surname: str) -> list[Link]:
        pool = C.BACKGROUNDS[background]
        shape = weighted(
            self.rng, {"two": 52, "mum": 20, "apart": 10, "step": 7, "dad": 4, "nan": 4, "kin": 2, "foster": 1}
        )
        mum_surname = surname if self.rng.random() < 0.75 else self.rng.choice(pool["surnames"])
        home = self._address()
        landline = self.landlines.pop() if self.rng.random() < 0.25 else ""

        def mum():
            title = weighted(self.rng, {"Mrs": 45, "Ms": 30, "Miss": 20, "Dr": 5})
            return self._parent(title, self.rng.choice(pool["women"]), mum_surname, background, home, landline)

        def dad(address=home, phone=landline):
            title = "Dr" if self.rng.random() < 0.05 else "Mr"
            return self._parent(title, self.rng.choice(pool["men"]), surname, background, address, phone)

        def someone_else(title, names, address="", phone="", domain=None):
            surname = self.rng.choice(C.BACKGROUNDS["british"]["surnames"])
            return self._parent(title, self.rng.choice(names), surname, "british", address, phone, domain)

        if shape == "two":
            first, second = (mum(), "mother"), (dad(), "father")
            if self.rng.random() < 0.3:
                first, second = second, first
            return [Link(first[0], first[1]), Link(second[0], second[1], contact_order=2)]
        if shape == "mum":
            return [Link(mum(), "mother")]
        if shape == "dad":
            return [Link(dad(), "father")]
        if shape == "apart":
            return [Link(mum(), "mother"), Link(dad(self._address(), ""), "father", True, False, 2)]
        if shape == "step":
            step = someone_else("Mr", C.BRITISH_MEN, home, landline)
            return [Link(mum(), "mother"), Link(step, "step_parent", False, True, 2)]
        if shape == "nan":
            nan = self._parent("Mrs", self.rng.choice(C.GRANDMOTHERS), mum_surname, "british", self._address(), "")
            nan.access_notes = "Collects from school on Thursdays and Fridays; not a contact for decisions."
            return [Link(mum(), "mother"), Link(nan, "grandparent", False, False, 2)]
        if shape == "kin":
            nan = self._parent("Mrs", self.rng.choice(C.GRANDMOTHERS), surname, "british", home, landline)
            nan.access_notes = "Special guardian (special guardianship order)."
            return [Link(nan, "grandparent")]
        carer = someone_else("Mrs", C.BRITISH_WOMEN, home, landline)
        worker = someone_else("Ms", C.BRITISH_WOMEN, domain="council.example")
        worker.access_notes = "Allocated social worker. Invite to every review; copy in all records."
        return [Link(carer, "foster_carer", False), Link(worker, "social_worker", False, False, 2)]

    def _parent(self, title, first, last, background, address, landline, domain=None) -> Parent:
        rng = self.rng
        parent = Parent(title, first, last, address=address, home_phone=landline, mobile_phone=self.mobiles.pop())
        if domain or rng.random() < 0.93:
            parent.email = self._email(first, last, domain)
        if rng.random() < 0.15:
            parent.work_phone = self.landlines.pop()
        parent.best_times_to_contact = rng.choice(C.BEST_TIMES)
        method = weighted(rng, {"email": 55, "text": 20, "phone": 17, "letter": 8})
        parent.preferred_contact_method = method if parent.email or method != "email" else "phone"
        language = C.BACKGROUNDS[background]["language"]
        if language and rng.random() < language["prefers"]:
            parent.preferred_language = name = language["name"]
            if rng.random() < language["interpreter"]:
                parent.needs_interpreter = True
                parent.access_notes = (
                    f"Please book {a_or_an(name)} interpreter for meetings and phone calls; "
                    "do not ask the children to translate."
                )
            else:
                parent.access_notes = f"Speaks English well; written information in {name} is appreciated."
        need = weighted(rng, {"": 89, "hearing": 3, "large_print": 3, "literacy": 5})
        if need == "hearing":
            parent.needs_hearing_support = True
            parent.access_notes = "Wears hearing aids: a quiet room for meetings, and email rather than phone calls."
        elif need == "large_print":
            parent.needs_large_print = True
            parent.access_notes = "Letters and reports in large print (18 point), please."
        elif need == "literacy":
            parent.needs_literacy_support = True
            parent.preferred_contact_method = "phone"
            parent.access_notes = "Prefers a phone call to a letter; go through any documents together at meetings."
        return parent

    def _email(self, first: str, last: str, domain: str | None = None) -> str:
        while True:
            local = f"{ascii_name(first)}.{ascii_name(last)}"
            if not domain:
                local += str(self.rng.randint(1, 99))
            email = f"{local}@{domain or self.rng.choice(C.EMAIL_DOMAINS)}"
            if email not in self.emails:
                self.emails.add(email)
                return email
            domain = None

    def _address(self) -> str:
        return f"{self.rng.randint(1, 180)} {self.rng.choice(C.STREETS)}\n{self.rng.choice(C.AREAS)}\n{C.TOWN}"

    # The hand-made families the demo logins show

    def _demo_family(self) -> list[PupilPlan]:
        home = "27 Beech Grove\nSherwood\nNottingham"
        sarah = Parent(
            "Mrs",
            "Sarah",
            "Thompson",
            f"parent@{C.STAFF_DOMAIN}",
            self.mobiles.pop(),
            address=home,
            best_times_to_contact="After 3:15pm; works mornings",
            user_email=f"parent@{C.STAFF_DOMAIN}",
        )
        james = Parent(
            "Mr",
            "James",
            "Thompson",
            "james.thompson@home.example",
            self.mobiles.pop(),
            address="4 Alder Close\nArnold\nNottingham",
            preferred_contact_method="text",
            best_times_to_contact="Evenings; works shifts",
            portal_invited_days_ago=2,  # so the family page shows an invitation waiting to be used
        )
        links = [Link(sarah, "mother"), Link(james, "father", True, False, 2)]
        oliver = PupilPlan(
            "Oliver",
            "Thompson",
            "b",
            8,
            "8R",
            "K",
            primary_need="ASD",
            secondary_need="SLCN",
            key_worker=f"g.holt@{C.STAFF_DOMAIN}",
            teaching_assistants=[f"g.holt@{C.STAFF_DOMAIN}"],
        )
        maisie = PupilPlan(
            "Maisie",
            "Thompson",
            "g",
            3,
            "3 Hazel",
            "K",
            primary_need="SPLD",
            key_worker=f"ta@{C.STAFF_DOMAIN}",
            teaching_assistants=[f"ta@{C.STAFF_DOMAIN}"],
        )
        for child in (oliver, maisie):
            child.links, child.showcase = links, True
            self.used_names.add((child.legal_first_name, child.legal_last_name))
        oliver.siblings, maisie.siblings = [maisie], [oliver]
        return [oliver, maisie]

    def _young_person_family(self) -> list[PupilPlan]:
        joanne = self._parent("Ms", "Joanne", "Clarke", "british", self._address(), "")
        aiden = PupilPlan(
            "Aiden",
            "Clarke",
            "b",
            12,
            "12S",
            "E",
            primary_need="ASD",
            secondary_need="SEMH",
            key_worker=f"s.begum@{C.STAFF_DOMAIN}",
            teaching_assistants=[f"s.begum@{C.STAFF_DOMAIN}"],
            user_email=f"young.person@{C.STAFF_DOMAIN}",
            own_email=f"young.person@{C.STAFF_DOMAIN}",
            # Past compulsory school age since he finished Year 11; he agreed his mum may keep seeing his record.
            parents_may_see_record_agreed_on=min(self.today, date(self.start_year, 9, 8)),
            links=[Link(joanne, "mother")],
            showcase=True,
        )
        self.used_names.add(("Aiden", "Clarke"))
        return [aiden]

    def _family_accounts(self) -> list[Account]:
        return [
            Account(f"parent@{C.STAFF_DOMAIN}", "Sarah", "Thompson", Role.PARENT, title="Mrs"),
            Account(f"young.person@{C.STAFF_DOMAIN}", "Aiden", "Clarke", Role.YOUNG_PERSON),
        ]

    def _logins(self) -> list[tuple[str, str, str]]:
        def who(local: str) -> str:
            account = self.by_email[f"{local}@{C.STAFF_DOMAIN}"]
            return f"{account.title} {account.first_name} {account.last_name}, {account.job_title}"

        d = C.STAFF_DOMAIN
        return [
            ("SENCO", f"senco@{d}", who("senco") + "; can also use the admin site, /admin/"),
            ("Class teacher", f"class.teacher@{d}", who("class.teacher") + " (3 Hazel)"),
            ("Form tutor", f"form.tutor@{d}", who("form.tutor") + " (form tutor, 8R)"),
            ("Teaching assistant", f"ta@{d}", who("ta")),
            ("Pastoral lead", f"pastoral@{d}", who("pastoral")),
            ("Office", f"office@{d}", who("office")),
            ("Head teacher", f"head@{d}", who("head")),
            ("Parent", f"parent@{d}", "Mrs Sarah Thompson, mum of Oliver (Year 8) and Maisie (Year 3)"),
            (
                "Young person",
                f"young.person@{d}",
                "Aiden Clarke, Year 12, EHC plan; has agreed that his mum may keep seeing his record",
            ),
        ]

    # Each pupil's record

    def _fill_record(self, pupil: PupilPlan) -> None:
        rng = self.rng
        pupil.date_of_birth = day_between(
            rng, date(self.start_year - pupil.year_group - 5, 9, 1), date(self.start_year - pupil.year_group - 4, 8, 31)
        )
        if not pupil.primary_need:
            phase = "any" if pupil.sen_status in ("E", "M") else pupil.phase
            pupil.primary_need = weighted(rng, C.NEED_WEIGHTS[(phase, pupil.sen_status)])
            if pupil.primary_need and rng.random() < (0.35 if pupil.sen_status != "M" else 0.1):
                pupil.secondary_need = rng.choice(C.SECONDARY_NEEDS[pupil.primary_need])
        self._register_dates(pupil)
        pupil.class_teacher = self._teacher_of(pupil.form)
        if not pupil.teaching_assistants:
            self._link_staff(pupil)
        self.fill_records(pupil)

    def _upn(self, pupil: PupilPlan) -> str:
        entry_year = UPN_YEAR - pupil.year_group  # roughly when the pupil started Reception
        la, school = HOME_LA, HOME_SCHOOL
        if self.rng.random() < 0.15:
            la, school = self.rng.choice(OTHER_LAS), str(self.rng.randint(2000, 2999))
        while True:
            body = f"{la}{school}{entry_year % 100:02d}{self.rng.randint(1, 999):03d}"
            upn = check_letter(body) + body
            if upn not in self.upns:
                self.upns.add(upn)
                return upn

    def _register_dates(self, pupil: PupilPlan) -> None:
        rng, today = self.rng, self.today
        started_school = date(self.start_year - pupil.year_group, 9, 1)
        earliest = max(started_school, date(self.start_year - 5, 9, 1))
        if pupil.removed:
            added = term_day(rng, earliest, today - timedelta(days=400), today)
            pupil.added_to_register_on = added
            latest = min(added + timedelta(days=700), today - timedelta(14))
            pupil.removed_from_register_on = term_day(rng, added + timedelta(days=180), latest, today)
            pupil.removal_reason = rng.choice(C.REMOVAL_REASONS[pupil.sen_status])
        elif pupil.sen_status == "M":
            pupil.added_to_register_on = term_day(rng, max(earliest, today - timedelta(270)), today, today)
        else:
            pupil.added_to_register_on = term_day(rng, earliest, today - timedelta(days=30), today)

    def _link_staff(self, pupil: PupilPlan) -> None:
        rng = self.rng
        tas = [a.email for a in self._staff_for("ta", pupil.year_group)]
        count = {"M": 0, "K": weighted(rng, {0: 35, 1: 50, 2: 15}), "E": rng.choice((1, 2))}[pupil.sen_status]
        pupil.teaching_assistants = rng.sample(tas, min(count, len(tas)))
        area = C.AREA.get(pupil.primary_need)
        if pupil.sen_status == "E":
            pupil.key_worker = f"senco@{C.STAFF_DOMAIN}" if rng.random() < 0.4 else pupil.teaching_assistants[0]
        elif pupil.sen_status == "K" and area == "semh" and rng.random() < 0.7:
            pastoral = self._staff_for("pastoral", pupil.year_group) + self._staff_for("elsa", pupil.year_group)
            pupil.key_worker = rng.choice(pastoral).email
        elif pupil.sen_status == "K" and rng.random() < 0.55:
            pupil.key_worker = (pupil.teaching_assistants or tas)[0]
