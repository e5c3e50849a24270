"""Sending a letter the SENCO has approved: one message to each parent with parental responsibility, by the way each
is reached (an email, or a letter on the office's list to print: notices/channels.py), exactly once.

Once: approving locks the letter and refuses one already approved or set aside, and each parent's message is unique
for the letter (Message's constraint `message_one_sen_letter_per_parent`); the notices machinery then sends each
message once (notices/sending.py). Never to a contact without parental responsibility, and never to the parents of a
young person who decides without them.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from common import when
from notices.channels import channel_choice
from notices.models import Message
from pupils.models import ParentCarer, Pupil, SenStatus
from pupils.sen_changes import standing

from .models import SenStatusLetter
from .wording import words

# A letter nobody could send within two weeks (no email server, say) is shown as missed for the SENCO to look at.
USEFUL_FOR = timedelta(days=14)
MESSAGE_KIND = "sen_status_letter"


class LetterRefused(Exception):
    """The letter cannot be sent or set aside as asked: the message says why, in words for the SENCO."""


def recipients(pupil: Pupil) -> list[ParentCarer]:
    """The parents and carers the letter goes to: those with parental responsibility, unless the pupil is a young
    person past compulsory school age who decides without them."""
    if pupil.decides_without_parents():
        return []
    links = pupil.parent_links.filter(has_parental_responsibility=True).select_related("parent")
    return [link.parent for link in links]


def not_sent_to(pupil: Pupil) -> list[ParentCarer]:
    """Contacts of the pupil the letter does not go to (no parental responsibility), to show the SENCO."""
    links = pupil.parent_links.filter(has_parental_responsibility=False).select_related("parent")
    return [link.parent for link in links]


def why_it_cannot_go(letter: SenStatusLetter) -> str:
    """'' when the letter may be approved now; else the reason, in words for the SENCO."""
    pupil, name = letter.pupil, letter.pupil.first_name
    if letter.is_sent:
        return f"This letter was sent on {when.date(letter.approved_at)}: it goes once."
    if letter.discarded_at:
        return "This letter was set aside, so it cannot be sent."
    if pupil.has_left_school:
        return f"{name} has left the school: set this letter aside."
    now = standing(pupil)
    if now != letter.to_status:
        return (
            f"{name}'s SEN status is now {SenStatus(now).label}, not {SenStatus(letter.to_status).label} as this "
            "letter says: set it aside."
        )
    if pupil.decides_without_parents():
        return (
            f"{name} is past compulsory school age and has not agreed to their parents seeing their record: the "
            f"school tells {name}, not their parents. Set this letter aside, saying how you told {name}."
        )
    if not recipients(pupil):
        return f"Nobody has parental responsibility for {name} on the register: add the parents first."
    return ""


def approve(letter: SenStatusLetter, by, text: str | None = None) -> list[Message]:
    """Send the letter (with `text` if the SENCO changed the words as they approved it): one message to each parent
    with parental responsibility, due now. Raises LetterRefused, changing nothing, if it cannot go."""
    with transaction.atomic():
        letter = SenStatusLetter.objects.select_for_update().select_related("pupil").get(pk=letter.pk)
        problem = why_it_cannot_go(letter)
        if problem:
            raise LetterRefused(problem)
        if text is not None:
            letter.text = text
        now = timezone.now()
        letter.text = words(letter, by)  # the words as sent, kept
        letter.approved_by, letter.approved_at = by, now
        letter._history_user = by
        letter.save()
        messages = [
            Message(
                sen_letter=letter,
                kind=MESSAGE_KIND,
                parent=parent,
                channel=channel_choice(parent),
                due_at=now,
                next_attempt_at=now,
                for_starts_at=now,
                expires_at=now + USEFUL_FOR,
            )
            for parent in recipients(letter.pupil)
        ]
        return Message.objects.bulk_create(messages)


def discard(letter: SenStatusLetter, by, reason: str) -> None:
    """Set a waiting letter aside, saying why (a correction, told in person...). Raises LetterRefused if it has gone."""
    with transaction.atomic():
        letter = SenStatusLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.is_sent:
            raise LetterRefused("This letter has been sent already: it cannot be set aside now.")
        if letter.discarded_at:
            raise LetterRefused("This letter was set aside already.")
        letter.discarded_by, letter.discarded_at, letter.discard_reason = by, timezone.now(), reason
        letter._history_user = by
        letter.save()
