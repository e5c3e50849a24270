"""The columns of the whole-school CSV exports we know, and the words their cells use: data for `csv_formats.py`.

`FIELDS` are what the import reads (their names are what saved column mappings store); `KNOWN_FORMATS` are the column
names of SIMS, Arbor and Bromcom student lists with contacts, and of this portal's own register template. The three
MIS's names are our best knowledge of their standard reports, to be checked against a real export from each.
"""

from __future__ import annotations

from dataclasses import dataclass

from pupils.import_widgets import SenStatusWidget
from pupils.importing import COLUMNS
from pupils.models import Relationship

from .records import RELATIONSHIP_CODES


@dataclass(frozen=True)
class Field:
    """One thing the import reads: `name` is what mappings store, `label` what the SENCO reads."""

    name: str
    label: str
    required: bool = False

    @property
    def is_contact(self) -> bool:
        return self.name.startswith("contact_")


PUPIL_FIELDS: tuple[Field, ...] = (
    Field("upn", "UPN", required=True),
    Field("former_upn", "Former UPN"),
    Field("surname", "Legal surname", required=True),
    Field("forename", "Legal forename", required=True),
    Field("preferred_forename", "Preferred forename"),
    Field("date_of_birth", "Date of birth", required=True),
    Field("year_group", "Year group", required=True),
    Field("form", "Class or form (registration group)"),
    # Required as a column: without it every pupil would read as "no SEN" and leave the register. A blank cell is N.
    Field("sen_status", "SEN status (N, K, E or M)", required=True),
    Field("primary_need", "Primary need"),
    Field("secondary_need", "Secondary need"),
    Field("sen_start_date", "SEN start date"),
)
CONTACT_FIELDS: tuple[Field, ...] = (
    Field("contact_order", "Contact's order (priority, 1 first)"),
    Field("contact_title", "Contact's title"),
    Field("contact_forename", "Contact's forename"),
    Field("contact_surname", "Contact's surname"),
    Field("contact_relationship", "Contact's relationship to the pupil"),
    Field("contact_responsibility", "Parental responsibility (yes or no)"),
    Field("contact_email", "Contact's email"),
    Field("contact_mobile", "Contact's mobile phone"),
    Field("contact_home_phone", "Contact's home phone"),
    Field("contact_work_phone", "Contact's work phone"),
    Field("contact_address_1", "Contact's address line 1"),
    Field("contact_address_2", "Contact's address line 2"),
    Field("contact_address_3", "Contact's address line 3"),
    Field("contact_town", "Contact's town"),
    Field("contact_postcode", "Contact's postcode"),
    Field("contact_language", "Contact's language"),
)
FIELDS: tuple[Field, ...] = PUPIL_FIELDS + CONTACT_FIELDS
FIELD_BY_NAME = {f.name: f for f in FIELDS}


@dataclass(frozen=True)
class CsvFormat:
    """One MIS's column names. `contact_headings` are the one-row-per-contact layout's; the numbered layout's are the
    same with the contact's number after `contact_prefix` ("Contact Forename" -> "Contact 2 Forename"), or before
    a heading without the prefix ("Relationship" -> "Contact 2 Relationship")."""

    name: str
    pupil_headings: dict[str, str]
    contact_headings: dict[str, str]
    contact_prefix: str = "Contact"

    def numbered_heading(self, field_name: str, number: int) -> str:
        heading = self.contact_headings[field_name]
        prefix = f"{self.contact_prefix} "
        return f"{prefix}{number} {heading.removeprefix(prefix) if heading.startswith(prefix) else heading}"


def _contacts(prefix: str, **names: str) -> dict[str, str]:
    return {f"contact_{name}": heading.replace("~", prefix) for name, heading in names.items()}


_PORTAL_FIELD = {
    "upn": "upn",
    "legal_last_name": "surname",
    "legal_first_name": "forename",
    "preferred_name": "preferred_forename",
    "date_of_birth": "date_of_birth",
    "year_group": "year_group",
    "form": "form",
    "sen_status": "sen_status",
    "primary_need": "primary_need",
    "secondary_need": "secondary_need",
    "added_to_register_on": "sen_start_date",
}
_ADDRESS = {"address_1": "~ Address Line 1", "address_2": "~ Address Line 2", "address_3": "~ Address Line 3"}

