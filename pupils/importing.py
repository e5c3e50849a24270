"""This portal's own register columns: the headings of its example import file, and of the register export.

The SENCO's import from the MIS (mis/csv_formats.py) knows a CSV in these columns as one of its formats, so a file
made from the example (`pupils:import_template`), or the register's own export, imports there as it is.
"""

from dataclasses import dataclass
from datetime import date

from .ages import born_in_year_group
from .upn import check_letter


@dataclass(frozen=True)
class Column:
    header: str
    attribute: str  # the Pupil field the column holds
    example: str  # the made-up pupil's value in the example file


EXAMPLE_UPN_BODY = "820200126001"
# The example pupil is in Year 5, born in the spring that fits Year 5 this school year (so the example file imports).
EXAMPLE_DATE_OF_BIRTH = born_in_year_group(5, date.today())[1].replace(month=3, day=14)

COLUMNS: tuple[Column, ...] = (
    Column("UPN", "upn", check_letter(EXAMPLE_UPN_BODY) + EXAMPLE_UPN_BODY),
    Column("Legal Surname", "legal_last_name", "Ashworth"),
    Column("Legal Forename", "legal_first_name", "Amelia"),
    Column("Preferred Forename", "preferred_name", "Millie"),
    Column("DOB", "date_of_birth", f"{EXAMPLE_DATE_OF_BIRTH:%d/%m/%Y}"),
    Column("Year", "year_group", "5"),
    Column("Reg Group", "form", "5B"),
    Column("SEN Status", "sen_status", "K"),
    Column("Primary Need", "primary_need", "SPLD"),
    Column("Secondary Need", "secondary_need", "SLCN"),
    Column("Date Added", "added_to_register_on", "10/09/2025"),
)


def normalise_header(header: str) -> str:
    """A heading as compared with others: whatever its case and spacing, and without Excel's byte-order mark."""
    return " ".join(header.replace("\ufeff", "").split()).casefold()
