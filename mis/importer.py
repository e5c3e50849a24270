"""The whole school from the MIS: compare a file with the register, a preview that changes nothing (`apply.py`
applies it).

`plan_import(mis_file)` reads the register in a few queries, whatever the size of the school, and says what the file
would change: new pupils, pupils whose details change (each field before and after), SEN status changes, leavers,
new and changed parents and carers, links to children that the MIS no longer has, and every problem.

The rules, from the SENCO's point of view:
- Pupils are found by UPN, then by a former UPN (a temporary UPN the MIS replaced with a permanent one updates the
  same pupil). Pupils with no SEN (N) are kept, off the SEND register. The school's own "monitoring" (M) is not a
  census code: the MIS says N for such a pupil, and the pupil stays monitored.
- A pupil missing from a full export has left the school: marked as left with the file's date (and taken off the
  SEND register if on it), never deleted. A partial export, or a file from another school, marks nobody as left.
- A blank in the file never clears what the register holds: a file without work phones loses none.
- Siblings who share a parent share one record: a contact is the same person as one already known when the names
  match and so does an email address or a phone number. A same-named person with nothing else in common is shown in
  the preview for the SENCO to say whether it is the same person (a separate record unless they say so).
- A link between a child and a parent that the MIS no longer has is taken away only if it came from the MIS and the
  parent has no portal account, messages or meeting invitations; otherwise the SENCO decides in the preview.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone

from meetings.models import Invitee
from notices.models import Message
from pupils.models import AreaOfNeed, ParentCarer, Pupil, PupilParent, SenStatus, YearGroup
from school.models import School

from . import records
from .ctf import CTFProblem

BATCH_SIZE = 500
LEFT_REASON = "Left the school (not in the MIS export of {date:%d/%m/%Y})"
YEAR_GROUPS = {"N1": YearGroup.NURSERY_1, "N2": YearGroup.NURSERY_2, "R": YearGroup.RECEPTION} | {
    str(number): number for number in range(1, 15)
}
# The CTF's telephone types: mobile, home, work; day and evening numbers go where they most likely belong.
PHONE_FIELDS = {"M": "mobile_phone", "H": "home_phone", "E": "home_phone", "W": "work_phone", "D": "work_phone"}
# The DfE's language codes a school meets most, as a parent would name their language. Other codes are kept as the
# MIS wrote them, for the office to read.
LANGUAGES = {
    "ENG": "English",
    "ENB": "English",
    "POL": "Polish",
    "URD": "Urdu",
    "PNJ": "Panjabi",
    "BNG": "Bengali",
    "ARA": "Arabic",
    "SOM": "Somali",
    "ROM": "Romanian",
    "PRS": "Persian/Farsi",
    "TUR": "Turkish",
    "PRT": "Portuguese",
    "SPA": "Spanish",
    "FRN": "French",
    "LIT": "Lithuanian",
    "GUJ": "Gujarati",
    "TAM": "Tamil",
    "CHI": "Chinese",
    "UKR": "Ukrainian",
}

PUPIL_LABELS = {
    "upn": "UPN",
    "former_upn": "Former UPN",
    "legal_first_name": "Legal forename",
    "legal_last_name": "Legal surname",
    "preferred_name": "Preferred forename",
    "date_of_birth": "Date of birth",
    "year_group": "Year group",
    "form": "Class or form",
    "sen_status": "SEN status",
    "primary_need": "Primary need",
    "secondary_need": "Secondary need",
    "added_to_register_on": "Added to the SEND register",
    "left_school_on": "Left the school on",
    "removed_from_register_on": "Removed from the register on",
    "removal_reason": "Why removed",
}
# The element (CTF) a problem with each field is reported against.
PUPIL_ELEMENTS = {
    "upn": "UPN",
    "former_upn": "FormerUPN",
    "legal_first_name": "Forename",
    "legal_last_name": "Surname",
    "preferred_name": "PreferredForename",
    "date_of_birth": "DOB",
    "year_group": "NCyearActual",
    "form": "Form",
    "sen_status": "SENprovision",
    "primary_need": "SENtype",
    "secondary_need": "SENtype",
    "added_to_register_on": "StartDate",
}
# A CSV file has no elements: a problem in one names the detail as the SENCO knows it (their own column headings vary).
CSV_NAMES = {
    "UPN": "UPN",
    "FormerUPN": "Former UPN",
    "Forename": "Forename",
    "Surname": "Surname",
    "PreferredForename": "Preferred forename",
    "DOB": "Date of birth",
    "NCyearActual": "Year group",
    "Form": "Class or form",
    "SENprovision": "SEN status",
    "SENneeds": "Primary need",
    "SENtype": "Need",
    "StartDate": "SEN start date",
}
PARENT_LABELS = {
    "title": "Title",
    "first_name": "Forename",
    "last_name": "Surname",
    "email": "Email",
    "mobile_phone": "Mobile",
    "home_phone": "Home phone",
    "work_phone": "Work phone",
    "address": "Address",
    "preferred_language": "Language",
}
PARENT_FIELDS = tuple(PARENT_LABELS)
PARENT_FIELD_LIMITS = {name: ParentCarer._meta.get_field(name).max_length for name in PARENT_FIELDS}


def _values_shown(values: dict[str, object]) -> list[tuple[str, str]]:
    return sorted((name, _shown(value)) for name, value in values.items())


def _shown(value: object) -> str:
    if value is None or value == "":
        return "blank"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class PupilPlan:
    """One pupil in the file: new, or matched to a pupil on the register with the changes the file makes."""

    record: records.Pupil
    pupil: Pupil | None
    values: dict[str, object]
    changes: list[FieldChange] = field(default_factory=list)
    status_before: str = ""
    returning: bool = False

    @property
    def is_new(self) -> bool:
        return self.pupil is None

    @property
    def name(self) -> str:
        first = self.values.get("preferred_name") or self.values.get("legal_first_name") or ""
        return f"{first} {self.values.get('legal_last_name', '')}".strip()

    @property
    def upn(self) -> str:
        return self.record.upn

    @property
    def status_after(self) -> str:
        return str(self.values["sen_status"])

    @property
    def status_label(self) -> str:
        return SenStatus(self.status_after).label

    @property
    def status_changed(self) -> bool:
        return not self.is_new and self.status_before != self.status_after

    def status_change_label(self) -> str:
        return f"{SenStatus(self.status_before).label} to {SenStatus(self.status_after).label}"


@dataclass
class ChildLink:
    """A contact as the contact of one child: how they are related, and whether they have parental responsibility."""

    upn: str
    relationship: str
    parental_responsibility: bool
    order: int
    lives_with_pupil: bool


@dataclass
class ContactPlan:
    """One parent or carer in the file (once, however many of their children it holds): new, or an existing record
    with the details the file changes."""

    key: str
    values: dict[str, str]
    parent: ParentCarer | None
    children: list[ChildLink] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)
    # A same-named parent the file gives no email or phone in common with: the SENCO says whether it is them.
    possibly: ParentCarer | None = None

    @property
    def is_new(self) -> bool:
        return self.parent is None

    @property
    def name(self) -> str:
        return " ".join(filter(None, (self.values.get("title"), self.values["first_name"], self.values["last_name"])))


@dataclass
class GoneLink:
    """A child's parent or carer on the register whom the MIS no longer gives as their contact."""

    link: PupilParent
    reasons_to_keep: list[str]

    @property
    def removed_unless_told(self) -> bool:
        return not self.reasons_to_keep


