"""The communication logs, one message as sent, resending a copy, failed messages, and letters to print."""

from datetime import timedelta

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView, TemplateView, View

from accounts.permissions import ActionRequiredMixin
from privacy.access_log import LogsRecordViewMixin
from pupils.models import ParentCarer, Pupil

from . import kinds
from .calls import is_answered, record_call
from .channels import numbers_to_ring
from .models import CallAttempt, CallOutcome, Channel, Message, MessageQuerySet, MessageStatus

RESEND_USEFUL_FOR = timedelta(days=7)
RETRY_USEFUL_FOR = timedelta(days=1)


def messages_for(user) -> MessageQuerySet:
    return Message.objects.visible_to(user)


def with_calls(log: MessageQuerySet) -> MessageQuerySet:
    """Each call's tries, with who made them, read in one query for the whole list."""
    return log.prefetch_related(Prefetch("calls", queryset=CallAttempt.objects.select_related("made_by")))


def letters_to_print(user) -> MessageQuerySet:
    return messages_for(user).filter(status=MessageStatus.SENT, channel=Channel.LETTER, printed_at__isnull=True)


class PupilMessagesView(LogsRecordViewMixin, ActionRequiredMixin, DetailView):
    """Everything sent, or planned, about one pupil's meetings, to parents and staff alike."""

    required_action = "messages.pupil_log"
    template_name = "notices/pupil_messages.html"
    context_object_name = "pupil"
    access_log_what = "Messages sent about the pupil's meetings"

    def access_log_pupil(self) -> Pupil:
        return self.object

    def get_object(self, queryset=None):
        return get_object_or_404(Pupil.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        # Each kind's subject says which of its messages are about the pupil (their meetings, the review days and
        # events their family was invited to, the loans lent for them).
        log = (
            messages_for(self.request.user)
            .filter(kinds.about_pupil(self.object))
            .distinct()
            .select_related(*kinds.related(), "parent", "staff", "young_person", "resend_of")
        )
        return super().get_context_data(log=with_calls(log), **kwargs)


class ParentMessagesView(ActionRequiredMixin, DetailView):
    """Everything sent, or planned, to one parent or carer. The office sees it too, without SEN detail."""

    required_action = "messages.view"
    template_name = "notices/parent_messages.html"
    context_object_name = "parent"

    def get_object(self, queryset=None):
        visible = Pupil.objects.visible_to(self.request.user)
        parents = ParentCarer.objects.filter(pupil_links__pupil__in=visible).distinct()
        return get_object_or_404(parents, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        log = messages_for(self.request.user).filter(parent=self.object).select_related(*kinds.related(), "resend_of")
        return super().get_context_data(log=with_calls(log), **kwargs)


class MessageScopedMixin(ActionRequiredMixin):
    """Fetch the message named in the URL from the messages this person may open: a forged id gets a 404."""

    required_action = "messages.view"

    def get_message(self) -> Message:
        if not hasattr(self, "_message"):
            found = messages_for(self.request.user).select_related(*kinds.related(), "parent", "staff", "resend_of")
            self._message = get_object_or_404(found, pk=self.kwargs["pk"])
        return self._message


# The email shows as sent in a sandboxed frame (srcdoc), which takes this page's content security policy. Emails
# carry their styles inline (mail programs drop <style>), so this page alone allows inline style; never script.
@method_decorator(csp_update({"style-src": [UNSAFE_INLINE]}), name="dispatch")
class MessageDetailView(MessageScopedMixin, DetailView):
    """One message exactly as it was sent, with its copies."""

    template_name = "notices/message_detail.html"
    context_object_name = "sent"  # 'messages' is the flash-message list in every page

    def get_object(self, queryset=None):
        return self.get_message()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            copies=self.object.resends.order_by("created_at", "pk"),
            calls=self.object.calls.select_related("made_by"),
            **kwargs,
        )


class MessageResendView(MessageScopedMixin, View):
    """Send a copy of what was sent: a new message with the same content, due now."""

    def post(self, request, *args, **kwargs):
        original = self.get_message()
        if original.status != MessageStatus.SENT:
            messages.error(request, "Only a message that has been sent can be sent again.")
        elif original.channel == Channel.PHONE:
            messages.error(request, "A call stays on the call list until the family is reached: ring them from there.")
        elif original.resends.filter(status__in=(MessageStatus.PLANNED, MessageStatus.SENDING)).exists():
            messages.info(request, "A copy is already on its way.")
        else:
            resend(original)
            messages.success(request, "A copy will be sent in the next minute.")
        return redirect("notices:detail", original.pk)


def resend(original: Message) -> Message:
    now = timezone.now()
    subject = kinds.kind_of(original).subject.field
    return Message.objects.create(
        resend_of=original,
        **{subject: getattr(original, subject)},
        kind=original.kind,
        parent=original.parent,
        staff=original.staff,
        young_person=original.young_person,
        channel=original.channel,
        due_at=now,
        for_starts_at=original.for_starts_at,
        expires_at=now + RESEND_USEFUL_FOR,
        next_attempt_at=now,
        status=MessageStatus.PLANNED,
        recipient_name=original.recipient_name,
        recipient_address=original.recipient_address,
        subject=original.subject,
        body_text=original.body_text,
        body_html=original.body_html,
    )


class FailedMessagesView(ActionRequiredMixin, ListView):
    required_action = "messages.retry"
    template_name = "notices/failed_messages.html"
    context_object_name = "failed"

    def get_queryset(self):
        return (
            messages_for(self.request.user)
            .filter(status=MessageStatus.FAILED)
            .select_related(*kinds.related(), "parent", "staff")
        )


class MessageRetryView(MessageScopedMixin, View):
    """Plan a failed message again, now; the last error stays on it until a new attempt replaces it."""

    required_action = "messages.retry"

    def post(self, request, *args, **kwargs):
        message = self.get_message()
        now = timezone.now()
        # Conditional, so a double click (or two SENCOs) plans it once.
        retried = Message.objects.filter(pk=message.pk, status=MessageStatus.FAILED).update(
            status=MessageStatus.PLANNED,
            next_attempt_at=now,
            expires_at=max(message.expires_at, now + RETRY_USEFUL_FOR),
        )
        if retried:
            messages.success(request, f"The message to {message.recipient} will be tried again in the next minute.")
        else:
            messages.info(request, "That message is not marked as failed any more.")
        return redirect("notices:failed")


class LettersToPrintView(ActionRequiredMixin, ListView):
    required_action = "letters.print"
    template_name = "notices/letters.html"
    context_object_name = "letters"

    def get_queryset(self):
        return letters_to_print(self.request.user).select_related("meeting__pupil", "parent").order_by("sent_at", "pk")


class LetterPrintedView(ActionRequiredMixin, View):
    required_action = "letters.print"

    def post(self, request, *args, **kwargs):
        letter = get_object_or_404(letters_to_print(request.user), pk=kwargs["pk"])
        Message.objects.filter(pk=letter.pk).mark_printed(timezone.now())
        messages.success(request, f"The letter to {letter.recipient_name} is marked as printed.")
        return redirect("notices:letters")


class LettersAllPrintedView(ActionRequiredMixin, View):
    """Mark as printed the letters that were on the page: not one that arrived since it was opened."""

    required_action = "letters.print"

    def post(self, request, *args, **kwargs):
        ids = [value for value in request.POST.getlist("letter") if value.isdigit()]
        count = letters_to_print(request.user).filter(pk__in=ids).mark_printed(timezone.now())
        messages.success(request, f"{count} letter{'s' if count != 1 else ''} marked as printed.")
        return redirect("notices:letters")


class CallsToMakeView(ActionRequiredMixin, TemplateView):
    """The office's call list: the families to ring today about tomorrow's meetings (those who prefer a phone call,
    and families who get letters), with their numbers, the best time to ring and what to say."""

    required_action = "calls.make"
    template_name = "notices/calls.html"

    def get_context_data(self, **kwargs):
        on_the_list = with_calls(
            messages_for(self.request.user)
            .calls_on_the_list(timezone.now())
            .select_related(*kinds.related(), "parent")
            .order_by("for_starts_at", "recipient_name", "pk")
        )
        to_make, made = [], []
        for call in on_the_list:
            call.numbers = numbers_to_ring(call.parent)
            (made if is_answered(call) else to_make).append(call)
        return super().get_context_data(to_make=to_make, made=made, outcomes=CallOutcome.choices, **kwargs)


class CallOutcomeView(ActionRequiredMixin, View):
    """Tick how a call went. Any phone call this person may see in the message log can be ticked, also once its day
    is over (the office rang, and notes it the next morning)."""

    required_action = "calls.make"

    def post(self, request, *args, **kwargs):
        calls = messages_for(request.user).filter(channel=Channel.PHONE, status=MessageStatus.SENT)
        call = get_object_or_404(calls, pk=kwargs["pk"])
        outcome = request.POST.get("outcome", "")
        if outcome not in CallOutcome.values:
            messages.error(request, "Choose whether you reached them, left a message, or had no answer.")
        elif record_call(call, outcome, request.user) is None:
            messages.info(request, f"The call to {call.recipient_name} was already noted as made.")
        else:
            messages.success(request, f"Call to {call.recipient_name}: {CallOutcome(outcome).label.lower()}.")
        return redirect("notices:calls")
