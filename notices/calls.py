"""The office's call list: day-before reminders by phone, and what happened when the office rang.

A call is a `Message` like any other (channel PHONE): planned, claimed and 'sent' exactly once by the worker, and
sending it puts it on the list (`channels.PhoneChannel`). The office then ticks each try: reached, left a message, or
no answer. Reached or a message left takes it off the list; after no answer it stays, to be tried again.
"""

from django.db import transaction

from .models import ANSWERED, CallAttempt, Message


@transaction.atomic
def record_call(call: Message, outcome: str, by) -> CallAttempt | None:
    """Note one try at the call, by this person, now. None when the call was already answered (a double click, or
    two people ringing the same family): nothing more is noted."""
    locked = Message.objects.select_for_update().get(pk=call.pk)  # two ticks at once: one waits for the other
    if locked.calls.filter(outcome__in=ANSWERED).exists():
        return None
    return CallAttempt.objects.create(message=locked, outcome=outcome, made_by=by)


def is_answered(call: Message) -> bool:
    """Reached, or a message left (from the call's tries, prefetched as `calls`)."""
    return any(attempt.outcome in ANSWERED for attempt in call.calls.all())
