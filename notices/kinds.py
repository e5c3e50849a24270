"""The kinds of message, each registered by the app whose subject it is: notices looks a kind up here and knows
nothing of meetings, review days, events or loans.

An app brings a `MessageSubject` (the foreign key on `Message` that says what its messages are about, and how the
message logs show and find them) and its `MessageKind`s (to whom, the template folder, the context, whether it is
still needed at send time, who may see it in the message log), and calls `register` from its `AppConfig.ready()`.
Registration happens before any request or task runs, so a lookup never finds the registry half filled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from accounts.models import Role

if TYPE_CHECKING:
    from pupils.models import Pupil

    from .models import Message

logger = logging.getLogger(__name__)

# Who may see a message of a kind in the message logs. A message to parents holds no SEN detail, so the office
# sees it too; a reminder to staff about a record does not go to the office.
SEEN_BY_SCHOOL = (Role.SENCO, Role.STAFF, Role.OFFICE)
SEEN_BY_SEN_STAFF = (Role.SENCO, Role.STAFF)


@dataclass(frozen=True)
class MessageSubject:
    """What some kinds of message are about (a meeting, a review day, an event, a loan)."""

    field: str  # the foreign key on Message
    about: Callable[[Message], str]  # in a few words, for lists and logs (no SEN detail)
    visible_to: Callable[..., Q]  # (user) -> which messages about such subjects this person may see
    about_pupil: Callable[[Pupil], Q]  # the messages about this pupil, for the pupil's message log
    related: tuple[str, ...] = ()  # joined in when messages are listed
    joined_for_sending: tuple[str, ...] = ()  # joined in when a message is sent
    # Given a batch of messages about such subjects, about to be sent: reads at once what writing each would read
    # alone (who was invited to each meeting, say), keeping it on the objects joined in.
    read_for_sending: Callable[[list[Message]], None] | None = None


@dataclass(frozen=True)
class Enclosure:
    """A document a letter encloses, for the office to print and put in the envelope: a shared meeting record, a
    pupil's plan. Made only when asked for (rendering is slow)."""

    pupil: Pupil  # whom it is about, for the access log when it is printed
    file_name: str
    html: Callable[[], str]  # the document in the print style, for the batch of letters printed as one PDF
    pdf: Callable[[], bytes]  # the document on its own


@dataclass(frozen=True)
class MessageKind:
    value: str  # stored in Message.kind
    label: str
    subject: MessageSubject
    to_parent: bool  # to a family: a parent or carer, or a young person written to themself; else to staff
    seen_by: tuple[str, ...]  # the roles that may see it in the message logs
    templates: str  # the folder holding subject.txt, body.txt and body.html
    context: Callable[[Message], dict]  # what the templates need
    still_needed: Callable[[Message], bool]  # asked just before sending: False cancels the message
    # A file to attach to the email, as (file name, content, MIME type), or None for none this time; None for never.
    attachment: Callable[[Message], tuple[str, bytes, str] | None] | None = None
    # What a letter of this kind encloses (None for nothing this time); None for a kind whose letters enclose nothing.
    enclosure: Callable[[Message], Enclosure | None] | None = None
    encloses: str = ""  # what it encloses, in a few words for the office's list: "the record of the meeting"
    # Told when a message reached its person as far as the school can tell: an email the mail server took, a letter
    # the office marked printed. For the kinds that keep count of what reached whom (a shared meeting record).
    delivered: Callable[[Message], None] | None = None
    # A copy sent again is written afresh from the templates rather than copied: for kinds whose words carry
    # something made at sending and not kept (a link that opens a record: `context` names it in `secrets`).
    written_afresh_when_sent_again: bool = False

    def __str__(self) -> str:
        return self.value


_kinds: dict[str, MessageKind] = {}