KNOWN_FORMATS: tuple[CsvFormat, ...] = (
    CsvFormat(
        "SIMS",
        {
            "upn": "UPN",
            "former_upn": "Former UPN",
            "surname": "Legal Surname",
            "forename": "Legal Forename",
            "preferred_forename": "Preferred Forename",
            "date_of_birth": "Date of Birth",
            "year_group": "Year Taught In",
            "form": "Reg Group",
            "sen_status": "SEN Status",
            "primary_need": "Primary SEN Need",
            "secondary_need": "Secondary SEN Need",
            "sen_start_date": "SEN Start Date",
        },
        _contacts(
            "Contact",
            order="~ Priority",
            title="~ Title",
            forename="~ Forename",
            surname="~ Surname",
            relationship="Relationship",
            responsibility="Parental Responsibility",
            email="~ Email",
            mobile="~ Mobile Phone",
            home_phone="~ Home Phone",
            work_phone="~ Work Phone",
            **_ADDRESS,
            town="~ Town",
            postcode="~ Postcode",
            language="~ First Language",
        ),
    ),
    CsvFormat(
        "Arbor",
        {
            "upn": "UPN",
            "former_upn": "Former UPN",
            "surname": "Legal Last Name",
            "forename": "Legal First Name",
            "preferred_forename": "Preferred First Name",
            "date_of_birth": "Date of Birth",
            "year_group": "Year Group",
            "form": "Registration Form",
            "sen_status": "SEN Status",
            "primary_need": "Primary SEN Need",
            "secondary_need": "Secondary SEN Need",
            "sen_start_date": "SEN Status Start Date",
        },
        _contacts(
            "Guardian",
            order="~ Priority",
            title="~ Title",
            forename="~ First Name",
            surname="~ Last Name",
            relationship="~ Relationship",
            responsibility="~ Has Parental Responsibility",
            email="~ Email",
            mobile="~ Mobile Phone",
            home_phone="~ Home Phone",
            work_phone="~ Work Phone",
            **_ADDRESS,
            town="~ Town",
            postcode="~ Postcode",
            language="~ Preferred Language",
        ),
        contact_prefix="Guardian",
    ),
    CsvFormat(
        "Bromcom",
        {
            "upn": "UPN",
            "former_upn": "Former UPN",
            "surname": "Legal Surname",
            "forename": "Legal Forename",
            "preferred_forename": "Preferred Forename",
            "date_of_birth": "DOB",
            "year_group": "NC Year",
            "form": "Tutor Group",
            "sen_status": "SEN Provision",
            "primary_need": "SEN Primary Need",
            "secondary_need": "SEN Secondary Need",
            "sen_start_date": "SEN Start Date",
        },
        _contacts(
            "Contact",
            order="~ Priority",
            title="~ Title",
            forename="~ Forename",
            surname="~ Surname",
            relationship="~ Relationship",
            responsibility="~ Parental Responsibility",
            email="~ Email",
            mobile="~ Mobile",
            home_phone="~ Home Telephone",
            work_phone="~ Work Telephone",
            address_1="~ Address 1",
            address_2="~ Address 2",
            address_3="~ Address 3",
            town="~ Town",
            postcode="~ Postcode",
            language="~ Language",
        ),
    ),
    CsvFormat(
        "SENCO Portal register template",
        {"former_upn": "Former UPN"} | {_PORTAL_FIELD[c.attribute]: c.header for c in COLUMNS},
        _contacts(
            "Contact",
            order="~ Order",
            title="~ Title",
            forename="~ Forename",
            surname="~ Surname",
            relationship="~ Relationship",
            responsibility="~ Parental Responsibility",
            email="~ Email",
            mobile="~ Mobile",
            home_phone="~ Home Phone",
            work_phone="~ Work Phone",
            **_ADDRESS,
            town="~ Town",
            postcode="~ Postcode",
            language="~ Language",
        ),
    ),
)

# --- Cell values in the school's words -----------------------------------------------------------------------------

SEN_STATUSES: dict[str, str] = {word: str(status) for word, status in SenStatusWidget.WORDS.items()} | {
    "n": "N",
    "no sen": "N",
    "none": "N",
    "no special educational need": "N",
    "no special educational needs": "N",
}
# Relationship words as MIS write them, to CTF codes (records.RELATIONSHIPS). A word naming no one code (a
# step-parent, a guardian) takes the code the register writes back for it, so reading and writing agree.
RELATIONSHIP_WORDS: dict[str, str] = {
    **{code.casefold(): code for code in ("PAM", "PAF", "STM", "STF", "GRM", "GRF", "FOM", "FOF", "CAR", "SWR")},
    **{code.casefold(): code for code in ("CHM", "DOC", "FAM", "REL", "OTH")},
    "mother": "PAM",
    "mum": "PAM",
    "father": "PAF",
    "dad": "PAF",
    "step-mother": "STM",
    "stepmother": "STM",
    "step mother": "STM",
    "step-father": "STF",
    "stepfather": "STF",
    "step father": "STF",
    "step-parent": RELATIONSHIP_CODES[Relationship.STEP_PARENT],
    "step parent": RELATIONSHIP_CODES[Relationship.STEP_PARENT],
    "grandmother": "GRM",
    "grandfather": "GRF",
    "grandparent": RELATIONSHIP_CODES[Relationship.GRANDPARENT],
    "foster mother": "FOM",
    "foster father": "FOF",
    "foster carer": RELATIONSHIP_CODES[Relationship.FOSTER_CARER],
    "foster parent": RELATIONSHIP_CODES[Relationship.FOSTER_CARER],
    "carer": "CAR",
    "other carer": "CAR",
    "guardian": RELATIONSHIP_CODES[Relationship.GUARDIAN],
    "legal guardian": RELATIONSHIP_CODES[Relationship.GUARDIAN],
    "social worker": "SWR",
    "childminder": "CHM",
    "doctor": "DOC",
    "family member": "FAM",
    "other family member": "FAM",
    **dict.fromkeys(("aunt", "uncle", "brother", "sister", "sibling", "cousin", "relative", "other relative"), "REL"),
    "other": "OTH",
    "other contact": "OTH",
}
