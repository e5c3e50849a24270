"""What a letter says: the default words, filled from the school's settings (sen_letters/templates...default_text.txt),
and the letter's text read as headings, paragraphs and bullet points for the email and the printed letter.

The SENCO writes plain text: a short line on its own (no full stop) is a heading, a line starting with '- ' a bullet
point, and a blank line ends a paragraph. The words are the same for every parent; the greeting ('Dear Mrs Khan')
and the signature are added for each (templates/notices/sen_status_letter/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.template.loader import render_to_string

from notices.content import tidy_text
from pupils.models import SenStatus
from school.models import School
from services.models import Reach, ServiceKind, SupportService

from .models import SenStatusLetter

HEADING_AT_MOST = 60
BULLETS = ("- ", "• ", "* ")


def local_sendiass() -> SupportService | None:
    """The SEND information, advice and support service from the directory of support services: a local one first."""
    services = SupportService.objects.active().filter(kind=ServiceKind.SENDIASS)
    return services.filter(reach=Reach.LOCAL).first() or services.first()


def default_text(letter: SenStatusLetter, senco) -> str:
    """The words the letter starts with, from the school's settings as they are now. `senco`: who will sign it."""
    context = {
        "letter": letter,
        "child": letter.pupil.first_name,
        "school": School.load(),
        "senco": senco,
        "sendiass": local_sendiass(),
        "plan_ended": letter.from_status == SenStatus.EHC_PLAN,
        "still_monitored": letter.to_status == SenStatus.MONITORING,
    }
    return tidy_text(render_to_string(f"sen_letters/default_text/{letter.change}.txt", context)).strip()


def words(letter: SenStatusLetter, senco) -> str:
    """The letter's words: as the SENCO changed them, or the default ones."""
    return letter.text or default_text(letter, senco)


@dataclass
class Block:
    kind: str  # "heading", "paragraph" or "list"
    lines: list[str]


def _is_bullet(line: str) -> bool:
    return line.startswith(BULLETS)


def _is_heading(line: str) -> bool:
    return len(line) <= HEADING_AT_MOST and not _is_bullet(line) and not re.search(r"[.,:;!?]$", line)


def blocks(text: str) -> list[Block]:
    """The letter's text as headings, paragraphs (their lines kept) and bullet lists, in order."""
    found: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        in_chunk: list[Block] = []
        if lines and _is_heading(lines[0]):
            in_chunk.append(Block("heading", [lines.pop(0)]))
        for line in lines:
            kind = "list" if _is_bullet(line) else "paragraph"
            if kind == "list":
                line = line[2:].strip()
            if in_chunk and in_chunk[-1].kind == kind:
                in_chunk[-1].lines.append(line)
            else:
                in_chunk.append(Block(kind, [line]))
        found += in_chunk
    return found