def register(*kinds: MessageKind) -> None:
    """Called from an app's `AppConfig.ready()`. Registering the same kind again is harmless; another kind under a
    value already taken is a mistake in the code."""
    for kind in kinds:
        known = _kinds.get(kind.value)
        if known is not None and known != kind:
            raise ImproperlyConfigured(f"Two message kinds are registered as {kind.value!r}.")
        _kinds[kind.value] = kind


def kind_of(message_or_value: Message | str) -> MessageKind:
    value = getattr(message_or_value, "kind", message_or_value)
    try:
        return _kinds[value]
    except KeyError:
        raise LookupError(f"No app has registered a message kind {value!r}.") from None


def tell_delivered(message: Message) -> None:
    """Tell the message's kind that it reached its person (`MessageKind.delivered`), if the kind asks. The message
    has gone whatever the kind does with the news, so a mistake there is logged, not raised."""
    hook = kind_of(message).delivered
    if hook is None:
        return
    try:
        hook(message)
    except Exception:
        logger.exception("The kind %s could not note message %s as delivered", message.kind, message.pk)


def enclosure_of(message: Message) -> Enclosure | None:
    """What the letter encloses, if its kind encloses anything."""
    hook = kind_of(message).enclosure
    return hook(message) if hook is not None else None


def enclosing_kinds() -> list[str]:
    """The kinds whose letters may enclose a document."""
    return [kind.value for kind in _kinds.values() if kind.enclosure is not None]


def registered() -> list[MessageKind]:
    """Every kind, in the order registered (the apps' order in INSTALLED_APPS)."""
    return list(_kinds.values())


def subjects() -> list[MessageSubject]:
    return list(dict.fromkeys(kind.subject for kind in _kinds.values()))


def choices() -> list[tuple[str, str]]:
    """Message.kind's choices, read when they are needed (the kinds are registered after the model is built)."""
    return [(kind.value, kind.label) for kind in _kinds.values()]


def parent_kinds() -> list[str]:
    """The kinds sent to parents and carers."""
    return [kind.value for kind in _kinds.values() if kind.to_parent]


def related() -> tuple[str, ...]:
    """What to join in to list messages of every kind with what they are about."""
    return tuple(path for subject in subjects() for path in subject.related)


def joined_for_sending() -> tuple[str, ...]:
    return tuple(path for subject in subjects() for path in subject.joined_for_sending)


def read_for_sending(messages: list[Message]) -> None:
    """Each subject reads at once what writing its messages in this batch needs (`MessageSubject.read_for_sending`)."""
    by_subject: dict[MessageSubject, list[Message]] = {}
    for message in messages:
        by_subject.setdefault(kind_of(message).subject, []).append(message)
    for subject, about_it in by_subject.items():
        if subject.read_for_sending is not None:
            subject.read_for_sending(about_it)


def seen_by(role: str) -> list[MessageKind]:
    """The kinds a role may see (each kind's subject then says which of those messages, for the person)."""
    return [kind for kind in _kinds.values() if role in kind.seen_by]


def visible_to(user) -> Q | None:
    """The messages this person may see in the message logs, as one condition; None for none at all. Kinds whose
    subjects share one rule of visibility are asked it once."""
    by_rule: dict[Callable[..., Q], list[str]] = {}
    for kind in seen_by(user.role):
        by_rule.setdefault(kind.subject.visible_to, []).append(kind.value)
    if not by_rule:
        return None
    condition = Q()
    for rule, values in by_rule.items():
        condition |= Q(kind__in=values) & rule(user)
    return condition


def about_pupil(pupil: Pupil) -> Q:
    """The messages about this pupil, whatever they are about (their meetings, review days, events, loans)."""
    condition = Q()
    for subject in subjects():
        condition |= subject.about_pupil(pupil)
    return condition


def to_families_seen_by(user) -> Q:
    """Messages to the parents of the pupils this person sees: the rule for a message about something that is not
    one pupil's (a review day, an event), or that the family holds (a loan)."""
    from pupils.models import ParentCarer, Pupil

    return Q(parent__in=ParentCarer.objects.filter(pupil_links__pupil__in=Pupil.objects.visible_to(user)))
