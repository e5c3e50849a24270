"""Reading a register file as Excel and the MIS save it: its text, whatever it was saved as, and its records.

What goes wrong with real files, and what the SENCO is told instead of a puzzling message about a pupil:
- an Excel workbook (.xlsx, or .xls from Excel 97-2003) renamed or chosen by mistake: save it as CSV;
- 'Unicode Text' (UTF-16, tab-separated): read as it is;
- plain 'CSV' from Excel (Windows-1252): read as it is, unless part of the file is UTF-8 (pasted in), which would
  turn every accent in one part into nonsense: say so, with the line;
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


def read_csv_text(data: bytes | str) -> str:
    """The file's text, whichever way Excel or the MIS saved it."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith(b"PK\x03\x04"):
        raise CsvReadError(f"This is an Excel workbook (.xlsx), not a CSV file. {SAVE_AS_CSV}")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CsvReadError(f"This is an Excel 97-2003 workbook (.xls), not a CSV file. {SAVE_AS_CSV}")
    encoding = _utf16(data)
    if encoding:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            message = f"This file was saved as UTF-16 (Unicode text) but part of it is not. {SAVE_AS_CSV}"
            raise CsvReadError(message) from exc
    if b"\x00" in data:
        raise CsvReadError(f"This is not a text file. {SAVE_AS_CSV}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        if UTF8_SEQUENCE.search(data):
            raise CsvReadError(
                f"Part of this file is saved as UTF-8 and part is not (line {line} is not), so some letters would "
                f"come out wrong. This happens when text is pasted in from another program. {SAVE_AS_CSV}"
            ) from exc
    try:
        return data.decode("cp1252")  # Excel's plain 'CSV' on Windows in the UK
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CsvReadError(f"We could not read the text on line {line} of this file. {SAVE_AS_CSV}") from exc


def _utf16(data: bytes) -> str:
    """'utf-16' (with a byte-order mark), 'utf-16-le' or 'utf-16-be' (without: every other byte of plain text is
    zero), or '' if the file is not UTF-16."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    if len(sample) < 2 or b"\x00" not in sample:
        return ""
    if sample[1::2].count(0) > len(sample) // 4:
        return "utf-16-le"
    if sample[0::2].count(0) > len(sample) // 4:
        return "utf-16-be"
    return ""


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
