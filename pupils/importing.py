"""Import the SEND register from a CSV file exported by the school's MIS (SIMS, Arbor and the like).

The rules, from the issue: check every row, report every problem with its row and column, import
nothing while any row is bad, and update pupils matched by UPN instead of duplicating them.

django-import-export does the row work (a `PupilResource`, matched on UPN, running the model's own
validation). This module adds what a SENCO needs around it: tolerant column headings, problems reported
in the spreadsheet's own row numbers (the heading row is row 1, the first pupil is row 2), and a limit on
the rows of one file. Beside it: reading the file whatever Excel saved it as (`import_file.py`), the cells
(`import_widgets.py`), and the changes the check found, kept until Confirm saves them without checking
again (`import_changes.py`).
"""

import logging
from dataclasses import dataclass, field
from datetime import date

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError
from import_export import fields, resources
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult

from .ages import born_in_year_group
from .import_changes import CheckedChange, RegisterChanged, change_for, fingerprint, save_checked
from .import_file import CsvReadError, Record, read_csv_text, read_records
from .import_widgets import NeedWidget, SenStatusWidget, TextWidget, UkDateWidget, UpnWidget, YearWidget
from .models import Pupil
from .upn import check_letter, validate_upn

logger = logging.getLogger(__name__)

# --- Columns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    attribute: str
    required: bool
    help: str
    example: str


EXAMPLE_UPN_BODY = "820200126001"
# The example pupil is in Year 5, born in the spring that fits Year 5 this school year (so the example file imports).
EXAMPLE_DATE_OF_BIRTH = born_in_year_group(5, date.today())[1].replace(month=3, day=14)

COLUMNS: tuple[Column, ...] = (
    Column(
        "UPN",
        "upn",
        True,
        "The pupil's unique pupil number (13 characters). Used to find pupils already on the register.",
        check_letter(EXAMPLE_UPN_BODY) + EXAMPLE_UPN_BODY,
    ),
    Column("Legal Surname", "legal_last_name", True, "The pupil's legal surname.", "Ashworth"),
    Column("Legal Forename", "legal_first_name", True, "The pupil's legal first name.", "Amelia"),
    Column(
        "Preferred Forename",
        "preferred_name",
        False,
        "The name the pupil likes to be called. Leave blank if it is their legal first name.",
        "Millie",
    ),
    Column(
        "DOB", "date_of_birth", True, "Date of birth, as dd/mm/yyyy or yyyy-mm-dd.", f"{EXAMPLE_DATE_OF_BIRTH:%d/%m/%Y}"
    ),
    Column(
        "Year",
        "year_group",
        True,
        "Year group: N1, N2, R (Reception), or a number from 1 to 14 (or 'Year 7').",
        "5",
    ),
    Column("Reg Group", "form", False, "The pupil's class or form, for example 5B.", "5B"),
    Column(
        "SEN Status",
        "sen_status",
        True,
        "K (SEN support), E (EHC plan) or M (monitoring). The words also work.",
        "K",
    ),
    Column(
        "Primary Need",
        "primary_need",
        True,
        "The census code of the main area of need, for example SPLD or SEMH. "
        "Needed for K and E; may be blank for monitoring.",
        "SPLD",
    ),
    Column(
        "Secondary Need",
        "secondary_need",
        False,
        "A second census code, different from the primary need. May be blank.",
        "SLCN",
    ),
    Column(
        "Date Added",
        "added_to_register_on",
        False,
        "The date the pupil joined the SEND register. If blank: today for a new pupil, "
        "unchanged for a pupil already on the register.",
        "10/09/2025",
    ),
)

REQUIRED_HEADERS = tuple(c.header for c in COLUMNS if c.required)
COLUMN_FOR_ATTRIBUTE = {c.attribute: c.header for c in COLUMNS}
# Model errors on fields the file does not carry are caused by a column it does.
COLUMN_FOR_ATTRIBUTE["removed_from_register_on"] = "Date Added"