@dataclass
class ImportPlan:
    source: str
    file_date: datetime.date
    partial: bool
    partial_because: str = ""
    pupils: list[PupilPlan] = field(default_factory=list)
    leavers: list[Pupil] = field(default_factory=list)
    contacts: list[ContactPlan] = field(default_factory=list)
    gone: list[GoneLink] = field(default_factory=list)
    problems: list[CTFProblem] = field(default_factory=list)
    # Pupils on the register with no UPN: a file cannot find them, so they are left as they are.
    without_upn: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def new_pupils(self) -> list[PupilPlan]:
        return [plan for plan in self.pupils if plan.is_new]

    @property
    def changed_pupils(self) -> list[PupilPlan]:
        return [plan for plan in self.pupils if not plan.is_new and plan.changes]

    @property
    def unchanged_pupils(self) -> int:
        return sum(1 for plan in self.pupils if not plan.is_new and not plan.changes)

    @property
    def status_changes(self) -> list[PupilPlan]:
        return [plan for plan in self.pupils if plan.status_changed]

    @property
    def new_contacts(self) -> list[ContactPlan]:
        return [plan for plan in self.contacts if plan.is_new]

    @property
    def changed_contacts(self) -> list[ContactPlan]:
        return [plan for plan in self.contacts if not plan.is_new and plan.changes]

    @property
    def unsure_contacts(self) -> list[ContactPlan]:
        return [plan for plan in self.contacts if plan.possibly is not None]

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.new_pupils
            or self.changed_pupils
            or self.leavers
            or self.new_contacts
            or self.changed_contacts
            or self.gone
            or self.links_to_make
            or self.links_to_change
        )

    # Filled by the planner: links between children and parents to add or to change (relationship, PR, order).
    links_to_make: int = 0
    links_to_change: int = 0

    def summary(self) -> dict[str, int]:
        """What the file changes, in words that suit each count ("1 leaver", "3 leavers"); nothing for a zero."""
        counts = (
            (len(self.new_pupils), "new pupil", "new pupils"),
            (len(self.changed_pupils), "pupil with changed details", "pupils with changed details"),
            (len(self.status_changes), "SEN status change", "SEN status changes"),
            (len(self.leavers), "leaver", "leavers"),
            (len(self.new_contacts), "new parent or carer", "new parents and carers"),
            (
                len(self.changed_contacts),
                "parent or carer with changed details",
                "parents and carers with changed details",
            ),
            (self.links_to_make, "new link between a child and a parent", "new links between children and parents"),
            (
                self.links_to_change,
                "changed relationship or parental responsibility",
                "changed relationships or parental responsibility",
            ),
            (len(self.gone), "parent or carer no longer in the MIS", "parents and carers no longer in the MIS"),
        )
        return {(one if count == 1 else many): count for count, one, many in counts if count}

    def fingerprint(self) -> str:
        """What the preview showed, as a hash: applying goes ahead only if the file, read again, plans the same."""
        shape = {
            "partial": self.partial,
            "pupils": [
                [
                    plan.upn,
                    plan.pupil.pk if plan.pupil else None,
                    sorted((k, _shown(v)) for k, v in plan.values.items()),
                ]
                for plan in self.pupils
                if plan.is_new or plan.changes
            ],
            "leavers": sorted(pupil.pk for pupil in self.leavers),
            "contacts": [
                [
                    plan.parent.pk if plan.parent else None,
                    sorted(plan.values.items()),
                    [vars(child) for child in plan.children],
                    plan.possibly.pk if plan.possibly else None,
                ]
                for plan in self.contacts
            ],
            "gone": sorted(gone.link.pk for gone in self.gone),
        }
        return hashlib.sha256(json.dumps(shape, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class Decisions:
    """What the SENCO decided in the preview: contacts that are the same person as an existing parent (plan key to
    parent pk), and links no longer in the MIS to keep or to take away (link pks)."""

    same_person: dict[str, int] = field(default_factory=dict)
    remove_links: frozenset[int] = frozenset()
    keep_links: frozenset[int] = frozenset()

    def removes(self, gone: GoneLink) -> bool:
        if gone.link.pk in self.remove_links:
            return True
        if gone.link.pk in self.keep_links:
            return False
        return gone.removed_unless_told


class DecisionRefused(ValueError):
    """A decision that does not belong to this preview (a tampered form)."""


def check_decisions(plan: ImportPlan, decisions: Decisions) -> None:
    """Refuse decisions about contacts or links the preview did not ask about."""
    unsure = {contact.key: contact.possibly.pk for contact in plan.unsure_contacts}
    for key, parent_pk in decisions.same_person.items():
        if unsure.get(key) != parent_pk:
            raise DecisionRefused("One of the 'same person' answers does not belong to this preview.")
    gone = {item.link.pk for item in plan.gone}
    if not (decisions.remove_links | decisions.keep_links) <= gone:
        raise DecisionRefused("One of the 'no longer in the MIS' answers does not belong to this preview.")


# --- Planning -------------------------------------------------------------------------------------------------------


def _casefold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    # +44 7700 900123 and 07700 900123 are the same number.
    if digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


def _ways_to_reach(email: str, phones: list[str]) -> set[str]:
    ways = {f"email:{email.strip().casefold()}"} if email.strip() else set()
    return ways | {f"phone:{digits}" for phone in phones if len(digits := _digits(phone)) >= 6}


def _parent_ways(parent: ParentCarer) -> set[str]:
    return _ways_to_reach(parent.email, [parent.mobile_phone, parent.home_phone, parent.work_phone])


def _latest_sen(record: records.Pupil) -> records.SenRecord | None:
    if not record.sen_history:
        return None
    return max(record.sen_history, key=lambda sen: sen.start_date or datetime.date.min)


class _Planner:
    def __init__(self, mis_file: records.MisFile, *, partial: bool, today: datetime.date) -> None:
        self.file = mis_file
        self.today = today
        self.reported: set[tuple[str, str]] = set()
        self.is_ctf = mis_file.header.document_name == records.DOCUMENT_NAME
        stamp = mis_file.header.date_time
        file_date = min(stamp.date(), today) if stamp else today
        self.plan = ImportPlan(
            source=mis_file.header.document_name or "MIS export", file_date=file_date, partial=partial
        )
        if partial:
            self.plan.partial_because = "You said this file does not hold every pupil."
        elif mis_file.header.is_partial:
            self.plan.partial = True
            self.plan.partial_because = "The file says it is a partial export."
        else:
            school = School.load()
            source = mis_file.header.source
            ours = (school.la_number, school.establishment_number)
            if all(ours) and source.lea and source.estab and (source.lea, source.estab) != ours:
                self.plan.partial = True
                self.plan.partial_because = (
                    f"The file comes from another school ({source.name or 'no name'}, "
                    f"{source.lea}/{source.estab}): its pupils are joining."
                )

    def problem(self, where: str, element: str, value: object, message: str) -> None:
        # Each element of each pupil once: a date of birth the file leaves out is not also "cannot be null".
        if not self.is_ctf:
            element = CSV_NAMES.get(element, element)
        if (where, element) in self.reported:
            return
        self.reported.add((where, element))
        self.plan.problems.append(CTFProblem(where, element, "" if value is None else str(value), message))

    def run(self) -> ImportPlan:
        stored = list(Pupil.objects.exclude(upn=None))
        self.plan.without_upn = Pupil.objects.on_register().filter(upn=None).count()
        by_upn = {pupil.upn: pupil for pupil in stored}
        by_former = {pupil.former_upn: pupil for pupil in stored if pupil.former_upn}
        matched: dict[int, str] = {}
        for record in self.file.pupils:
            pupil = (
                by_upn.get(record.upn)
                or (by_upn.get(record.former_upn) if record.former_upn else None)
                or by_former.get(record.upn)
            )
            where = f"Pupil {record.upn} ({record.forename} {record.surname})"
            if pupil is not None:
                if pupil.pk in matched:
                    self.problem(where, "UPN", record.upn, f"the same pupil as {matched[pupil.pk]} in this file.")
                    continue
                matched[pupil.pk] = f"UPN {record.upn}"
            self.plan.pupils.append(self.pupil_plan(record, pupil, where))
        if not self.plan.partial:
            self.plan.leavers = [pupil for pupil in stored if pupil.pk not in matched and pupil.left_school_on is None]
        self.plan_contacts()
        return self.plan

    # Pupils

    def pupil_plan(self, record: records.Pupil, pupil: Pupil | None, where: str) -> PupilPlan:
        values: dict[str, object] = {
            "upn": record.upn,
            "legal_first_name": record.forename,
            "legal_last_name": record.surname,
            "date_of_birth": record.date_of_birth,
        }
        if record.former_upn:
            values["former_upn"] = record.former_upn
        elif pupil is not None and pupil.upn != record.upn:
            values["former_upn"] = pupil.upn  # the temporary UPN the file has replaced
        if record.preferred_forename and record.preferred_forename != record.forename:
            values["preferred_name"] = record.preferred_forename
        if record.year_group:
            year = YEAR_GROUPS.get(record.year_group)
            if year is None:
                self.problem(
                    where,
                    "NCyearActual",
                    record.year_group,
                    "not a year group the register holds (N1, N2, R or 1 to 14).",
                )
            values["year_group"] = year
        elif pupil is None:
            self.problem(where, "NCyearActual", "", "a new pupil needs a year group.")
        if record.form:
            values["form"] = record.form
        self.sen_values(record, pupil, values, where)
        for name in ("legal_first_name", "legal_last_name"):
            if not values[name]:
                self.problem(where, PUPIL_ELEMENTS[name], "", "every pupil needs a legal forename and surname.")
        if values["date_of_birth"] is None:
            self.problem(where, "DOB", "", "every pupil needs a date of birth.")

        plan = PupilPlan(record=record, pupil=pupil, values=values)
        if pupil is None:
            self.validate(Pupil(**values), where, exclude=())
            return plan
        plan.status_before = pupil.sen_status
        if pupil.left_school_on is not None:
            plan.returning = True
            values["left_school_on"] = None
            if pupil.removal_reason.startswith("Left the school"):
                values["removed_from_register_on"] = None
                values["removal_reason"] = ""
        changed = {name: value for name, value in values.items() if getattr(pupil, name) != value}
        plan.values = changed | {"sen_status": values["sen_status"]}
        plan.changes = [
            FieldChange(PUPIL_LABELS[name], _shown(getattr(pupil, name)), _shown(value))
            for name, value in changed.items()
        ]
        if changed:
            candidate = Pupil(**{f.attname: getattr(pupil, f.attname) for f in Pupil._meta.concrete_fields})
            for name, value in changed.items():
                setattr(candidate, name, value)
            unchanged = [f.name for f in Pupil._meta.fields if f.name not in changed]
            self.validate(candidate, where, exclude=unchanged)
        return plan

    def sen_values(self, record: records.Pupil, pupil: Pupil | None, values: dict[str, object], where: str) -> None:
        latest = _latest_sen(record)
        status = latest.provision if latest else SenStatus.NO_SEN
        needs = sorted(latest.needs, key=lambda need: need.rank) if latest else []
        before = pupil.sen_status if pupil else ""
        if status == SenStatus.NO_SEN and before == SenStatus.MONITORING:
            status = SenStatus.MONITORING  # the school's own watch on a pupil the census calls N
            values["sen_status"] = status
            return
        values["sen_status"] = status
        if status == SenStatus.NO_SEN:
            values["primary_need"] = ""
            values["secondary_need"] = ""
            if pupil is None:
                values["added_to_register_on"] = self.plan.file_date
            return
        codes = [need.type for need in needs if need.type in AreaOfNeed.values]
        if codes:
            values["primary_need"] = codes[0]
            values["secondary_need"] = next((code for code in codes[1:] if code != codes[0]), "")
        elif status in (SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN) and not (pupil and pupil.primary_need):
            self.problem(
                where,
                "SENneeds",
                status,
                f"{SenStatus(status).label} needs a primary area of need, and the file gives none for this pupil.",
            )
        if pupil is None or before in ("", SenStatus.NO_SEN):
            start = latest.start_date if latest and latest.start_date else self.today
            values["added_to_register_on"] = min(start, self.today)

    def validate(self, candidate: Pupil, where: str, *, exclude: list[str] | tuple[str, ...]) -> None:
        try:
            candidate.clean_fields(exclude=[*exclude, "upn"])
            candidate.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                value = getattr(candidate, name, "")
                for message in messages:
                    self.problem(where, PUPIL_ELEMENTS.get(name, name), _shown(value), message)

    # Parents and carers

    def plan_contacts(self) -> None:
        parents = list(ParentCarer.objects.all())
        parents_by_name: dict[str, list[ParentCarer]] = defaultdict(list)
        for parent in parents:
            parents_by_name[_casefold(f"{parent.first_name} {parent.last_name}")].append(parent)
        matched_pupils = [plan.pupil for plan in self.plan.pupils if plan.pupil is not None]
        links_by_pupil: dict[int, list[PupilParent]] = defaultdict(list)
        for link in PupilParent.objects.filter(pupil__in=matched_pupils).select_related("parent"):
            links_by_pupil[link.pupil_id].append(link)

        plans_by_parent: dict[int, ContactPlan] = {}
        # Every contact this file has given so far, by name, with the emails and phones it gave for them.
        file_by_name: dict[str, list[tuple[ContactPlan, set[str]]]] = defaultdict(list)
        kept_links: set[int] = set()
        link_for: dict[tuple[int, int], PupilParent] = {}

        for pupil_plan in self.plan.pupils:
            record = pupil_plan.record
            own_links = links_by_pupil.get(pupil_plan.pupil.pk, []) if pupil_plan.pupil else []
            for position, contact in enumerate(sorted(record.contacts, key=lambda c: c.order or 99), start=1):
                where = f"Pupil {record.upn}, contact {contact.forename} {contact.surname}".rstrip()
                values = self.parent_values(contact, where)
                if values is None:
                    continue
                name = _casefold(f"{values['first_name']} {values['last_name']}")
                ways = _ways_to_reach(
                    values["email"], [values["mobile_phone"], values["home_phone"], values["work_phone"]]
                )
                child = ChildLink(
                    upn=record.upn,
                    relationship=contact.relationship,
                    parental_responsibility=contact.parental_responsibility,
                    order=contact.order or position,
                    lives_with_pupil=contact.address_as_pupil or not contact.address_lines,
                )
                # 1. The child's own parent of that name on the register: the same person, details updated.
                existing = next(
                    (
                        link.parent
                        for link in own_links
                        if _casefold(f"{link.parent.first_name} {link.parent.last_name}") == name
                    ),
                    None,
                )
                # 2. Someone this file already gave, by name and a shared email or phone (a sibling's parent).
                plan = None
                if existing is None:
                    plan = next((p for p, p_ways in file_by_name[name] if p_ways & ways), None)
                # 3. A parent on the register with that name and a shared email or phone.
                if existing is None and plan is None:
                    existing = next((p for p in parents_by_name.get(name, []) if _parent_ways(p) & ways), None)
                if existing is not None:
                    plan = plans_by_parent.get(existing.pk)
                    if plan is None:
                        plan = ContactPlan(key=f"p{existing.pk}", values=values, parent=existing)
                        plan.changes = self.parent_changes(existing, values)
                        plans_by_parent[existing.pk] = plan
                        self.plan.contacts.append(plan)
                        file_by_name[name].append((plan, set()))
                if plan is None:
                    plan = ContactPlan(key=f"n{len(self.plan.contacts) + 1}", values=values, parent=None)
                    # 4. Same name, nothing else in common: the SENCO says.
                    plan.possibly = next(iter(parents_by_name.get(name, [])), None)
                    self.plan.contacts.append(plan)
                    file_by_name[name].append((plan, set()))
                for candidate, candidate_ways in file_by_name[name]:
                    if candidate is plan:
                        candidate_ways |= ways
                plan.children.append(child)
                if pupil_plan.pupil is not None and plan.parent is not None:
                    link = next((lk for lk in own_links if lk.parent_id == plan.parent.pk), None)
                    if link is not None:
                        kept_links.add(link.pk)
                        link_for[(pupil_plan.pupil.pk, plan.parent.pk)] = link

        self.count_links(link_for)
        gone = [
            link
            for plan in self.plan.pupils
            if plan.pupil is not None
            for link in links_by_pupil.get(plan.pupil.pk, [])
            if link.pk not in kept_links
        ]
        self.plan.gone = self.reasons_to_keep(gone)

    def parent_values(self, contact: records.Contact, where: str) -> dict[str, str] | None:
        if not contact.forename or not contact.surname:
            self.problem(where, "Forename", "", "a contact needs a forename and a surname.")
            return None
        phones = {"mobile_phone": "", "home_phone": "", "work_phone": ""}
        for phone in contact.phones:
            slot = PHONE_FIELDS.get(phone.type.upper())
            if slot is None or phones[slot]:
                slot = next((name for name, number in phones.items() if not number), None)
            if slot is not None:
                phones[slot] = phone.number
        address = "\n".join((*contact.address_lines, contact.postcode)).strip()
        language = LANGUAGES.get(contact.language.upper(), contact.language) if contact.language else ""
        values = {
            "title": contact.title,
            "first_name": contact.forename,
            "last_name": contact.surname,
            "email": contact.email,
            **phones,
            "address": address,
            "preferred_language": language,
        }
        for name, value in values.items():
            limit = PARENT_FIELD_LIMITS[name]
            if limit and len(value) > limit:
                self.problem(where, PARENT_LABELS[name], value[:40], f"longer than the {limit} characters it may be.")
        if contact.email:
            try:
                ParentCarer._meta.get_field("email").run_validators(contact.email)
            except ValidationError:
                self.problem(where, "Email", contact.email, "not an email address.")
        return values

    def parent_changes(self, parent: ParentCarer, values: dict[str, str]) -> list[FieldChange]:
        return [
            FieldChange(PARENT_LABELS[name], _shown(getattr(parent, name)), _shown(value))
            for name, value in values.items()
            if value and getattr(parent, name) != value
        ]

    def count_links(self, link_for: dict[tuple[int, int], PupilParent]) -> None:
        pupil_by_upn = {plan.upn: plan.pupil for plan in self.plan.pupils}
        for contact in self.plan.contacts:
            for child in contact.children:
                pupil = pupil_by_upn.get(child.upn)
                link = link_for.get((pupil.pk, contact.parent.pk)) if pupil and contact.parent else None
                if link is None:
                    self.plan.links_to_make += 1
                elif link_differs(link, child):
                    self.plan.links_to_change += 1

    def reasons_to_keep(self, links: list[PupilParent]) -> list[GoneLink]:
        if not links:
            return []
        flags = {
            parent.pk: parent
            for parent in ParentCarer.objects.filter(pk__in={link.parent_id for link in links}).annotate(
                has_messages=Exists(Message.objects.filter(parent=OuterRef("pk"))),
                has_invitations=Exists(Invitee.objects.filter(parent=OuterRef("pk"))),
            )
        }
        gone = []
        for link in links:
            parent = flags[link.parent_id]
            reasons = []
            if not link.from_mis:
                reasons.append("added here, not from the MIS")
            if parent.user_id:
                reasons.append("has a portal account")
            if parent.has_messages:
                reasons.append("has messages from the school")
            if parent.has_invitations:
                reasons.append("was invited to meetings")
            gone.append(GoneLink(link=link, reasons_to_keep=reasons))
        return gone


def link_differs(link: PupilParent, child: ChildLink) -> bool:
    """What the SENCO would call a change: the relationship, parental responsibility or the order to contact them."""
    return (
        link.relationship != child.relationship
        or link.has_parental_responsibility != child.parental_responsibility
        or link.contact_order != child.order
    )


def plan_import(mis_file: records.MisFile, *, partial: bool = False, today: datetime.date | None = None) -> ImportPlan:
    """What applying `mis_file` would change, and every problem with it. Reads the register; changes nothing."""
    return _Planner(mis_file, partial=partial, today=today or timezone.localdate()).run()
