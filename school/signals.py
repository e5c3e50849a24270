"""`calendar_changed`: the school's closure days, term dates or reminder times changed.

Apps whose messages are timed by the school calendar (meeting reminders, library loans, events) listen and plan
again the messages not yet sent. The signal is sent once the change is committed, and once for a transaction however
many days it changed (the admin deleting twenty closure days plans everything again once).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .models import ClosureDay, School, TermDates

calendar_changed = Signal()


class _Announcement:
    """One `calendar_changed` waiting for its transaction to commit."""

    def __init__(self) -> None:
        self.sent = False

    def __call__(self) -> None:
        self.sent = True
        School.forget_loaded()
        calendar_changed.send(sender=School)


def calendar_changed_on_commit() -> None:
    """Send `calendar_changed` when the current transaction commits (at once outside one), once per transaction."""
    connection = transaction.get_connection()
    waiting = [entry[1] for entry in connection.run_on_commit if isinstance(entry[1], _Announcement)]
    if connection.in_atomic_block and any(not announcement.sent for announcement in waiting):
        return
    transaction.on_commit(_Announcement())


@receiver(post_save, sender=ClosureDay, dispatch_uid="closure-day-saved")
@receiver(post_delete, sender=ClosureDay, dispatch_uid="closure-day-deleted")
@receiver(post_save, sender=TermDates, dispatch_uid="term-dates-saved")
@receiver(post_delete, sender=TermDates, dispatch_uid="term-dates-deleted")
def _school_calendar_edited(sender, **kwargs) -> None:
    School.changed()
    calendar_changed_on_commit()
