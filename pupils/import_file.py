"""Reading a CSV file's records as Excel and the MIS save them (its text comes from mis/encoding.py, which asks the
SENCO before reading a file that is not UTF-8).

What goes wrong with real files, and what the SENCO is told instead of a puzzling message about a pupil:
- tabs (Excel's 'Unicode Text') or semicolons instead of commas: read as they are;
- a quote mark that is never closed, or closed lines later: every line after it would be read as one value (a very
  long surname); name the row and the line where it opened instead;
- our own export's protective apostrophe before a value starting = + - @ (so that a spreadsheet does not run it as a
  formula): taken off again, so a pupil's name survives export and re-import.
"""

import csv
import io
import re
from dataclasses import dataclass

SAVE_AS_CSV = "In Excel choose File, Save As, 'CSV UTF-8 (Comma delimited)', then upload that file."

# Our export (pupils/views/register.py `csv_safe`) puts an apostrophe before a value starting with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A valid UTF-8 sequence of two to four bytes: text that has them, and bytes that are not UTF-8, mixes encodings.
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class CsvReadError(Exception):
    """The file cannot be read as a CSV file at all; the message says why, for the SENCO. `row` is the spreadsheet
    row the problem is on, if there is one."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.row = row


@dataclass(frozen=True)
class Record:
    """One spreadsheet row: its number (the headings are row 1), the line of the file it starts on, its values."""

    number: int
    line: int
    cells: list[str]


def delimiter_of(text: str) -> str:
    """A comma, unless the heading line has none but has tabs (Excel's 'Unicode Text') or semicolons (a CSV saved
    where the comma is the decimal point)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," not in first:
        for other in ("\t", ";"):
            if other in first:
                return other
    return ","


def unprotect(cell: str) -> str:
    """Take off the apostrophe our export puts before a value that a spreadsheet would run as a formula. Only there:
    O'Brien, or a value that starts with an apostrophe for any other reason, is left alone."""
    if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS and cell[1:2]:
        return cell[1:]
    return cell


def read_records(text: str) -> list[Record]:
    """The file's rows that hold anything, numbered as the spreadsheet numbers them, protective apostrophes off.

    A quote mark that is never closed swallows the rest of the file; one closed lines later swallows the lines in
    between into one value. Both are named here, with the line the quote opened on, so that the SENCO is not told
    about a surname thousands of letters long."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text), strict=True)
    lines = text.splitlines()
    records: list[Record] = []
    number, start = 0, 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _quote_problem(str(exc), number + 1, start, reader.line_num, lines) from exc
        number += 1
        if any(cell.strip() for cell in cells):
            records.append(Record(number, start, [unprotect(cell) for cell in cells]))
        start = reader.line_num + 1
    return records


def _quote_problem(error: str, number: int, start: int, end: int, lines: list[str]) -> CsvReadError:
    shown = lines[start - 1] if start <= len(lines) else ""
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    if "end of data" in error:
        return CsvReadError(
            f'A quote mark (") on line {start} is never closed, so everything after it would be read as one value. '
            f"Line {start} reads: {shown}. Remove the quote mark, or close it after the value.",
            row=number,
        )
    return CsvReadError(
        f'Line {end} has a quote mark (") in the wrong place: a value in quotes must end at its comma. '
        f"Line {start} reads: {shown}. Remove the stray quote mark.",
        row=number,
    )
