"""One uploaded file to `records.MisFile`, whatever it is: a Common Transfer File (XML) or a CSV export.

A CSV file whose headings the portal does not know is read with the columns the SENCO matched last time for a file
with the same headings (`ColumnMapping`), or raises `NeedsMapping` for them to match now.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import csv_formats
from .ctf import read_ctf
from .models import ColumnMapping
from .records import MisFile


@dataclass(frozen=True)
class ReadFile:
    mis_file: MisFile
    kind: str  # "CTF" or "CSV"
    mapping: ColumnMapping | None = None  # the saved mapping the file was read with, if any


def is_ctf(data: bytes) -> bool:
    """XML starts with '<' (after a byte-order mark and white space); a CSV export never does."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def read_file(
    data: bytes, *, encoding: str = "", mapping: dict[str, str] | None = None, partial: bool = False
) -> ReadFile:
    """The file read, or the reader's exception: CTFRefused (every problem), EncodingQuestion, NeedsMapping."""
    if is_ctf(data):
        return ReadFile(read_ctf(data), "CTF")
    if mapping:
        return ReadFile(csv_formats.read_upload(data, encoding=encoding, mapping=mapping, partial=partial), "CSV")
    try:
        return ReadFile(csv_formats.read_upload(data, encoding=encoding, partial=partial), "CSV")
    except csv_formats.NeedsMapping as needs:
        saved = ColumnMapping.objects.filter(headings_key=csv_formats.headings_key(needs.headings)).first()
        if saved is None:
            raise
        mis_file = csv_formats.read_upload(data, encoding=encoding, mapping=saved.mapping, partial=partial)
        return ReadFile(mis_file, "CSV", saved)
