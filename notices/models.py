from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from common import when

from . import kinds


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter (printed by the office)"
    # A call the office makes from its call list ('sending' puts it on the list; the office records how it went).
    PHONE = "phone", "Phone call (the office's call list)"


class MessageStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    MISSED = "missed", "Missed (its moment passed)"
    CANCELLED = "cancelled", "Not needed any more"


class MessageQuerySet(models.QuerySet):
    def due(self, now) -> "MessageQuerySet":
        return self.filter(status=MessageStatus.PLANNED, next_attempt_at__lte=now)

    def handed_to_sender(self, now) -> "MessageQuerySet":
        """Sent, being sent or failed, or due and waiting for the sender (or for its next try). Planning again (after
        a change to the school's calendar, say) leaves these as they are and plans no second one in their place."""
        handed = (MessageStatus.SENT, MessageStatus.SENDING, MessageStatus.FAILED)
        return self.filter(Q(status__in=handed) | Q(status=MessageStatus.PLANNED, due_at__lte=now))

    def calls_on_the_list(self, now) -> "MessageQuerySet":
        """Phone calls on the office's call list and still worth making (a day-before call: that day, until the
        meeting starts), whether made yet or not."""
        return self.filter(channel=Channel.PHONE, status=MessageStatus.SENT, expires_at__gt=now, resend_of=None)

    def calls_to_make(self, now) -> "MessageQuerySet":
        """The calls on the list that nobody has answered yet: never tried, or tried with no answer."""
        answered = CallAttempt.objects.filter(message=OuterRef("pk"), outcome__in=ANSWERED)
        return self.calls_on_the_list(now).filter(~Exists(answered))

    def for_parent(self, parent) -> "MessageQuerySet":
        return self.filter(parent=parent)

    def mark_printed(self, now) -> int:
        """Mark these letters printed (and so posted or handed over), each once: two people marking the same letter
        at the same moment mark it once. The kind of each is told (`kinds.tell_delivered`): a letter reaches the
        family when it is printed, not when it joins the list. Returns how many were marked."""
        marked = 0
        for letter in self.filter(channel=Channel.LETTER, printed_at__isnull=True).order_by("pk"):
            if Message.objects.filter(pk=letter.pk, printed_at__isnull=True).update(printed_at=now):
                letter.printed_at = now
                kinds.tell_delivered(letter)
                marked += 1
        return marked

    def visible_to(self, user) -> "MessageQuerySet":
        """What this person may see in the message logs: each kind says which roles may see it (the office sees
        messages to parents, which hold no SEN detail, never the staff reminders about records) and its subject
        which of them (messages about meetings of pupils they see, or to those pupils' families). Nobody else."""
        condition = kinds.visible_to(user)
        return self.none() if condition is None else self.filter(condition)


