"""Replies from families without an account: the personal link each notice, reminder, change notice and review-day
invitation carries (`ReplyLink`), the family's answer (`Reply`) and the email that takes it to the member of staff
who must act on it (`ReplyReminder`). What a link opens, and until when, is in `links.py`; recording an answer in
`answers.py`.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from booking.models import ReviewDay
from common.text import PARAGRAPHS, SENTENCES, long_text_field
from meetings.models import Meeting
from notices.models import Message, StaffReminder
from pupils.models import ParentCarer

# How much a family may write in each box: a few lines for the times that suit and a note, about a page for their
# views. Longer text is refused with a message saying by how much, never cut (forms.py).
TIMES_LENGTH = SENTENCES
NOTE_LENGTH = SENTENCES
VIEWS_LENGTH = PARAGRAPHS

# Exactly one of the meeting and the review day: a link or reply is about one or the other.
ABOUT_ONE_THING = Q(meeting__isnull=False, review_day__isnull=True) | Q(meeting__isnull=True, review_day__isnull=False)


class ReplyLink(models.Model):
    """The personal link one message carried to one parent or carer: it opens the reply page, signed out. Only a
    hash of its code is kept (the code itself is in the message as sent, and nowhere else).

    A link names the meeting the message was about; if that meeting was rearranged, the link opens the meeting as it
    now stands (`links.occasion`). It works until the end of the meeting's day (or the review day), for whoever holds
    it: the code is the family's, like a letter through their door."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    parent = models.ForeignKey(ParentCarer, on_delete=models.PROTECT, related_name="reply_links")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="reply_links")
    review_day = models.ForeignKey(
        ReviewDay, null=True, blank=True, on_delete=models.PROTECT, related_name="reply_links"
    )
    # The message that carried it. Sending again after a failure writes the message afresh, with a new code in place
    # of the one that never arrived.
    message = models.OneToOneField(Message, on_delete=models.PROTECT, related_name="reply_link")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_opened_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [models.CheckConstraint(condition=ABOUT_ONE_THING, name="replylink_about_one_thing")]

    def __str__(self) -> str:
        return f"Reply link for {self.parent} ({self.meeting or self.review_day})"


class Answer(models.TextChoices):
    COMING = "coming", "We'll be there"
    ANOTHER_TIME = "another_time", "We need another time"
    CANNOT_COME = "cannot_come", "We can't come"


# A review day has no time yet (the office books one): the same three answers, in the words that fit it.
REVIEW_DAY_ANSWERS = {
    Answer.COMING: "We'd like an appointment that day",
    Answer.ANOTHER_TIME: "We need another day",
    Answer.CANNOT_COME: "We can't come",
}


def answer_choices(review_day: bool) -> list[tuple[str, str]]:
    return list(REVIEW_DAY_ANSWERS.items()) if review_day else Answer.choices


class ReplyQuerySet(models.QuerySet):
    def about_meetings(self, meetings) -> "ReplyQuerySet":
        return self.filter(meeting__in=meetings)

    def with_views(self) -> "ReplyQuerySet":
        """Replies in which the family wrote something for the meeting itself (not only whether they can come)."""
        return self.exclude(talk_about="", home_views="", young_person_views="")


class Reply(models.Model):
    """One parent's answer about one meeting (as it now stands) or one review day, given through their link, and
    what they would like the meeting to know. They may change it until the meeting begins: the history keeps every
    earlier answer, and nothing is deleted.

    A form of its own: it changes no record or profile. Staff read it on the meeting, the dashboard, the family's
    timeline and, marked as the family's own words, in the Explore stage of the record."""

    parent = models.ForeignKey(ParentCarer, on_delete=models.PROTECT, related_name="replies")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="replies")
    review_day = models.ForeignKey(ReviewDay, null=True, blank=True, on_delete=models.PROTECT, related_name="replies")
    answer = models.CharField(max_length=15, choices=Answer.choices)
    suits_times = long_text_field("days and times that suit", max_length=TIMES_LENGTH, blank=True)
    note = long_text_field("a note", max_length=NOTE_LENGTH, blank=True)
    talk_about = long_text_field("what they would like to talk about", max_length=VIEWS_LENGTH, blank=True)
    home_views = long_text_field("how things are at home", max_length=VIEWS_LENGTH, blank=True)
    young_person_views = long_text_field("the young person's own views", max_length=VIEWS_LENGTH, blank=True)
    answered_at = models.DateTimeField(default=timezone.now, editable=False)
    changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReplyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-answered_at", "pk"]
        verbose_name_plural = "replies"
        constraints = [
            models.CheckConstraint(condition=ABOUT_ONE_THING, name="reply_about_one_thing"),
            models.UniqueConstraint(
                fields=["parent", "meeting"], condition=Q(meeting__isnull=False), name="reply_once_per_parent_meeting"
            ),
            models.UniqueConstraint(
                fields=["parent", "review_day"],
                condition=Q(review_day__isnull=False),
                name="reply_once_per_parent_review_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent}: {self.get_answer_display()}"

    @property
    def in_words(self) -> str:
        """The answer as the family chose it on the page."""
        return REVIEW_DAY_ANSWERS[self.answer] if self.review_day_id else self.get_answer_display()

    @property
    def last_said_at(self):
        return self.changed_at or self.answered_at

    @property
    def has_views(self) -> bool:
        return bool(self.talk_about or self.home_views or self.young_person_views)


class ReplyReminder(StaffReminder):
    """The email telling the member of staff who leads the meeting (or set up the review day) what a family replied:
    a row, claimed before sending (`notices.staff_reminders`). One waits at a time per reply: a family changing its
    mind before it goes makes no second email, as the email says what the reply is when it is sent."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="reminders")

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["status", "due_at"])]
        constraints = [
            models.UniqueConstraint(fields=["reply"], condition=Q(status="planned"), name="replyreminder_one_waiting"),
        ]

    def __str__(self) -> str:
        return f"Reminder about {self.reply} ({self.get_status_display()})"