def normalise_header(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").split()).casefold()


HEADER_BY_KEY = {normalise_header(c.header): c.header for c in COLUMNS}


# --- The report -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file. `row` is the spreadsheet row (the headings are row 1);
    None for a problem with the whole file. `column` is the column heading, or '' for the whole row."""

    row: int | None
    column: str
    message: str


@dataclass(frozen=True)
class RowOutcome:
    row: int
    upn: str
    name: str
    is_new: bool


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ImportProblem] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    # What Confirm saves: the new and changed rows as the check left them.
    changes: list[CheckedChange] = field(default_factory=list)
    imported: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


# --- The resource ---------------------------------------------------------------------------


class PupilResource(resources.ModelResource):
    """One CSV row to one Pupil, matched on UPN. Only the columns present in the file are written,
    so a matched pupil keeps everything the file does not carry (key worker, TAs, removal, profile)."""

    upn = fields.Field(attribute="upn", column_name="UPN", widget=UpnWidget())
    legal_last_name = fields.Field(
        attribute="legal_last_name",
        column_name="Legal Surname",
        widget=TextWidget("Enter the pupil's legal surname."),
    )
    legal_first_name = fields.Field(
        attribute="legal_first_name",
        column_name="Legal Forename",
        widget=TextWidget("Enter the pupil's legal first name."),
    )
    preferred_name = fields.Field(attribute="preferred_name", column_name="Preferred Forename", widget=TextWidget())
    date_of_birth = fields.Field(
        attribute="date_of_birth",
        column_name="DOB",
        widget=UkDateWidget("Enter the pupil's date of birth."),
    )
    year_group = fields.Field(attribute="year_group", column_name="Year", widget=YearWidget())
    form = fields.Field(attribute="form", column_name="Reg Group", widget=TextWidget())
    sen_status = fields.Field(attribute="sen_status", column_name="SEN Status", widget=SenStatusWidget())
    primary_need = fields.Field(attribute="primary_need", column_name="Primary Need", widget=NeedWidget())
    secondary_need = fields.Field(attribute="secondary_need", column_name="Secondary Need", widget=NeedWidget())
    # Blank keeps what is there: today (the model default) for a new pupil, the stored date otherwise.
    added_to_register_on = fields.Field(
        attribute="added_to_register_on",
        column_name="Date Added",
        widget=UkDateWidget(),
        saves_null_values=False,
    )

    class Meta:
        model = Pupil
        fields = tuple(c.attribute for c in COLUMNS)
        import_id_fields = ("upn",)
        # Every pupil the file names, in one query, not one query a row.
        instance_loader_class = CachedInstanceLoader
        clean_model_instances = True
        use_transactions = False  # it saves nothing: see save_instance
        # Unchanged pupils are not saved, so re-importing a file adds no empty history entries.
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True

    def __init__(self, row_numbers: list[int] | None = None, **kwargs):
        super().__init__(**kwargs)
        # The library counts data rows from 1; the SENCO sees spreadsheet rows.
        self.row_numbers = row_numbers or []
        self.seen_upns: dict[str, int] = {}
        self.outcomes: list[RowOutcome] = []
        self.changes: list[CheckedChange] = []
        self.attributes: list[str] = []

    def sheet_row(self, row_number: int) -> int:
        index = row_number - 1
        return self.row_numbers[index] if index < len(self.row_numbers) else row_number + 1

    def before_import(self, dataset, **kwargs):
        self.seen_upns = {}
        self.outcomes = []
        self.changes = []
        # Only the columns in the file are written.
        self.attributes = [c.attribute for c in COLUMNS if c.header in (dataset.headers or [])]

    def after_init_instance(self, instance, new, row, **kwargs):
        # The pupil as the check found them, before the row changes them: Confirm saves only if they are still so.
        instance._checked_as = "" if new else fingerprint(instance)

    def get_instance(self, instance_loader, row):
        upn = self.fields["upn"].clean(row)
        if not upn:
            return None  # never look up a blank UPN: it would match pupils who have none
        return super().get_instance(instance_loader, row)

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)

        upn = self.fields["upn"].clean(row)
        here = self.sheet_row(kwargs.get("row_number", 0))
        if not upn:
            errors["upn"] = ["Enter the pupil's UPN: it is how pupils already on the register are matched."]
        else:
            try:
                validate_upn(upn)
            except ValidationError as exc:
                errors["upn"] = exc.messages
            else:
                if upn in self.seen_upns:
                    errors["upn"] = [f"{upn} is also on row {self.seen_upns[upn]}: each pupil may appear only once."]
                else:
                    self.seen_upns[upn] = here
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Run the model's validation (clean_model_instances), reporting one message per cell:
        when a cell could not be read, its own message says it, not a knock-on model error."""
        errors = {name: list(messages) for name, messages in (import_validation_errors or {}).items()}
        if self._meta.clean_model_instances:
            try:
                # No per-row queries: the UPN was looked up with every other (the instance loader) and the file's
                # repeats are found by import_instance; each check constraint is said in words by Pupil.clean(),
                # and the database still holds them when Confirm saves.
                instance.full_clean(exclude=set(errors), validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                for name, messages in exc.error_dict.items():
                    if name in errors:
                        continue
                    if name == "secondary_need" and "primary_need" in errors:
                        continue
                    errors[name] = messages
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        """Nothing is saved while checking: the row's change is kept for Confirm (pupils/import_changes.py)."""
        here = self.sheet_row(kwargs.get("row_number", 0))
        self.changes.append(change_for(here, instance, self.attributes, instance._checked_as))

    def after_import_row(self, row, row_result, **kwargs):
        if row_result.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE):
            self.outcomes.append(
                RowOutcome(
                    row=self.sheet_row(kwargs.get("row_number", 0)),
                    upn=self.fields["upn"].clean(row),
                    name=row_result.object_repr or "",
                    is_new=row_result.import_type == RowResult.IMPORT_TYPE_NEW,
                )
            )


@dataclass
class _Table:
    dataset: tablib.Dataset
    row_numbers: list[int]
    ignored_columns: list[str]
    errors: list[ImportProblem]


def max_rows() -> int:
    """The most pupils one file may hold (REGISTER_IMPORT_MAX_ROWS), so that checking it and saving it stay well
    inside the web server's timeout (gunicorn.conf.py)."""
    return settings.REGISTER_IMPORT_MAX_ROWS


def _read_table(text: str) -> _Table:
    """Headings matched case- and space-insensitively; blank rows skipped; row numbers kept."""
    errors: list[ImportProblem] = []
    records = read_records(text)
    if not records:
        raise CsvReadError("The file is empty.")
    if len(records) - 1 > max_rows():
        raise CsvReadError(
            f"This file has {len(records) - 1:,} rows of pupils; one import takes at most {max_rows():,}. "
            "Split the file (for example by year group, each part with the column headings) and import each part."
        )
    header_number, header_cells = records[0].number, records[0].cells

    positions: dict[str, int] = {}
    ignored: list[str] = []
    for position, cell in enumerate(header_cells):
        header = HEADER_BY_KEY.get(normalise_header(cell))
        if header is None:
            if cell.strip():
                ignored.append(cell.strip())
        elif header in positions:
            errors.append(ImportProblem(header_number, header, f"There are two '{header}' columns. Keep only one."))
        else:
            positions[header] = position

    missing = [h for h in REQUIRED_HEADERS if h not in positions]
    if missing:
        errors.append(
            ImportProblem(
                header_number,
                "",
                f"The file is missing {'these columns' if len(missing) > 1 else 'this column'}: "
                f"{', '.join(missing)}. The first row must hold the column headings; see the example file.",
            )
        )
    if errors:
        return _Table(tablib.Dataset(), [], ignored, errors)

    headers = list(positions)
    dataset = tablib.Dataset(headers=headers)
    row_numbers: list[int] = []
    width = len(header_cells)
    for record in records[1:]:
        cells = record.cells
        if len(cells) > width:  # a value shifted the row: usually an unquoted comma in a name
            errors.append(
                ImportProblem(
                    record.number,
                    "",
                    f"This row has {len(cells)} values but there are {width} column headings. "
                    "Check for a comma inside a value, such as a name.",
                )
            )
            continue
        cells = cells + [""] * (width - len(cells))
        values = [cells[positions[h]] for h in headers]
        run_on = next((h for h, value in zip(headers, values, strict=True) if "\n" in value or "\r" in value), None)
        if run_on:
            errors.append(_run_on_problem(record, run_on, cells[positions[run_on]]))
            continue
        dataset.append(values)
        row_numbers.append(record.number)
    if not row_numbers and not errors:
        errors.append(ImportProblem(None, "", "The file has column headings but no pupils under them."))
    return _Table(dataset, row_numbers, ignored, errors)


def _run_on_problem(record: Record, header: str, value: str) -> ImportProblem:
    """A value over several lines: a quote mark opened on this row and closed only lines later."""
    last = record.line + len(value.splitlines()) - 1
    return ImportProblem(
        record.number,
        header,
        f'A quote mark (") on line {record.line} of the file is closed only on line {last}, so those lines were '
        f"read as one value. Remove the stray quote mark.",
    )


def _problems(result, resource: PupilResource) -> list[ImportProblem]:
    problems: list[ImportProblem] = []
    order = {c.header: i for i, c in enumerate(COLUMNS)}
    for invalid in result.invalid_rows:
        sheet_row = resource.sheet_row(invalid.number)
        for name, messages in invalid.error_dict.items():
            column = "" if name == NON_FIELD_ERRORS else COLUMN_FOR_ATTRIBUTE.get(name, "")
            problems.extend(ImportProblem(sheet_row, column, str(message)) for message in messages)
    for error_row in result.error_rows:
        for error in error_row.errors:
            logger.warning("Register import: row %s could not be saved: %r", error_row.number, error.error)
            problems.append(
                ImportProblem(
                    resource.sheet_row(error_row.number),
                    "",
                    "This row could not be saved. Check its values; if they look right, tell your administrator.",
                )
            )
    for error in result.base_errors:
        logger.warning("Register import failed: %r", error.error)
        problems.append(ImportProblem(None, "", "The import could not run. Please tell your administrator."))
    problems.sort(key=lambda p: (p.row or 0, order.get(p.column, -1)))
    return problems


def check_register(data: bytes | str) -> ImportReport:
    """Check the whole file, saving nothing: every problem, or the changes that Confirm will save."""
    report = ImportReport()
    try:
        table = _read_table(read_csv_text(data))
    except CsvReadError as exc:
        report.errors.append(ImportProblem(exc.row, "", str(exc)))
        return report
    report.ignored_columns = table.ignored_columns
    if table.errors and not table.row_numbers:
        report.errors = table.errors
        return report

    resource = PupilResource(row_numbers=table.row_numbers)
    # The resource writes nothing (save_instance keeps each change for Confirm), so the library's dry run, which
    # saves every row in a savepoint and rolls it back, is not needed: that would cost a third of the check.
    result = resource.import_data(table.dataset, dry_run=False, raise_errors=False, use_transactions=False)
    report.errors = sorted(table.errors + _problems(result, resource), key=lambda p: p.row or 0)
    report.created = result.totals[RowResult.IMPORT_TYPE_NEW]
    report.updated = result.totals[RowResult.IMPORT_TYPE_UPDATE]
    report.unchanged = result.totals[RowResult.IMPORT_TYPE_SKIP]
    report.outcomes = resource.outcomes
    report.changes = [] if report.errors else resource.changes
    return report


def save_report(changes: list[CheckedChange]) -> list[ImportProblem]:
    """Save what a check found (Confirm): the problems if nothing could be saved, else none."""
    try:
        save_checked(changes)
    except RegisterChanged as exc:
        return [ImportProblem(exc.row, "", str(exc))]
    except IntegrityError as exc:  # a rule of the database's that the check does not know
        logger.warning("Register import could not be saved: %r", exc)
        return [
            ImportProblem(None, "", "The import could not be saved. Nothing was imported; tell your administrator.")
        ]
    return []


def import_register(data: bytes | str, *, dry_run: bool) -> ImportReport:
    """Check the whole file and, unless `dry_run`, save it: all of it, or nothing if any row is bad."""
    report = check_register(data)
    if report.ok and not dry_run:
        report.errors = save_report(report.changes)
        report.imported = report.ok
    return report