class Message(models.Model):
    """One message to one person about one thing (a meeting, a review day, an event, a loan, a letter about a change
    in a child's SEN support: its kind says which), planned for one time: sent once and only once.

    The row is the schedule (not a task waiting in the broker): beat scans for due rows and a worker claims
    each with a conditional UPDATE before sending. What was sent is kept, so the school can show it.
    """

    # What the message is about: one foreign key per subject (the app owning each registers its kinds in
    # notices.kinds); constraints below keep exactly one of them set, matching the kind.
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    # An invitation to a review day: one per parent and day, naming each of their children invited.
    review_day = models.ForeignKey(
        "booking.ReviewDay", null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    # An event for parents (its invitation and reminder) or a loan from the lending library (due back).
    event = models.ForeignKey("events.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="messages")
    loan = models.ForeignKey("library.Loan", null=True, blank=True, on_delete=models.PROTECT, related_name="messages")
    # A letter telling the parents that their child's SEN support starts, changes or ends, as the SENCO approved it.
    sen_letter = models.ForeignKey(
        "sen_letters.SenStatusLetter", null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    # A pupil's SEN support plan sent to the parents two weeks before its review, asking for their comments.
    support_plan = models.ForeignKey(
        "support_plans.SupportPlan", null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    kind = models.CharField(max_length=20, choices=kinds.choices)
    parent = models.ForeignKey(
        "pupils.ParentCarer", null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    # A young person past compulsory school age, written to themself (their own meeting record, say).
    young_person = models.ForeignKey(
        "pupils.Pupil",
        verbose_name="young person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages_to_them",
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    due_at = models.DateTimeField("planned for")
    # The meeting time this message was planned for: a later change of time calls for a change notice.
    for_starts_at = models.DateTimeField()
    expires_at = models.DateTimeField("useful until")
    next_attempt_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=MessageStatus.choices, default=MessageStatus.PLANNED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # As sent: kept so the communication log shows exactly what went out.
    recipient_name = models.CharField(max_length=200, blank=True)
    recipient_address = models.TextField(blank=True)
    subject = models.CharField(max_length=250, blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    printed_at = models.DateTimeField(null=True, blank=True)
    resend_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="resends")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-due_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            # What reached a parent about each meeting, answered from the index alone: the SENCO's dashboard asks it
            # of every meeting still to come (replies.summaries.waiting).
            models.Index(
                fields=["meeting", "kind"],
                condition=Q(parent__isnull=False, status=MessageStatus.SENT),
                name="message_sent_to_parent",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "parent", "kind", "due_at"],
                condition=Q(parent__isnull=False, resend_of__isnull=True),
                name="message_once_per_parent",
            ),
            models.UniqueConstraint(
                fields=["meeting", "staff", "kind", "due_at"],
                condition=Q(staff__isnull=False, resend_of__isnull=True),
                name="message_once_per_staff",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=False, staff__isnull=True, young_person__isnull=True)
                | Q(parent__isnull=True, staff__isnull=False, young_person__isnull=True)
                | Q(parent__isnull=True, staff__isnull=True, young_person__isnull=False),
                name="message_has_one_recipient",
            ),
            models.CheckConstraint(
                condition=Q(sen_letter__isnull=True, support_plan__isnull=True)
                & (
                    Q(meeting__isnull=False, review_day__isnull=True, event__isnull=True, loan__isnull=True)
                    | Q(meeting__isnull=True, review_day__isnull=False, event__isnull=True, loan__isnull=True)
                    & Q(kind="invitation", parent__isnull=False)
                    | Q(meeting__isnull=True, review_day__isnull=True, event__isnull=False, loan__isnull=True)
                    & Q(kind__in=["event_invitation", "event_reminder"], parent__isnull=False)
                    | Q(meeting__isnull=True, review_day__isnull=True, event__isnull=True, loan__isnull=False)
                    & Q(kind="loan_due_back", parent__isnull=False)
                )
                | Q(meeting__isnull=True, review_day__isnull=True, event__isnull=True, loan__isnull=True)
                & Q(support_plan__isnull=True, sen_letter__isnull=False, kind="sen_status_letter", parent__isnull=False)
                | Q(meeting__isnull=True, review_day__isnull=True, event__isnull=True, loan__isnull=True)
                & Q(sen_letter__isnull=True, support_plan__isnull=False, kind="plan_for_review", parent__isnull=False),
                name="message_about_one_thing",
            ),
            models.UniqueConstraint(
                fields=["event", "parent", "kind", "due_at"],
                condition=Q(event__isnull=False, resend_of__isnull=True),
                name="message_once_per_event_parent",
            ),
            models.UniqueConstraint(
                fields=["loan", "parent", "kind", "due_at"],
                condition=Q(loan__isnull=False, resend_of__isnull=True),
                name="message_once_per_loan",
            ),
            # A letter about a change in a child's SEN support goes once to each parent (the SENCO approves it once).
            models.UniqueConstraint(
                fields=["sen_letter", "parent", "kind"],
                condition=Q(sen_letter__isnull=False, resend_of__isnull=True),
                name="message_one_sen_letter_per_parent",
            ),
            # The plan before its review goes once to each parent for each time planned (a new review date, a new
            # time: plan_comments/sending.py keeps the one sent and plans no second).
            models.UniqueConstraint(
                fields=["support_plan", "parent", "kind", "due_at"],
                condition=Q(support_plan__isnull=False, resend_of__isnull=True),
                name="message_plan_once_per_parent",
            ),
            # Due time in the key: children invited later bring a new invitation naming everyone still to book.
            models.UniqueConstraint(
                fields=["review_day", "parent", "kind", "due_at"],
                condition=Q(review_day__isnull=False, resend_of__isnull=True),
                name="message_one_invitation_per_parent_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} ({self.get_status_display()})"

    @property
    def recipient(self):
        return self.parent or self.young_person or self.staff

    @property
    def last_call(self) -> "CallAttempt | None":
        """The last try at a phone call (from its tries, prefetched as `calls` in lists)."""
        calls = list(self.calls.all())
        return calls[-1] if calls else None

    @property
    def about(self) -> str:
        """What the message is about, in a few words, for lists and logs (no SEN detail)."""
        return kinds.kind_of(self).subject.about(self)


class CallOutcome(models.TextChoices):
    REACHED = "reached", "Reached"
    LEFT_MESSAGE = "left_message", "Left a message"
    NO_ANSWER = "no_answer", "No answer"


# The call is made: it leaves the list. After 'no answer' it stays, to be tried again.
ANSWERED = (CallOutcome.REACHED, CallOutcome.LEFT_MESSAGE)


class CallAttempt(models.Model):
    """One try at a call on the office's call list, as ticked by whoever rang: kept in the message log with who and
    when. A call has at most one answered attempt (reached, or a message left), after any number with no answer
    (`notices.calls.record_call`)."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="calls")
    outcome = models.CharField(max_length=12, choices=CallOutcome.choices)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["made_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message"],
                condition=Q(outcome__in=["reached", "left_message"]),
                name="call_answered_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({when.day_at(self.made_at, short=True)})"


class ReminderStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    CANCELLED = "cancelled", "Not needed any more"


class StaffReminder(models.Model):
    """A reminder email to a member of staff, as a row: sent once by `notices.staff_reminders.StaffReminders`.

    Concrete reminders (a concern to answer, an audit action due) add what they are about, and their own ordering,
    index on (status, due_at) and uniqueness.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PLANNED)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
