"""A pupil who leaves: their record as a Common Transfer File (CTF) for the next school.

`pupil_record` turns one pupil of the register into the CTF's `records.Pupil` (details, SEN history from the record's
own history, parents and carers as contacts); `transfer_file` wraps pupils in a file from this school;
`transfer_ctf_bytes` writes it and `ctf_file_name` names it as the DfE does. `sen_changes` is the SEN history in the
school's own words, for the SEN file that goes with the CTF (mis/sen_file.py).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from common.downloads import file_name
from pupils.models import ParentCarer, Pupil, PupilParent, Relationship, SenStatus, YearGroup
from school.models import School

from . import records
from .ctf_writer import write_ctf
from .records import DOCUMENT_NAME, RELATIONSHIP_CODES

# The DfE's CTF specification this file follows: CTF 26.0 (the 2025/26 school year), whose element names
# mis/ctf_writer.py writes (Sex rather than Gender, the needs inside each SEN record).
CTF_VERSION = "26.0"

# The CTF's NCyearActual for the register's year groups: nursery 1 and 2, reception, then years 1 to 14.
CTF_YEAR_GROUPS: dict[int, str] = {
    YearGroup.NURSERY_1: "N1",
    YearGroup.NURSERY_2: "N2",
    YearGroup.RECEPTION: "R",
    **{year: str(year) for year in range(1, 15)},
}

# The census knows N (no SEN), K (SEN support) and E (EHC plan). The school's own "monitoring" is a concern, not
# SEN provision, so the next school is told N; and the census records a type of need only for K and E.
CTF_PROVISIONS: dict[str, str] = {
    SenStatus.NO_SEN: "N",
    SenStatus.MONITORING: "N",
    SenStatus.SEN_SUPPORT: "K",
    SenStatus.EHC_PLAN: "E",
}

# The CTF has a code for a step-, grand- or foster mother and another for the father; the register has one
# relationship for both. A title that says which is used; otherwise (no title, Mx, Dr) RELATIONSHIP_CODES decides.
_FATHER_MOTHER_CODES = {
    Relationship.STEP_PARENT: ("STF", "STM"),
    Relationship.GRANDPARENT: ("GRF", "GRM"),
    Relationship.FOSTER_CARER: ("FOF", "FOM"),
}
CODES_BY_TITLE: dict[tuple[str, str], str] = {}
for _relationship, (_father, _mother) in _FATHER_MOTHER_CODES.items():
    CODES_BY_TITLE[(_relationship, "mr")] = _father
    for _title in ("mrs", "ms", "miss"):
        CODES_BY_TITLE[(_relationship, _title)] = _mother


# A whole UK postcode (outward and inward parts), as people type it: any case, one space or none.
POSTCODE = re.compile(r"(?:^|\s)([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$", re.IGNORECASE)
# The CTF has AddressLine1 to AddressLine5.
MAX_ADDRESS_LINES = 5
# ParentCarer.preferred_language starts as "English" for everyone, so it does not tell whether anyone asked:
# the CTF leaves out what it does not know, and the next school asks.
UNRECORDED_LANGUAGE = "english"


@dataclass(frozen=True)
class SenChange:
    """The pupil's SEN status and needs from `start_date` on, in the school's words (monitoring kept)."""

    start_date: datetime.date
    status: str
    primary_need: str = ""
    secondary_need: str = ""

    @property
    def state(self) -> tuple[str, str, str]:
        return (self.status, self.primary_need, self.secondary_need)

    def get_status_display(self) -> str:
        return SenStatus(self.status).label if self.status in SenStatus.values else self.status


def sen_changes(pupil: Pupil, history: Iterable[tuple] | None = None) -> list[SenChange]:
    """Each change of the pupil's SEN status or needs, oldest first, the current one last: one query, unless
    `history` (rows of status, primary need, secondary need, history_date, oldest first) is given."""
    if history is None:
        history = _history_rows([pupil.pk])[pupil.pk]
    changes: list[SenChange] = []
    for status, primary, secondary, when in history:
        _note(changes, SenChange(timezone.localdate(when), status, primary, secondary))
    # Saved without a history row (an update in bulk): the record as it stands today is still the current one.
    _note(
        changes, SenChange(timezone.localdate(), pupil.sen_status, pupil.primary_need, pupil.secondary_need), now=True
    )
    # The portal may have come to know the pupil after the SENCO put them on the register (typed in, or imported).
    first = changes[0]
    if pupil.added_to_register_on and pupil.added_to_register_on < first.start_date:
        changes[0] = SenChange(pupil.added_to_register_on, *first.state)
    return changes


def _note(changes: list[SenChange], change: SenChange, *, now: bool = False) -> None:
    if changes and changes[-1].state == change.state:
        return
    if now and changes:
        # The current state differs from the last saved one: it holds from today.
        change = SenChange(max(change.start_date, changes[-1].start_date), *change.state)
    if changes and changes[-1].start_date == change.start_date:
        # Several changes in one day: the state the day ended with.
        changes.pop()
        if changes and changes[-1].state == change.state:
            return
    changes.append(change)


def _history_rows(pupil_ids: list[int]) -> dict[int, list[tuple]]:
    rows: dict[int, list[tuple]] = defaultdict(list)
    history = (
        Pupil.history.filter(id__in=pupil_ids)
        .order_by("history_date", "history_id")
        .values_list("id", "sen_status", "primary_need", "secondary_need", "history_date")
    )
    for pupil_id, *row in history:
        rows[pupil_id].append(tuple(row))
    return rows


def ctf_sen_history(changes: list[SenChange]) -> tuple[records.SenRecord, ...]:
    """The SEN history in census codes: monitoring becomes N, so two changes may become one record."""
    sen_records: list[records.SenRecord] = []
    for change in changes:
        provision = CTF_PROVISIONS.get(change.status, "N")
        needs = ()
        if provision != "N":
            needs = tuple(
                records.SenNeed(type=need, rank=rank)
                for rank, need in enumerate((change.primary_need, change.secondary_need), start=1)
                if need
            )
        if sen_records and (sen_records[-1].provision, sen_records[-1].needs) == (provision, needs):
            continue
        sen_records.append(records.SenRecord(start_date=change.start_date, provision=provision, needs=needs))
    return tuple(sen_records)


def pupil_record(pupil: Pupil, *, history: Iterable[tuple] | None = None) -> records.Pupil:
    """One pupil as the CTF describes them. Two queries (the record's history, the parents and carers) whatever
    the number of contacts; none for the contacts when `parent_links` were prefetched with their parents."""
    return records.Pupil(
        upn=pupil.upn or "",
        surname=pupil.legal_last_name,
        forename=pupil.legal_first_name,
        date_of_birth=pupil.date_of_birth,
        former_upn=pupil.former_upn,
        preferred_forename=pupil.preferred_name,
        year_group=CTF_YEAR_GROUPS.get(pupil.year_group, "X"),
        form=pupil.form,
        sen_history=ctf_sen_history(sen_changes(pupil, history)),
        contacts=tuple(_contact(order, link) for order, link in enumerate(_parent_links(pupil), start=1)),
    )


def _parent_links(pupil: Pupil) -> list[PupilParent]:
    if "parent_links" in getattr(pupil, "_prefetched_objects_cache", {}):
        return list(pupil.parent_links.all())
    return list(pupil.parent_links.select_related("parent"))


def _contact(order: int, link: PupilParent) -> records.Contact:
    parent: ParentCarer = link.parent
    lines, postcode = address_parts(parent.address)
    phones = tuple(
        records.Phone(type=kind, number=number.strip())
        for kind, number in (("M", parent.mobile_phone), ("H", parent.home_phone), ("W", parent.work_phone))
        if number.strip()
    )
    language = parent.preferred_language.strip()
    return records.Contact(
        # Numbered 1, 2, 3... in contact order: two links may both say "1", and the CTF's order is a ranking.
        order=order,
        title=parent.title,
        surname=parent.last_name,
        forename=parent.first_name,
        relationship_code=relationship_code(link.relationship, parent.title),
        parental_responsibility=link.has_parental_responsibility,
        email=parent.email,
        phones=phones,
        address_lines=lines,
        postcode=postcode,
        language="" if language.lower() == UNRECORDED_LANGUAGE else language,
    )


def relationship_code(relationship: str, title: str = "") -> str:
    """The CTF code for the register's relationship, the title telling a step-mother from a step-father."""
    title = title.strip().rstrip(".").lower()
    return CODES_BY_TITLE.get((relationship, title)) or RELATIONSHIP_CODES.get(relationship, "OTH")


def address_parts(address: str) -> tuple[tuple[str, ...], str]:
    """A typed address as CTF address lines and a postcode: one line per line typed (or per comma, when it was
    typed on one line), the postcode taken from the end of the last line when it is a UK postcode."""
    lines = [line.strip(" ,") for line in address.splitlines() if line.strip(" ,")]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    postcode = ""
    if lines and (match := POSTCODE.search(lines[-1])):
        postcode = f"{match[1]} {match[2]}".upper()
        rest = lines[-1][: match.start()].strip(" ,")
        lines[-1:] = [rest] if rest else []
    if len(lines) > MAX_ADDRESS_LINES:
        lines[MAX_ADDRESS_LINES - 1 :] = [", ".join(lines[MAX_ADDRESS_LINES - 1 :])]
    return tuple(lines), postcode


def transfer_file(pupils: list[Pupil], destination: records.School | None = None) -> records.MisFile:
    """A partial CTF from this school holding `pupils` (only they are leaving), to `destination` if known.
    A constant number of queries, whatever the number of pupils and contacts."""
    school = School.load()
    header = records.Header(
        document_name=DOCUMENT_NAME,
        version=CTF_VERSION,
        # The CTF's DateTime is the school's wall-clock time, with no offset.
        date_time=timezone.localtime().replace(microsecond=0, tzinfo=None),
        qualifier="partial",
        source=records.School(lea=school.la_number, estab=school.establishment_number, name=school.name),
        destination=destination or records.School(),
    )
    pupils = list(pupils)
    prefetch_related_objects(pupils, Prefetch("parent_links", queryset=PupilParent.objects.select_related("parent")))
    history = _history_rows([pupil.pk for pupil in pupils])
    return records.MisFile(
        header=header, pupils=tuple(pupil_record(pupil, history=history[pupil.pk]) for pupil in pupils)
    )


def transfer_ctf_bytes(pupils: list[Pupil], destination: records.School | None = None) -> bytes:
    """The CTF for `pupils` as XML bytes, ready to send."""
    return write_ctf(transfer_file(pupils, destination))


def ctf_file_name(header: records.Header, *, sequence: int = 1, label: Iterable[object] = ()) -> str:
    """The DfE's name for a CTF, `LLLEEEE_CTF_DDDEEEE_NNN.xml` (source LA and establishment, destination LA and
    establishment, a sequence number), when both schools' numbers are known; otherwise a readable name from
    `label`, the source school's number if known and the date, e.g. `CTF-8234001-Ashworth-12-2026-07-15.xml`."""
    source, destination = _dfe_number(header.source), _dfe_number(header.destination)
    if source and destination:
        return f"{source}_CTF_{destination}_{sequence:03d}.xml"
    day = header.date_time.date() if header.date_time else timezone.localdate()
    return file_name("CTF", source, *label, day.isoformat(), ending=".xml")


def _dfe_number(school: records.School) -> str | None:
    number = f"{school.lea}{school.estab}"
    return number if re.fullmatch(r"[0-9]{7}", number) and len(school.lea) == 3 else None
