"""Recording a family's reply, and telling the member of staff who acts on it."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from notices.models import ReminderStatus

from .links import Occasion
from .models import Answer, Reply, ReplyReminder

# What a family can say and change.
FIELDS = ("answer", "suits_times", "note", "talk_about", "home_views", "young_person_views")


class RepliesClosed(Exception):
    """The meeting has begun, or the link no longer works: the reply is not taken."""


@transaction.atomic
def record(occasion: Occasion, said: dict, now: datetime | None = None) -> tuple[Reply, bool]:
    """Save what the family said (`said`: FIELDS, checked by the form). Returns the reply and whether anything
    changed; a change tells the meeting's leader (`tell_the_leader`). Raises RepliesClosed after the meeting began.
    """
    now = now or timezone.now()
    if not occasion.is_open or now >= occasion.closes_at:
        raise RepliesClosed
    said = {field: said.get(field, "") for field in FIELDS}
    if not (occasion.meeting and occasion.young_person):
        said["young_person_views"] = ""
    if occasion.meeting and said["answer"] != Answer.ANOTHER_TIME:
        said["suits_times"] = ""  # asked only with 'another time' (the page hides the box otherwise)
    reply = Reply.objects.select_for_update().filter(parent=occasion.parent, **occasion.reply_key()).first()
    if reply is None:
        try:
            with transaction.atomic():
                reply = Reply.objects.create(parent=occasion.parent, answered_at=now, **occasion.reply_key(), **said)
        except IntegrityError:  # the same family's reply from another tab a moment ago: this one changes it
            reply = Reply.objects.select_for_update().get(parent=occasion.parent, **occasion.reply_key())
        else:
            tell_the_leader(reply, occasion, now)
            return reply, True
    if all(getattr(reply, field) == value for field, value in said.items()):
        return reply, False
    for field, value in said.items():
        setattr(reply, field, value)
    reply.changed_at = now
    reply.save()
    tell_the_leader(reply, occasion, now)
    return reply, True


def tell_the_leader(reply: Reply, occasion: Occasion, now: datetime) -> None:
    """An email at the next scan to whoever acts on the reply (`replies.reminders`). One waits at a time: if one is
    still waiting, it will say the reply as it then stands."""
    if ReplyReminder.objects.filter(reply=reply, status=ReminderStatus.PLANNED).exists():
        return
    try:
        with transaction.atomic():
            ReplyReminder.objects.create(reply=reply, recipient=occasion.leader, due_at=now)
    except IntegrityError:  # planned by another request a moment ago
        pass
