"""The DfE Common Transfer File (CTF): read one into plain frozen dataclasses, and write them back as CTF XML.

Only the parts the SEND register needs: the header, each pupil's basic details, SEN history with needs, and contacts.
Everything else in a CTF (attendance, assessments, FSM...) is skipped on reading and not written.

Element names follow the CTF layout schools' MIS export (`CTfile` > `Header`, `CTFpupilData` > `Pupil`, with
`BasicDetails`, `SENhistory` > `SEN` / `SENneeds` > `SENneed`, `Contacts` > `Contact`). Where the name changed
between versions both are read: the pupil's `Gender` became `Sex`; needs may sit in each `SEN` record or, in older
files, once beside them in `SENhistory` (they then belong to the latest record). Files are written in the newer form.

Reading never trusts the file: it is parsed by defusedxml, so a DTD, entity expansion (the "billion laughs") or an
external entity is refused, never expanded or fetched; then every element is checked and every problem collected,
so the SENCO sees all of them at once (`CTFRefused.problems`), each naming the pupil, the element and the value.
"""

from __future__ import annotations

import datetime
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from django.core.exceptions import ValidationError

from pupils.models import AreaOfNeed
from pupils.upn import validate_upn

from .records import (  # noqa: F401 (the reader's and writer's types, named here for their callers)
    DOCUMENT_NAME,
    RELATIONSHIPS,
    Contact,
    CTFile,
    Header,
    MisFile,
    Phone,
    Pupil,
    School,
    SenNeed,
    SenRecord,
)

# A whole-school CTF of 2,000 pupils with contacts and SEN history is about 5 MB; 25 MB leaves room for a very large
# school and still refuses a file that would hold the web worker for long.
MAX_CTF_BYTES = 25 * 1024 * 1024

QUALIFIERS = ("full", "partial")
# SEN provision in the school census since 2014: N no SEN, K SEN support, E EHC plan.
SEN_PROVISIONS = ("N", "K", "E")
NEED_TYPES = tuple(AreaOfNeed.values)
# NCyearActual: nursery 1 and 2, reception, years 1 to 14, X for a pupil outside the national curriculum years.
YEAR_GROUPS = ("N1", "N2", "R", *(str(n) for n in range(1, 15)), "X")

BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


@dataclass(frozen=True)
class CTFProblem:
    """One thing wrong with the file: where (the pupil, or the file), which element, the value, and what is wrong."""

    where: str
    element: str
    value: str
    message: str

    def __str__(self) -> str:
        value = f" '{self.value}'" if self.value else ""
        element = f", <{self.element}>" if self.element else ""
        return f"{self.where}{element}{value}: {self.message}"


