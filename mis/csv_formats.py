"""Whole-school CSV exports from the MIS: every pupil and their contacts, read into the same records as a CTF.

A school without a CTF to hand exports a student list with contacts from its MIS. We know four sets of column names
(`KNOWN_FORMATS`: SIMS, Arbor, Bromcom and this portal's own register template), each in both layouts the MIS
offer: one row per pupil with the contacts in numbered columns ("Contact 1 Forename", "Contact 2 Forename"...), or
one row per contact with the pupil's columns repeated on each (rows grouped by UPN). A file is recognised by its
headings, whatever their case and spacing; a file we do not recognise raises `NeedsMapping`, and the SENCO's answer
({field name: heading}, kept as a `ColumnMapping` under `headings_key`) reads it next time.

The column names of the three MIS are our best knowledge of their standard reports, not copied from real exports:
they are to be checked against a real export from each before schools are told "it just works"; until then a
different name only means the SENCO maps the columns once.

As with a CTF, every problem is collected and the file refused with all of them (`CTFRefused`), each naming the row
as the spreadsheet numbers it (headings are row 1), the column heading as the file writes it, and the value.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import re
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError

from pupils.import_file import SAVE_AS_CSV, CsvReadError, read_records
from pupils.import_widgets import NeedWidget, UkDateWidget, YearWidget
from pupils.importing import normalise_header
from pupils.models import AreaOfNeed
from pupils.upn import validate_upn

from .csv_columns import (  # noqa: F401 (the tables, named here for the pages and tests that read them)
    CONTACT_FIELDS,
    FIELD_BY_NAME,
    FIELDS,
    KNOWN_FORMATS,
    PUPIL_FIELDS,
    RELATIONSHIP_WORDS,
    SEN_STATUSES,
    CsvFormat,
    Field,
)
from .ctf import MAX_CTF_BYTES, CTFProblem, CTFRefused, _megabytes
from .encoding import decode
from .records import Contact, Header, MisFile, Phone, Pupil, SenNeed, SenRecord

CSV_DOCUMENT_NAME = "CSV export"
MAX_CSV_BYTES = MAX_CTF_BYTES
MAX_CSV_ROWS = 20_000
# Numbered contact columns looked for: no MIS exports more than a handful, 20 leaves room.
MAX_NUMBERED_CONTACTS = 20
HEADINGS = "Row 1 (the headings)"


YES = {"yes", "y", "true", "t", "1"}
NO = {"no", "n", "false", "f", "0", ""}
YEAR_CODES = {-2: "N1", -1: "N2", 0: "R"}
CONTACT_WORDS = re.compile(r"\b(parent|guardian|carer)\b")


def _words(value: str) -> str:
    return " ".join(value.replace(".", " ").split()).casefold()


# --- Which column holds what ---------------------------------------------------------------------------------------


class NeedsMapping(ValueError):
    """We do not recognise the file's headings: the SENCO says which column holds what. `suggestion` is our guess,
    {field name: heading}, for the mapping page to fill in."""

    def __init__(self, headings: list[str], suggestion: dict[str, str]):
        super().__init__("We do not recognise this file's columns: say which column holds what.")
        self.headings = headings
        self.suggestion = suggestion


@dataclass
class _Columns:
    """Positions of the file's columns: the pupil's, and one set per contact (one set in all, for the one row per
    contact layout)."""

    headings: list[str]
    pupil: dict[str, int]
    contacts: list[tuple[int, dict[str, int]]] = field(default_factory=list)
    contact_per_row: bool = False


def headings_key(headings: list[str]) -> str:
    """A stable key for a file's headings, whatever their order, case or spacing: a saved mapping is found by it."""
    keys = sorted(key for heading in headings if (key := normalise_header(heading)))
    return hashlib.sha256("\x1f".join(keys).encode()).hexdigest()


