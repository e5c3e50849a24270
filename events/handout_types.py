"""Which files may be given out as handouts: documents and pictures a parent can open on a phone or a home computer.

A handout is downloaded by staff and passed on to families, so a script or a web page (.js, .html, .svg, which can
carry script) must never be one. The name's ending is checked first, then the first bytes of the file, so a web page
renamed to leaflet.pdf is refused too.
"""

import zipfile

# Ending -> what the file must start with. Office files that are ZIP archives are also looked inside (see below).
ALLOWED = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),  # the old Word format (OLE)
    ".rtf": (b"{\\rtf",),
    ".txt": (),  # checked as text instead
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
}
# The part every genuine file of the kind holds, so any ZIP renamed .docx is not taken for Word.
ZIP_MEMBER = {".docx": "word/document.xml", ".pptx": "ppt/presentation.xml", ".odt": "content.xml"}

ALLOWED_IN_WORDS = (
    "PDF, Word (.docx or .doc), OpenDocument (.odt), PowerPoint (.pptx), RTF, plain text, or a picture (.png, .jpg "
    "or .gif)"
)


def problem_with(upload) -> str:
    """What is wrong with an uploaded handout, in words for the person who chose it, or "" if nothing is."""
    name = (upload.name or "").lower()
    ending = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if ending not in ALLOWED:
        return f"Handouts must be {ALLOWED_IN_WORDS}. This file is not one of those."
    upload.seek(0)
    start = upload.read(4096)
    upload.seek(0)
    if not _content_matches(upload, ending, start):
        kind = ending[1:].upper()
        return f"This file is not really a {kind} file, whatever its name says. Handouts must be {ALLOWED_IN_WORDS}."
    return ""


def _content_matches(upload, ending: str, start: bytes) -> bool:
    if ending == ".txt":
        return _is_plain_text(start)
    if not start.startswith(ALLOWED[ending]):
        return False
    if ending in ZIP_MEMBER:
        try:
            with zipfile.ZipFile(upload) as archive:
                return ZIP_MEMBER[ending] in archive.namelist()
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
    return True


def _is_plain_text(start: bytes) -> bool:
    # The cut at 4096 bytes may fall inside a character: ignore a broken last few bytes only.
    try:
        text = start.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(start) - 4:
            return False
        text = start[: error.start].decode("utf-8-sig")
    return "\x00" not in text