class CTFRefused(ValueError):
    """The file cannot be read as a CTF; `problems` lists every reason found."""

    def __init__(self, problems: list[CTFProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def read_ctf(data: bytes) -> CTFile:
    """The CTF in `data`, or CTFRefused listing every problem found in it."""
    if len(data) > MAX_CTF_BYTES:
        raise CTFRefused(
            [
                CTFProblem(
                    "The file",
                    "CTfile",
                    "",
                    f"it is {_megabytes(len(data))}, over the limit of {_megabytes(MAX_CTF_BYTES)} for a CTF file.",
                )
            ]
        )
    root = _parse(data)
    if root.tag != "CTfile":
        raise CTFRefused([CTFProblem("The file", root.tag, "", "this is not a Common Transfer File (no <CTfile>).")])
    reader = _Reader()
    header = reader.header(root.find("Header"))
    pupils = tuple(
        reader.pupil(element, row) for row, element in enumerate(root.findall("CTFpupilData/Pupil"), start=1)
    )
    if reader.problems:
        raise CTFRefused(reader.problems)
    return CTFile(header=header, pupils=pupils)


def _megabytes(size: int) -> str:
    # Rounded up, so a file just over the limit never reads as the limit itself.
    tenths = math.ceil(size * 10 / (1024 * 1024))
    return f"{tenths // 10} MB" if tenths % 10 == 0 else f"{tenths / 10:.1f} MB"


def _parse(data: bytes) -> Element:
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise CTFRefused(
            [
                CTFProblem(
                    "The file",
                    "!DOCTYPE",
                    "",
                    "it declares a DTD or XML entities, which a CTF never has: refused, nothing expanded or fetched.",
                )
            ]
        ) from None
    except ET.ParseError as error:
        line, column = error.position
        raise CTFRefused(
            [
                CTFProblem(
                    "The file",
                    "CTfile",
                    "",
                    f"it is not well-formed XML (line {line}, column {column}): it may have been cut off or "
                    "edited by hand. Export it from the MIS again.",
                )
            ]
        ) from None
    # Some MIS write a default namespace; the element names are what matter.
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]
    return root


def _text(element: Element | None, path: str) -> str:
    found = element.find(path) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


class _Reader:
    """Turns elements into dataclasses, noting each problem rather than stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[CTFProblem] = []
        self.seen_upns: dict[str, str] = {}

    def problem(self, where: str, element: str, value: str, message: str) -> None:
        self.problems.append(CTFProblem(where, element, value, message))

    def date(self, where: str, element: str, value: str) -> datetime.date | None:
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.problem(where, element, value, "not a date (a CTF writes dates as YYYY-MM-DD).")
            return None

    def header(self, element: Element | None) -> Header:
        where = "The header"
        if element is None:
            self.problem(where, "Header", "", "the file has no header.")
            return Header()
        stamp = _text(element, "DateTime")
        date_time = None
        if stamp:
            try:
                date_time = datetime.datetime.fromisoformat(stamp)
            except ValueError:
                self.problem(where, "DateTime", stamp, "not a date and time (YYYY-MM-DDThh:mm:ss).")
        qualifier = _text(element, "DocumentQualifier").lower() or "full"
        if qualifier not in QUALIFIERS:
            self.problem(where, "DocumentQualifier", qualifier, "a CTF is either 'full' or 'partial'.")
        return Header(
            document_name=_text(element, "DocumentName"),
            version=_text(element, "CTFversion"),
            date_time=date_time,
            qualifier=qualifier,
            source=self.school(element.find("SourceSchool")),
            destination=self.school(element.find("DestSchool")),
        )

    def school(self, element: Element | None) -> School:
        return School(lea=_text(element, "LEA"), estab=_text(element, "Estab"), name=_text(element, "SchoolName"))

    def pupil(self, element: Element, row: int) -> Pupil:
        upn = _text(element, "UPN").upper()
        where = f"Pupil {row} (UPN {upn})" if upn else f"Pupil {row}"
        self.upn(where, "UPN", upn, required=True)
        if upn:
            if upn in self.seen_upns:
                self.problem(where, "UPN", upn, f"the same UPN as {self.seen_upns[upn]}: each pupil once.")
            else:
                self.seen_upns[upn] = f"pupil {row}"
        basic = element.find("BasicDetails")
        former_upn = _text(basic, "FormerUPN").upper()
        self.upn(where, "FormerUPN", former_upn, required=False)
        year_group = _text(basic, "NCyearActual").upper()
        if year_group and year_group not in YEAR_GROUPS:
            self.problem(where, "NCyearActual", year_group, "not a national curriculum year (N1, N2, R, 1-14, X).")

        def detail(name: str) -> str:
            # Older files have the names and date of birth in BasicDetails, newer ones directly in Pupil.
            return _text(element, name) or _text(basic, name)

        sex_element = "Sex" if detail("Sex") else "Gender"
        return Pupil(
            upn=upn,
            surname=detail("Surname"),
            forename=detail("Forename"),
            date_of_birth=self.date(where, "DOB", detail("DOB")),
            sex=detail(sex_element).upper(),
            former_upn=former_upn,
            middle_names=detail("MiddleNames"),
            preferred_surname=detail("PreferredSurname"),
            preferred_forename=detail("PreferredForename"),
            year_group=year_group,
            sen_history=self.sen_history(where, element.find("SENhistory")),
            contacts=tuple(self.contact(where, contact) for contact in element.findall("Contacts/Contact")),
        )

    def upn(self, where: str, element: str, upn: str, *, required: bool) -> None:
        if not upn:
            if required:
                self.problem(where, element, "", "every pupil needs a UPN.")
            return
        try:
            validate_upn(upn)
        except ValidationError as error:
            self.problem(where, element, upn, " ".join(error.messages))

    def sen_history(self, where: str, element: Element | None) -> tuple[SenRecord, ...]:
        if element is None:
            return ()
        records = [
            SenRecord(
                start_date=self.date(where, "StartDate", _text(sen, "StartDate")),
                provision=self.provision(where, _text(sen, "SENprovision").upper()),
                needs=self.needs(where, sen.findall("SENneeds/SENneed")),
            )
            for sen in element.findall("SEN")
        ]
        older_needs = element.findall("SENneeds/SENneed")
        if older_needs:
            if not records:
                self.problem(where, "SENneeds", "", "needs with no SEN record (start date and provision) to go with.")
            else:
                latest = max(records, key=lambda record: record.start_date or datetime.date.min)
                index = records.index(latest)
                records[index] = SenRecord(
                    latest.start_date, latest.provision, latest.needs + self.needs(where, older_needs)
                )
        return tuple(records)

    def provision(self, where: str, code: str) -> str:
        if code not in SEN_PROVISIONS:
            self.problem(where, "SENprovision", code, "not an SEN provision code (N, K or E).")
        return code

    def needs(self, where: str, elements: list[Element]) -> tuple[SenNeed, ...]:
        needs = []
        for element in elements:
            code = _text(element, "SENtype").upper()
            if code not in NEED_TYPES:
                self.problem(where, "SENtype", code, f"not an SEN need code ({', '.join(NEED_TYPES)}).")
            rank_text = _text(element, "SENtypeRank") or "1"
            rank = int(rank_text) if rank_text.isdigit() and int(rank_text) > 0 else 0
            if not rank:
                self.problem(where, "SENtypeRank", rank_text, "a need's rank is a whole number: 1 for the main need.")
            needs.append(SenNeed(type=code, rank=rank))
        return tuple(needs)

    def contact(self, where: str, element: Element) -> Contact:
        name = " ".join(filter(None, (_text(element, "Forename"), _text(element, "Surname")))) or "no name"
        where = f"{where}, contact {name}"
        order_text = _text(element, "Order")
        order = int(order_text) if order_text.isdigit() else None
        if order_text and order is None:
            self.problem(where, "Order", order_text, "a contact's order is a whole number (1 first).")
        code = _text(element, "Relationship").upper()
        if code not in RELATIONSHIPS:
            self.problem(where, "Relationship", code, f"not a relationship code ({', '.join(RELATIONSHIPS)}).")
        address = element.find("Address")
        return Contact(
            order=order,
            title=_text(element, "Title"),
            surname=_text(element, "Surname"),
            forename=_text(element, "Forename"),
            relationship_code=code,
            parental_responsibility=self.boolean(where, "Responsibility", _text(element, "Responsibility")),
            email=_text(element, "Email"),
            phones=tuple(
                Phone(type=_text(phone, "TelephoneType"), number=_text(phone, "PhoneNo"))
                for phone in element.findall("Phones/Phone")
            ),
            address_as_pupil=self.boolean(where, "AddressAsPupil", _text(address, "AddressAsPupil")),
            address_lines=_address_lines(address),
            postcode=_text(address, "Postcode") or _text(address, "BS7666Address/Postcode"),
            language=_text(element, "Language"),
        )

    def boolean(self, where: str, element: str, value: str) -> bool:
        # Absent means no: parental responsibility is never assumed.
        if not value:
            return False
        if value.lower() not in BOOLEANS:
            self.problem(where, element, value, "should be true or false.")
            return False
        return BOOLEANS[value.lower()]


def _address_lines(address: Element | None) -> tuple[str, ...]:
    if address is None:
        return ()
    lines = address.find("AddressLines")
    if lines is not None:
        return tuple(text for child in lines if (text := (child.text or "").strip()))
    # The BS7666 form: house name or number, street, locality, town, county.
    bs7666 = address.find("BS7666Address")
    parts = ("SAON", "PAON", "Street", "Locality", "Town", "AdministrativeArea")
    return tuple(text for part in parts if (text := _text(bs7666, part)))


from .ctf_writer import write_ctf  # noqa: E402,F401 (read and write from one module for callers)
