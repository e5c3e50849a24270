"""Small builders for whole-school CSV exports in tests: pupils and contacts as a few keyword arguments, written under
the column names of any format we know, in either layout."""

from __future__ import annotations

import csv
import io

from mis.csv_formats import KNOWN_FORMATS, CsvFormat
from mis.tests.builders import upn


def contact(**values: str) -> dict[str, str]:
    """A contact's cells by field name without the 'contact_' (forename=..., relationship=...): Grace Okafor, the
    mother, unless told otherwise."""
    return {
        "order": "1",
        "title": "Mrs",
        "forename": "Grace",
        "surname": "Okafor",
        "relationship": "Mother",
        "responsibility": "Yes",
        "email": "grace@example.org",
        "mobile": "07700 900123",
        "home_phone": "0161 496 0000",
        "work_phone": "",
        "address_1": "12 Mill Lane",
        "address_2": "",
        "address_3": "",
        "town": "Ashby",
        "postcode": "AB1 2CD",
        "language": "",
    } | values


def pupil(*contacts: dict[str, str], **values: str) -> dict:
    """A pupil's cells by field name: Daniel Okafor in Year 5 on SEN support, with his mother as contact unless
    contacts are given (pass `no_contacts=True` for none)."""
    no_contacts = values.pop("no_contacts", False)
    return {
        "upn": upn(1),
        "former_upn": "",
        "surname": "Okafor",
        "forename": "Daniel",
        "preferred_forename": "Dan",
        "date_of_birth": "14/03/2015",
        "year_group": "5",
        "form": "5B",
        "sen_status": "K",
        "primary_need": "SLCN",
        "secondary_need": "",
        "sen_start_date": "02/09/2024",
        "contacts": [] if no_contacts else list(contacts or (contact(),)),
    } | values


def known_format(name: str) -> CsvFormat:
    return next(known for known in KNOWN_FORMATS if known.name == name)


def csv_text(headings: list[str], rows: list[list[str]]) -> str:
    """Rows under headings, as Excel writes them (quotes where needed, CRLF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows(rows)
    return out.getvalue()


def export_csv(format_name: str, *pupils: dict, per_contact: bool = False) -> str:
    """The pupils (one default pupil if none) as `format_name` exports them: one row per pupil with numbered contact
    columns for as many contacts as the pupil with most has, or with `per_contact` one row per contact."""
    known = known_format(format_name)
    pupils = pupils or (pupil(),)
    pupil_fields = list(known.pupil_headings)
    contact_fields = list(known.contact_headings)
    headings = [known.pupil_headings[name] for name in pupil_fields]
    rows: list[list[str]] = []
    if per_contact:
        headings += [known.contact_headings[name] for name in contact_fields]
        for each in pupils:
            details = [each[name] for name in pupil_fields]
            for one in each["contacts"] or [{}]:
                rows.append(details + [one.get(name.removeprefix("contact_"), "") for name in contact_fields])
    else:
        slots = max(len(each["contacts"]) for each in pupils)
        for number in range(1, slots + 1):
            headings += [known.numbered_heading(name, number) for name in contact_fields]
        for each in pupils:
            row = [each[name] for name in pupil_fields]
            for number in range(slots):
                one = each["contacts"][number] if number < len(each["contacts"]) else {}
                row += [one.get(name.removeprefix("contact_"), "") for name in contact_fields]
            rows.append(row)
    return csv_text(headings, rows)


def sims_csv(*pupils: dict, per_contact: bool = False) -> str:
    return export_csv("SIMS", *pupils, per_contact=per_contact)


def arbor_csv(*pupils: dict, per_contact: bool = False) -> str:
    return export_csv("Arbor", *pupils, per_contact=per_contact)


def bromcom_csv(*pupils: dict, per_contact: bool = False) -> str:
    return export_csv("Bromcom", *pupils, per_contact=per_contact)
