"""What the MIS tells us about the school's pupils and their contacts, whatever the file it came in.

The CTF reader (`ctf.py`) and the CSV readers (`csv_formats.py`) both give an `MisFile`; the import (`importer.py`)
compares it with the register and applies it. Plain frozen dataclasses: no database, no Django models.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from pupils.models import Relationship

DOCUMENT_NAME = "Common Transfer File"

# The CTF's contact relationship codes (the DfE common basic data set) and the register's Relationship each maps to.
# Parents and step-parents map one to one; foster mother and father are both a foster carer; a carer is "other
# carer"; the social worker keeps their own. Childminder, doctor, other family member, other relative and other
# contact have no closer match than "other". No CTF code says guardian, so no code maps to Relationship.GUARDIAN.
RELATIONSHIPS: dict[str, str] = {
    "PAM": Relationship.MOTHER,
    "PAF": Relationship.FATHER,
    "STM": Relationship.STEP_PARENT,
    "STF": Relationship.STEP_PARENT,
    "GRM": Relationship.GRANDPARENT,
    "GRF": Relationship.GRANDPARENT,
    "FOM": Relationship.FOSTER_CARER,
    "FOF": Relationship.FOSTER_CARER,
    "CAR": Relationship.CARER,
    "SWR": Relationship.SOCIAL_WORKER,
    "CHM": Relationship.OTHER,
    "DOC": Relationship.OTHER,
    "FAM": Relationship.OTHER,
    "REL": Relationship.OTHER,
    "OTH": Relationship.OTHER,
}
# The code written for each of the register's relationships when a pupil's record goes to another school, where the
# register does not say mother or father (mis/transfer.py reads the title for that). A guardian, which no code
# names, goes as a carer; "other" as OTH.
RELATIONSHIP_CODES: dict[str, str] = {
    Relationship.MOTHER: "PAM",
    Relationship.FATHER: "PAF",
    Relationship.STEP_PARENT: "STM",
    Relationship.GRANDPARENT: "GRM",
    Relationship.FOSTER_CARER: "FOM",
    Relationship.GUARDIAN: "CAR",
    Relationship.CARER: "CAR",
    Relationship.SOCIAL_WORKER: "SWR",
    Relationship.OTHER: "OTH",
}


@dataclass(frozen=True)
class School:
    lea: str = ""
    estab: str = ""
    name: str = ""


@dataclass(frozen=True)
class Header:
    document_name: str = DOCUMENT_NAME
    version: str = ""
    date_time: datetime.datetime | None = None
    qualifier: str = "full"
    source: School = field(default_factory=School)
    destination: School = field(default_factory=School)

    @property
    def is_partial(self) -> bool:
        """A partial file holds some pupils only: a pupil missing from it has not left."""
        return self.qualifier == "partial"


@dataclass(frozen=True)
class Phone:
    type: str = ""
    number: str = ""


@dataclass(frozen=True)
class Contact:
    order: int | None = None
    title: str = ""
    surname: str = ""
    forename: str = ""
    relationship_code: str = ""
    parental_responsibility: bool = False
    email: str = ""
    phones: tuple[Phone, ...] = ()
    address_as_pupil: bool = False
    address_lines: tuple[str, ...] = ()
    postcode: str = ""
    language: str = ""

    @property
    def relationship(self) -> str:
        """The register's Relationship for the CTF code ("other" for a code this module does not know)."""
        return RELATIONSHIPS.get(self.relationship_code, Relationship.OTHER)


@dataclass(frozen=True)
class SenNeed:
    type: str
    rank: int


@dataclass(frozen=True)
class SenRecord:
    start_date: datetime.date | None
    provision: str
    needs: tuple[SenNeed, ...] = ()


@dataclass(frozen=True)
class Pupil:
    upn: str
    surname: str = ""
    forename: str = ""
    date_of_birth: datetime.date | None = None
    sex: str = ""
    former_upn: str = ""
    middle_names: str = ""
    preferred_surname: str = ""
    preferred_forename: str = ""
    year_group: str = ""
    form: str = ""
    sen_history: tuple[SenRecord, ...] = ()
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True)
class MisFile:
    header: Header
    pupils: tuple[Pupil, ...] = ()


# The name the CTF reader and writer have always used for a whole file.
CTFile = MisFile
