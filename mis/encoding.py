"""The text of an uploaded CSV file, and the question to ask the SENCO when we cannot be sure what it is.

UTF-8 (with or without Excel's byte-order mark) is read as it is, and so is UTF-16 with its byte-order mark (Excel's
'Unicode Text'): those say what they are. Anything else is a guess, and a wrong guess turns "Zoë Brontë" into
"ZoÃ« BrontÃ«" on every letter the SENCO sends home. So we never guess silently: `decode` raises `EncodingQuestion`
with our best guess, in words the SENCO knows, and the pupils' names as they would read under it; the upload page
asks "Do these names look right?", and the answer comes back as `decode(data, encoding=...)`.

The guess: charset-normalizer proposes encodings, but on a list of names (short, mostly ASCII) it cannot tell the
single-byte Windows and DOS code pages apart and often ranks Central European or Urdu first. Most of them read the
few accented letters of a UK school's names the same, so we choose among them by what names look like (accented
letters, never control characters, no capital in the middle of a lower-case word) and, among equals, Windows-1252:
what Excel on Windows saves as plain 'CSV', by far the commonest case.
"""

from __future__ import annotations

import codecs
import itertools
import re

import charset_normalizer

from pupils.import_file import UTF8_SEQUENCE, CsvReadError, read_records

SAVE_AS_UTF8 = "In Excel choose File, Save As, 'CSV UTF-8 (Comma delimited)', then upload that file."

# In words a SENCO understands; keyed by Python's own codec name (codecs.lookup(...).name).
LABELS: dict[str, str] = {
    "cp1252": "Windows-1252 (Western European), as Excel saves CSV files on Windows",
    "mac-roman": "Mac Roman, as older Excel for Mac saves CSV files",
    "iso8859-1": "ISO-8859-1 (Latin-1, Western European)",
    "iso8859-15": "ISO-8859-15 (Latin-9, Western European with the euro sign)",
    "cp1250": "Windows-1250 (Central European)",
    "iso8859-2": "ISO-8859-2 (Latin-2, Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)",
    "cp1257": "Windows-1257 (Baltic)",
    "cp437": "DOS code page 437 (as very old programs save text)",
    "cp850": "DOS code page 850 (Western European, as very old programs save text)",
    "utf-16-le": "UTF-16 (Unicode text)",
    "utf-16-be": "UTF-16 (Unicode text)",
}
PREFERRED = "cp1252"
# Always tried besides what charset-normalizer proposes: Excel on Windows, and older Excel for Mac.
ALWAYS_TRIED = ("cp1252", "mac_roman")
MAX_SAMPLES = 8
# Characters beyond ASCII looked at to judge a reading: plenty to tell encodings apart, and quick on a large file.
ODDITY_SAMPLE = 5000
# Punctuation that turns up in names and addresses; any other non-letter beyond ASCII makes a reading less likely.
# Control characters other than tab and line ends (C0, DEL, C1): never in a spreadsheet of names.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BEYOND_ASCII = re.compile("[^\x00-\x7f]")
USUAL_PUNCTUATION = set("\u00a0’‘“”–—£€°½¼¾·•…©®™§¦¬«»")


class EncodingQuestion(ValueError):
    """We cannot be sure how the file's text was saved: ask the SENCO.

    `guess` is a Python codec name ("" if nothing fits), `label` says it in words, `samples` (up to 8) are the names
    and other values with letters beyond A-Z, with their row, as they read under the guess."""

    def __init__(self, message: str, *, guess: str = "", label: str = "", samples: list[str] | None = None):
        super().__init__(message)
        self.guess = guess
        self.label = label
        self.samples = samples or []


def decode(data: bytes, encoding: str = "") -> str:
    """The file's text. UTF-8 (BOM or not) and UTF-16 with a BOM are read as they are; otherwise `encoding`, which the
    SENCO confirmed, or EncodingQuestion. A file that is UTF-8 is always read as UTF-8, whatever `encoding` says."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise _question(data, "This file starts as UTF-16 (Unicode text) but part of it is not.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if not encoding:
        raise _question(data)
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except LookupError:
        raise _question(data, f"'{encoding}' is not a text encoding we know.") from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _question(data, f"Line {line} of this file cannot be read as {label_for(encoding)}.") from None


def label_for(encoding: str) -> str:
    """The encoding in words a SENCO understands."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    return LABELS.get(name, f"the '{name}' text encoding")


def _question(data: bytes, opening: str = "") -> EncodingQuestion:
    opening = f"{opening} " if opening else ""
    if UTF8_SEQUENCE.search(data) and b"\x00" not in data:
        # Part UTF-8 and part not (text pasted in from another program): every reading spoils one part or the other.
        return EncodingQuestion(
            f"{opening}Part of this file is saved as UTF-8 and part is not, so some letters would come out wrong "
            f"whichever way we read it. {SAVE_AS_UTF8}"
        )
    guess, text = _best_reading(data)
    if not guess:
        return EncodingQuestion(
            f"{opening}This file is not text we can read: it may be a spreadsheet or another kind of file saved "
            f"under a .csv name. {SAVE_AS_UTF8}"
        )
    label = label_for(guess)
    return EncodingQuestion(
        f"{opening}This file is not saved as UTF-8. We think it is {label}: check that the names below look right.",
        guess=guess,
        label=label,
        samples=_samples(text),
    )


def _best_reading(data: bytes) -> tuple[str, str]:
    """(codec name, text) for the likeliest encoding, or ("", "") if no encoding reads the file as text."""
    candidates = list(ALWAYS_TRIED)
    candidates += [match.encoding for match in charset_normalizer.from_bytes(data)][:12]
    best: tuple[int, int, str, str] | None = None
    seen: set[str] = set()
    for rank, candidate in enumerate(candidates):
        try:
            name = codecs.lookup(candidate).name
            text = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
        if name in seen or name.startswith("utf-8") or _has_controls(text):
            continue
        seen.add(name)
        # The fewest odd-looking characters; among equals Windows-1252, then charset-normalizer's order.
        score = (_oddities(text), 0 if name == PREFERRED else rank + 1, name, text)
        if best is None or score[:2] < best[:2]:
            best = score
    return (best[2], best[3]) if best else ("", "")


def _has_controls(text: str) -> bool:
    return CONTROLS.search(text) is not None


def _oddities(text: str) -> int:
    """How many characters beyond ASCII do not look like part of a name or address: symbols other than the usual
    punctuation, a capital inside a lower-case word ("RenŽe"), an opening quote straight after a letter."""
    odd = 0
    for found in itertools.islice(BEYOND_ASCII.finditer(text), ODDITY_SAMPLE):
        index, char = found.start(), found.group()
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if char.isalpha():
            if char.isupper() and before.isalpha() and (before.islower() or after.islower()):
                odd += 1
        elif char not in USUAL_PUNCTUATION or (char in "‘“" and before.isalpha()):
            odd += 1
    return odd


def _samples(text: str) -> list[str]:
    """The values with letters beyond A-Z, with their spreadsheet row: what the SENCO checks. Lines of the file if it
    cannot be read as rows."""
    samples: list[str] = []
    try:
        for record in read_records(text):
            for cell in record.cells:
                if not cell.isascii():
                    samples.append(f"Row {record.number}: {cell.strip()}")
                    if len(samples) == MAX_SAMPLES:
                        return samples
    except CsvReadError:
        samples = [line for line in text.splitlines() if not line.isascii()][:MAX_SAMPLES]
    return samples
