"""Names of downloaded files and of the files inside a zip, made from slugs and ids, never from raw text.

A pupil's or parent's name is typed by people and imported from the MIS: it may hold a line break (which Django
refuses in a header, so the download answers 500), a quote (which ends the header's file name early) or `../` (which
climbs out of the folder a zip is unpacked into). Every name here is plain ASCII letters, digits, hyphens and dots,
so it is safe in a `Content-Disposition` header, on any disk and in any archive.
"""

import re
import unicodedata

UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_name(*parts: object, ending: str) -> str:
    """`file_name("record", pupil.first_name, "2025-03-04", ending=".pdf")` -> "record-Zoe-2025-03-04.pdf".

    Each part becomes a slug, as django.utils.text.slugify makes them but keeping capitals (a parent's file list
    reads "record-Zoe", not "record-zoe"): accents dropped, any other character a hyphen. A name in another script
    leaves nothing, so pass an id beside a name that may not be written in Latin letters."""
    slugs = [_slug(part) for part in parts if part is not None]
    stem = "-".join(slug for slug in slugs if slug) or "download"
    return stem + _safe(ending)


def archive_path(*parts: str) -> str:
    """A path inside a zip, e.g. `archive_path("pdfs/records", name)`: each folder and the name keep only safe
    characters, and none may be empty, `.` or `..`, so nothing unpacks outside the folder the zip is opened in."""
    segments = [_safe(segment).strip(".") for part in parts for segment in re.split(r"[/\\]", part)]
    return "/".join(segment for segment in segments if segment) or "file"


def content_disposition(name: str, *, inline: bool = False) -> str:
    """The header value for a name made by `file_name`; anything else that slips in is replaced, never sent raw."""
    return f'{"inline" if inline else "attachment"}; filename="{_safe(name) or "download"}"'


def _slug(part: object) -> str:
    latin = unicodedata.normalize("NFKD", str(part)).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", latin).strip("-")


def _safe(text: str) -> str:
    return UNSAFE.sub("-", text)
