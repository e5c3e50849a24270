"""The whole round trip, as it happens: a current plan whose review is two weeks away; its message to the parent is
due and is sent with the family's link; the parent opens the link and comments; the plan's author is told; the page
where the review is recorded shows what the parent said."""

import datetime

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils.html import strip_tags

from notices.models import Message, MessageStatus
from notices.sending import deliver, scan
from plan_comments import reminders
from plan_comments.sending import MESSAGE_KIND

from .helpers import GOES_AT, link_in


def text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def test_plan_sent_commented_on_told_and_heard_at_the_review(client, plan_a, mother, senco):
    message = Message.objects.get(support_plan=plan_a, parent=mother, kind=MESSAGE_KIND)

    # Two weeks before the review: the message is due, and beat's scan hands it to a worker, which sends it.
    with time_machine.travel(GOES_AT - datetime.timedelta(minutes=1), tick=False):
        assert message.pk not in scan()
    with time_machine.travel(GOES_AT, tick=False):
        assert message.pk in scan()
        assert deliver(message.pk) == MessageStatus.SENT
        assert deliver(message.pk) == "not claimed"  # a task delivered twice sends once
    [email] = [m for m in mail.outbox if m.to == ["Alice Ashworth <parent.a@home.example>"]]
    link = link_in(email.body)

    # That evening Alice opens the link on her phone, signed out, reads the plan and says what she thinks.
    with time_machine.travel(GOES_AT + datetime.timedelta(hours=4), tick=False):
        assert "Amelia's SEN support plan" in text(client.get(link))
        said = {"going_well": "She reads to her brother now.", "worries": "Spelling tests upset her.", "changes": ""}
        assert "Thank you. We have your comments." in text(client.post(link, said, follow=True))

    # The next scan tells the plan's author, Sam Senco, who follows the email to the plan.
    with time_machine.travel(GOES_AT + datetime.timedelta(hours=4, minutes=1), tick=False):
        for pk in reminders.scan():
            reminders.deliver(pk)
    [told] = [m for m in mail.outbox if m.to == ["Sam Senco <senco@school.example>"]]
    assert "Alice Ashworth wrote about Amelia Ashworth's SEN support plan (version 1)" in told.body
    url = reverse("support_plans:plan", args=[plan_a.pk])
    assert url + "#family-comments" in told.body

    # At the review, the page where Sam records it shows what Alice said, and so does the plan's page.
    with time_machine.travel(datetime.datetime(2027, 3, 12, 9, 0, tzinfo=datetime.UTC), tick=False):
        client.force_login(senco)
        review = text(client.get(reverse("support_plans:review", args=[plan_a.pk])))
        plan_page = text(client.get(url))
    for page in (review, plan_page):
        assert "The family's comments before the review" in page
        assert (
            "Alice Ashworth" in page and "Spelling tests upset her." in page and "She reads to her brother now." in page
        )
    assert "sent 26 February 2027 by email" in plan_page