def _index(headings: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, heading in enumerate(headings):
        index.setdefault(normalise_header(heading), position)
    return index


def recognise(headings: list[str]) -> tuple[CsvFormat, bool] | None:
    """The known format the headings are, and whether it is the one-row-per-contact layout; None if none fits."""
    match = _recognise(headings)
    return (match[0], match[1].contact_per_row) if match else None


def _recognise(headings: list[str]) -> tuple[CsvFormat, _Columns] | None:
    index = _index(headings)
    best: tuple[int, CsvFormat, _Columns] | None = None
    for known in KNOWN_FORMATS:
        pupil = {name: index[key] for name, h in known.pupil_headings.items() if (key := normalise_header(h)) in index}
        if any(f.required and f.name not in pupil for f in PUPIL_FIELDS):
            continue
        per_row = {
            name: index[key] for name, h in known.contact_headings.items() if (key := normalise_header(h)) in index
        }
        numbered = []
        for number in range(1, MAX_NUMBERED_CONTACTS + 1):
            slot = {
                name: index[key]
                for name in known.contact_headings
                if (key := normalise_header(known.numbered_heading(name, number))) in index
            }
            if slot:
                numbered.append((number, slot))
        named = per_row.keys() & {"contact_forename", "contact_surname"}
        if named and len(per_row) >= sum(len(slot) for _, slot in numbered):
            columns = _Columns(headings, pupil, [(1, per_row)], contact_per_row=True)
        else:
            columns = _Columns(headings, pupil, numbered)
        score = len(pupil) + sum(len(slot) for _, slot in columns.contacts)
        if best is None or score > best[0]:
            best = (score, known, columns)
    return (best[1], best[2]) if best else None


def _mapped(headings: list[str], mapping: dict[str, str], problems: list[CTFProblem]) -> _Columns:
    """The columns the SENCO chose. Keys are field names; a contact field with ":2" is the second contact's column
    in the numbered layout, without a number the one row per contact layout's."""
    index = _index(headings)
    columns = _Columns(headings, {})
    per_row: dict[str, int] = {}
    numbered: dict[int, dict[str, int]] = {}
    for key, heading in mapping.items():
        if not heading:
            continue
        name, _, number = key.partition(":")
        position = index.get(normalise_header(heading))
        if name not in FIELD_BY_NAME or (number and not number.isdigit()):
            problems.append(CTFProblem(HEADINGS, heading, key, "not something the import reads."))
        elif position is None:
            problems.append(CTFProblem(HEADINGS, heading, "", "this file has no column with this heading."))
        elif not FIELD_BY_NAME[name].is_contact:
            columns.pupil[name] = position
        elif number:
            numbered.setdefault(int(number), {})[name] = position
        else:
            per_row[name] = position
    for missing in (f for f in PUPIL_FIELDS if f.required and f.name not in columns.pupil):
        problems.append(
            CTFProblem(HEADINGS, missing.label, "", f"the import needs the {missing.label}: choose its column.")
        )
    if per_row and numbered:
        problems.append(
            CTFProblem(HEADINGS, "", "", "choose either one row per contact or numbered contact columns, not both.")
        )
    columns.contact_per_row = bool(per_row)
    columns.contacts = [(1, per_row)] if per_row else sorted(numbered.items())
    return columns


def _heading_words(heading: str) -> str:
    # Parents, guardians and carers are all contacts to the import.
    return CONTACT_WORDS.sub("contact", _words(heading.replace("'s", "")))


def suggest_mapping(headings: list[str]) -> dict[str, str]:
    """A guess at {field name: heading} from names like those of the formats we know, for the SENCO to correct."""
    synonyms: dict[str, set[str]] = {f.name: {_heading_words(f.label), f.name.replace("_", " ")} for f in FIELDS}
    numbered: dict[str, set[str]] = {f.name: set() for f in CONTACT_FIELDS}
    for known in KNOWN_FORMATS:
        for name, heading in known.pupil_headings.items():
            synonyms[name].add(_heading_words(heading))
        for name, heading in known.contact_headings.items():
            synonyms[name].add(_heading_words(heading))
            numbered[name].add(_heading_words(known.numbered_heading(name, 0)).replace(" 0 ", " ", 1))
    scored: list[tuple[float, str, str]] = []
    for heading in headings:
        key = _heading_words(heading)
        if not key:
            continue
        for name, names in synonyms.items():
            scored.append((_likeness(key, names), name, heading))
        number = re.search(r"\b(\d{1,2})\b", key)
        if number:
            unnumbered = " ".join((key[: number.start()] + key[number.end() :]).split())
            for name, names in numbered.items():
                scored.append((_likeness(unnumbered, names) - 0.01, f"{name}:{int(number.group(1))}", heading))
    suggestion: dict[str, str] = {}
    for score, name, heading in sorted(scored, key=lambda s: -s[0]):
        if score >= 0.8 and name not in suggestion and heading not in suggestion.values():
            suggestion[name] = heading
    return {name: suggestion[name] for name in sorted(suggestion, key=_field_order)}


def _likeness(key: str, names: set[str]) -> float:
    """How alike a heading is to any of a field's names: by letters, or by words ("Pupil UPN" holds "UPN")."""
    best = 0.0
    words = set(key.split())
    for name in names:
        score = difflib.SequenceMatcher(None, key, name).ratio()
        other = set(name.split())
        if words <= other or other <= words:
            score = max(score, 0.8 + 0.15 * len(words & other) / len(words | other))
        best = max(best, score)
    return best


def _field_order(key: str) -> tuple[int, int]:
    name, _, number = key.partition(":")
    return (int(number or 0), list(FIELD_BY_NAME).index(name))


# --- Reading -------------------------------------------------------------------------------------------------------


def read_upload(
    data: bytes, *, encoding: str = "", mapping: dict[str, str] | None = None, partial: bool = False
) -> MisFile:
    """An uploaded CSV file's pupils. EncodingQuestion, NeedsMapping and CTFRefused say what stops it."""
    if len(data) > MAX_CSV_BYTES:
        raise CTFRefused(
            [
                CTFProblem(
                    "The file",
                    "",
                    "",
                    f"it is {_megabytes(len(data))}, over the limit of {_megabytes(MAX_CSV_BYTES)} for a CSV file.",
                )
            ]
        )
    for start, kind in ((b"PK\x03\x04", "an Excel workbook (.xlsx)"), (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 (.xls)")):
        if data.startswith(start):
            raise CTFRefused([CTFProblem("The file", "", "", f"this is {kind}, not a CSV file. {SAVE_AS_CSV}")])
    return read_csv(decode(data, encoding), mapping=mapping, partial=partial)


def read_csv(text: str, *, mapping: dict[str, str] | None = None, partial: bool = False) -> MisFile:
    """The pupils in a CSV export's text, or NeedsMapping (headings not known, no mapping), or CTFRefused listing
    every problem found."""
    try:
        records = read_records(text.removeprefix("\ufeff"))
    except CsvReadError as error:
        where = f"Row {error.row}" if error.row else "The file"
        raise CTFRefused([CTFProblem(where, "", "", str(error))]) from None
    if not records:
        raise CTFRefused([CTFProblem("The file", "", "", "it is empty.")])
    if len(records) - 1 > MAX_CSV_ROWS:
        raise CTFRefused(
            [
                CTFProblem(
                    "The file",
                    "",
                    f"{len(records) - 1:,} rows",
                    f"one file may hold at most {MAX_CSV_ROWS:,} rows. Split it (for example by year group, each "
                    "part with the column headings) and import each part.",
                )
            ]
        )
    headings = [heading.strip() for heading in records[0].cells]
    problems: list[CTFProblem] = []
    if mapping is not None:
        columns = _mapped(headings, mapping, problems)
    else:
        recognised = _recognise(headings)
        if recognised is None:
            raise NeedsMapping(headings, suggest_mapping(headings))
        columns = recognised[1]
    _check_contact_columns(columns, problems)
    if problems:
        raise CTFRefused(problems)
    reader = _Reader(columns)
    for record in records[1:]:
        if not _run_on(record, columns.headings, reader.problems):
            reader.row(record.number, record.cells)
    if reader.problems:
        raise CTFRefused(reader.problems)
    return MisFile(
        header=Header(document_name=CSV_DOCUMENT_NAME, qualifier="partial" if partial else "full"),
        pupils=tuple(reader.pupils()),
    )


def _run_on(record, headings: list[str], problems: list[CTFProblem]) -> bool:
    """A value over several lines that holds whole rows: a quote mark opened on this row and closed only lines later
    swallowed the lines between (other pupils) into one value. Named with both lines, not read as a very long
    surname. An address typed over several lines in one quoted cell is fine: its lines are not rows."""
    enough = max(len(headings) // 2, 2)
    for position, cell in enumerate(record.cells):
        lines = cell.splitlines()
        if len(lines) > 1 and any(max(line.count(sep) for sep in ",;\t") >= enough for line in lines):
            last = record.line + len(cell.splitlines()) - 1
            heading = headings[position] if position < len(headings) else ""
            shown = cell.splitlines()[0][:40]
            problems.append(
                CTFProblem(
                    f"Row {record.number}",
                    heading,
                    shown,
                    f'a quote mark (") on line {record.line} of the file is closed only on line {last}, so those '
                    "lines were read as one value. Remove the stray quote mark.",
                )
            )
            return True
    return False


def _check_contact_columns(columns: _Columns, problems: list[CTFProblem]) -> None:
    """Contacts need a name and a relationship: said once for the missing column, not once for every contact."""
    for number, slot in columns.contacts:
        whose = "each contact's" if columns.contact_per_row else f"contact {number}'s"
        if "contact_relationship" not in slot:
            problems.append(CTFProblem(HEADINGS, "", "", f"there is no column for {whose} relationship to the pupil."))
        if not slot.keys() & {"contact_forename", "contact_surname"}:
            problems.append(CTFProblem(HEADINGS, "", "", f"there is no column for {whose} forename or surname."))


class _Reader:
    """Turns rows into records, noting each problem rather than stopping at the first."""

    def __init__(self, columns: _Columns) -> None:
        self.columns = columns
        self.problems: list[CTFProblem] = []
        # UPN -> (the pupil without contacts, their first row, its pupil values), in the file's order.
        self.by_upn: dict[str, tuple[Pupil, int, dict[str, str]]] = {}
        self.contacts: dict[str, list[Contact]] = {}

    def pupils(self) -> list[Pupil]:
        # A row with no UPN is never here: it is a problem, and the file is refused.
        return [replace(pupil, contacts=tuple(self.contacts[upn])) for upn, (pupil, _, _) in self.by_upn.items()]

    def problem(self, where: str, position: int | str, value: str, message: str) -> None:
        heading = self.columns.headings[position] if isinstance(position, int) else position
        self.problems.append(CTFProblem(where, heading, value, message))

    def row(self, number: int, cells: list[str]) -> None:
        width = len(self.columns.headings)
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            self.problem(
                f"Row {number}",
                "",
                "",
                f"this row has {len(cells)} values but there are {width} column headings. Check for a comma inside "
                "a value, such as a name.",
            )
            return
        cell = lambda position: " ".join(cells[position].split()) if position < len(cells) else ""  # noqa: E731
        values = {name: cell(position) for name, position in self.columns.pupil.items()}
        upn = values.get("upn", "").upper()
        where = f"Row {number} (UPN {upn})" if upn else f"Row {number}"
        first = self.by_upn.get(upn)
        if first and self.columns.contact_per_row:
            self.same_details(where, values, first[1], first[2])
        else:
            if first:
                self.problem(where, self.columns.pupil["upn"], upn, f"the same UPN as row {first[1]}: each pupil once.")
            pupil = self.pupil(where, values)
            if upn and not first:
                self.by_upn[upn] = (pupil, number, values)
                self.contacts[upn] = []
        for slot_number, slot in self.columns.contacts:
            contact_values = {name: cell(position) for name, position in slot.items()}
            if any(contact_values.values()) and upn in self.contacts:
                known = self.contacts[upn]
                order = slot_number if not self.columns.contact_per_row else len(known) + 1
                known.append(self.contact(where, slot, contact_values, order))

    def same_details(self, where: str, values: dict[str, str], first_row: int, first: dict[str, str]) -> None:
        for name, value in values.items():
            if value != first[name]:
                said = f"'{first[name]}'" if first[name] else "nothing"
                self.problem(
                    where,
                    self.columns.pupil[name],
                    value,
                    f"row {first_row} says {said} for this pupil: a pupil's details must be the same on each of "
                    "their rows.",
                )

    def pupil(self, where: str, values: dict[str, str]) -> Pupil:
        pupil = self.columns.pupil

        def required(name: str, what: str) -> str:
            if not values[name]:
                self.problem(where, pupil[name], "", f"every pupil needs {what}.")
            return values[name]

        upn = required("upn", "a UPN").upper()
        self.upn(where, pupil["upn"], upn)
        former_upn = values.get("former_upn", "").upper()
        self.upn(where, pupil.get("former_upn", 0), former_upn)
        date_of_birth = self.date(where, pupil["date_of_birth"], required("date_of_birth", "a date of birth"))
        if date_of_birth and date_of_birth > datetime.date.today():
            self.problem(where, pupil["date_of_birth"], values["date_of_birth"], "a date of birth in the future.")
        status = self.sen_status(where, pupil["sen_status"], values["sen_status"])
        needs = []
        for rank, name in ((1, "primary_need"), (2, "secondary_need")):
            need = self.need(where, pupil.get(name, 0), values.get(name, ""))
            if need and need in needs:
                self.problem(where, pupil[name], values[name], "the same as the primary need: leave it blank.")
            elif need:
                needs.append(need)
            if need and rank == 2 and not values.get("primary_need"):
                self.problem(where, pupil[name], values[name], "a secondary need with no primary need.")
        return Pupil(
            upn=upn,
            surname=required("surname", "a legal surname"),
            forename=required("forename", "a legal forename"),
            date_of_birth=date_of_birth,
            former_upn=former_upn,
            preferred_forename=values.get("preferred_forename", ""),
            year_group=self.year_group(where, pupil["year_group"], values["year_group"]),
            form=values.get("form", ""),
            sen_history=(
                SenRecord(
                    start_date=self.date(where, pupil.get("sen_start_date", 0), values.get("sen_start_date", "")),
                    provision=status,
                    needs=tuple(SenNeed(type=need, rank=rank) for rank, need in enumerate(needs, start=1)),
                ),
            ),
        )

    def upn(self, where: str, position: int, upn: str) -> None:
        if upn:
            try:
                validate_upn(upn)
            except ValidationError as error:
                self.problem(where, position, upn, " ".join(error.messages))

    def date(self, where: str, position: int, value: str) -> datetime.date | None:
        if not value:
            return None
        # Excel sometimes adds a midnight time to a date ("14/03/2015 00:00").
        text = value.split(" ")[0]
        for pattern in UkDateWidget.FORMATS:
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        self.problem(where, position, value, "not a date: write dates as dd/mm/yyyy or yyyy-mm-dd.")
        return None

    def year_group(self, where: str, position: int, value: str) -> str:
        if not value:
            self.problem(where, position, "", "every pupil needs a year group.")
            return ""
        if value.upper() == "X":  # outside the national curriculum years, as the CTF writes it
            return "X"
        try:
            year = YearWidget().clean(value)
        except ValueError:
            self.problem(where, position, value, "not a year group: N1, N2, R, a number from 1 to 14, or 'Year 7'.")
            return ""
        return YEAR_CODES.get(year, str(year))

    def sen_status(self, where: str, position: int, value: str) -> str:
        status = SEN_STATUSES.get(_words(value), "") if value else "N"
        if not status:
            self.problem(
                where,
                position,
                value,
                "not an SEN status: N (no SEN), K (SEN support), E (EHC plan) or M (monitoring); the words work too.",
            )
        return status

    def need(self, where: str, position: int, value: str) -> str:
        if not value:
            return ""
        need = NeedWidget.WORDS.get(value.casefold(), "")
        if not need:
            self.problem(where, position, value, f"not an area of need: use one of {', '.join(AreaOfNeed.values)}.")
        return need

    def contact(self, where: str, slot: dict[str, int], values: dict[str, str], order: int) -> Contact:
        get = values.get
        if get("contact_order"):
            if get("contact_order", "").isdigit():
                order = int(values["contact_order"])
            else:
                self.problem(where, slot["contact_order"], values["contact_order"], "an order is a whole number.")
        if not (get("contact_forename") or get("contact_surname")):
            position = slot.get("contact_surname", slot.get("contact_forename", next(iter(slot.values()))))
            self.problem(where, position, "", "this contact has no name: give a forename or a surname.")
        relationship = _words(get("contact_relationship", "").replace("_", " "))
        code = RELATIONSHIP_WORDS.get(relationship, "")
        if not relationship:
            self.problem(
                where,
                slot.get("contact_relationship", "Relationship"),
                "",
                "say how this contact is related to the pupil: for example Mother, Father, Carer or Other.",
            )
        elif not code:
            self.problem(
                where,
                slot["contact_relationship"],
                values["contact_relationship"],
                "not a relationship we know: for example Mother, Father, Step-father, Grandmother, Foster carer, "
                "Carer, Social worker, Aunt or Other.",
            )
        responsibility = get("contact_responsibility", "").casefold()
        if responsibility not in YES | NO:
            self.problem(where, slot["contact_responsibility"], values["contact_responsibility"], "Yes or No.")
        phones = (("M", "contact_mobile"), ("H", "contact_home_phone"), ("W", "contact_work_phone"))
        address = ("contact_address_1", "contact_address_2", "contact_address_3", "contact_town")
        return Contact(
            order=order,
            title=get("contact_title", ""),
            surname=get("contact_surname", ""),
            forename=get("contact_forename", ""),
            relationship_code=code,
            parental_responsibility=responsibility in YES,
            email=get("contact_email", ""),
            phones=tuple(Phone(type=kind, number=get(name, "")) for kind, name in phones if get(name)),
            address_lines=tuple(get(name, "") for name in address if get(name)),
            postcode=get("contact_postcode", "").upper(),
            language=get("contact_language", ""),
        )
