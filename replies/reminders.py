"""The email that takes a family's reply to the member of staff who acts on it, sent once at the next scan.

Each is a ReplyReminder row (planned by `answers.tell_the_leader`), sent by the shared machinery of
notices/staff_reminders.py: claimed with a conditional UPDATE, so a task delivered twice sends it once. It says the
reply as it stands when it goes. A meeting moved, cancelled or over by then needs no email: the reply shows on it.
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from notices.content import site_url
from notices.staff_reminders import StaffReminders, staff_email

from .models import Answer, ReplyReminder


class ReplyReminders(StaffReminders):
    model = ReplyReminder
    related = ("reply__parent", "reply__meeting__pupil", "reply__review_day", "recipient")

    def still_needed(self, reminder: ReplyReminder, now: datetime) -> bool:
        reply = reminder.reply
        if reply.meeting_id:
            return reply.meeting.is_booked and now < reply.meeting.ends_at
        day = reply.review_day
        return now < day.at(day.ends_at)

    def email(self, reminder: ReplyReminder, now: datetime):
        """The words are in templates/replies/reminder/."""
        reply = reminder.reply
        if reply.meeting_id:
            url = site_url(reverse("meetings:detail", args=[reply.meeting_id]))
        else:
            url = site_url(reverse("booking:invitations", args=[reply.review_day_id]))
        context = {
            "reply": reply,
            "parent": reply.parent,
            "meeting": reply.meeting,
            "review_day": reply.review_day,
            "pupil": reply.meeting.pupil if reply.meeting_id else None,
            "url": url,
            "changed": reply.changed_at is not None,
            "needs_acting_on": reply.answer != Answer.COMING,
            "now": timezone.localtime(now),
        }
        return staff_email(reminder.recipient, "replies/reminder", context)


reply_reminders = ReplyReminders()
scan, claim, deliver = reply_reminders.scan, reply_reminders.claim, reply_reminders.deliver
