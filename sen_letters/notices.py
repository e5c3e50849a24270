"""What the notices app asks of a letter about a change in SEN support: is it still needed, what does it say, and who
may see it (registered from SenLettersConfig.ready())."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from common import when
from notices.content import common_context
from notices.kinds import SEEN_BY_SCHOOL, MessageKind, MessageSubject, register
from notices.models import Message
from pupils.models import Pupil, sees_every_pupil
from school.models import School

from .models import SenStatusLetter
from .sending import MESSAGE_KIND
from .wording import blocks


class SenLetterMessageKind(models.TextChoices):
    LETTER = MESSAGE_KIND, "Letter about a change in SEN support"


def sen_letter_context(message: Message) -> dict:
    letter = message.sen_letter
    return common_context(message, letter.approved_by, School.load()) | {
        "letter": letter,
        "child_name": letter.pupil.first_name,
        "text": letter.text,
        "blocks": blocks(letter.text),
    }


def sen_letter_still_needed(message: Message) -> bool:
    """A copy sent by hand goes whatever. Otherwise only to a parent who still has parental responsibility, and not
    once the young person decides without their parents."""
    if message.resend_of_id is not None:
        return True
    pupil = message.sen_letter.pupil
    return (
        not pupil.decides_without_parents(timezone.localdate(message.due_at))
        and pupil.parent_links.filter(parent=message.parent_id, has_parental_responsibility=True).exists()
    )


def about_sen_letter(message: Message) -> str:
    letter = message.sen_letter
    return f"Letter about {letter.pupil.first_name}'s support, {when.date(letter.changed_on)}"


def visible_sen_letters(user) -> Q:
    """Messages about the pupils this person sees (each letter is about one pupil)."""
    if sees_every_pupil(user):
        return Q(sen_letter__isnull=False)
    return Q(sen_letter__in=SenStatusLetter.objects.filter(pupil__in=Pupil.objects.visible_to(user)))


def about_pupils_sen_letters(pupil: Pupil) -> Q:
    return Q(sen_letter__pupil=pupil)


SEN_LETTER = MessageSubject(
    field="sen_letter",
    about=about_sen_letter,
    visible_to=visible_sen_letters,
    about_pupil=about_pupils_sen_letters,
    related=("sen_letter__pupil",),  # not joined for sending: few messages are letters, read when sent
)


def register_message_kinds() -> None:
    """Called from SenLettersConfig.ready()."""
    register(
        MessageKind(
            value=SenLetterMessageKind.LETTER.value,
            label=SenLetterMessageKind.LETTER.label,
            subject=SEN_LETTER,
            to_parent=True,
            # The office prints and posts the letters, as it does every letter to parents (notices/channels.py).
            seen_by=SEEN_BY_SCHOOL,
            templates="notices/sen_status_letter",
            context=sen_letter_context,
            still_needed=sen_letter_still_needed,
        )
    )
