"""The SENCO's pages: the letters waiting to be checked, one letter to check, change and send, and setting one aside."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView, ListView, View

from accounts.permissions import ActionRequiredMixin
from notices.channels import channel_choice
from notices.models import Channel
from privacy.access_log import LogsRecordViewMixin
from school.models import School

from .forms import LetterTextForm, SetAsideForm
from .models import SenStatusLetter
from .sending import LetterRefused, approve, discard, not_sent_to, recipients, why_it_cannot_go
from .wording import blocks, default_text, local_sendiass, words

RECENT = 30


class LettersMixin(ActionRequiredMixin):
    required_action = "sen_letters.send"

    def letters(self):
        return SenStatusLetter.objects.select_related("pupil", "changed_by", "approved_by", "discarded_by")


class SenLetterListView(LettersMixin, ListView):
    """The letters waiting for the SENCO, oldest first, and the latest sent or set aside."""

    template_name = "sen_letters/letter_list.html"
    context_object_name = "waiting"

    def get_queryset(self):
        return self.letters().waiting().order_by("created_at", "pk")

    def get_context_data(self, **kwargs):
        done = self.letters().exclude(approved_at=None, discarded_at=None).order_by("-created_at", "-pk")[:RECENT]
        return super().get_context_data(done=done, missing=missing_from_settings(), **kwargs)


def missing_from_settings() -> list[str]:
    """What the letters would link to but the school has not given yet."""
    school, missing = School.load(), []
    if not school.sen_information_report_url:
        missing.append("the SEN Information Report's web address (school settings)")
    if not school.local_offer_url:
        missing.append("the Local Offer's web address (school settings)")
    if local_sendiass() is None:
        missing.append("your local SENDIASS (support services, of the kind SENDIASS)")
    return missing


class SenLetterView(LogsRecordViewMixin, LettersMixin, DetailView):
    """One letter: who it goes to and how, its words to check and change, and sending it (once) or setting it aside."""

    template_name = "sen_letters/letter.html"
    context_object_name = "letter"
    access_log_what = "Letter to the parents about a change in SEN support"

    def get_queryset(self):
        return self.letters()

    def access_log_pupil(self):
        return self.object.pupil

    def get_form(self):
        default = default_text(self.object, self.request.user)
        data = self.request.POST if self.request.method == "POST" else None
        return LetterTextForm(data, instance=self.object, default=default)

    def get_context_data(self, **kwargs):
        letter = self.object
        kwargs.setdefault("form", self.get_form() if letter.is_waiting else None)
        parents = recipients(letter.pupil)
        shown = words(letter, letter.approved_by or self.request.user)
        return super().get_context_data(
            problem=why_it_cannot_go(letter),
            recipients=[(parent, describe_channel(parent)) for parent in parents],
            not_sent_to=not_sent_to(letter.pupil),
            blocks=blocks(shown),
            sent=letter.messages.select_related("parent").order_by("pk") if letter.is_sent else [],
            set_aside_form=SetAsideForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.object = letter = self.get_object()
        if not letter.is_waiting:
            messages.error(request, why_it_cannot_go(letter))
            return redirect("sen_letters:letter", letter.pk)
        if "default" in request.POST:
            letter.text = ""
            letter.save(update_fields=["text"])
            messages.info(request, "Back to the default words, from the school's settings as they are now.")
            return redirect("sen_letters:letter", letter.pk)
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if "send" not in request.POST:
            form.save()
            messages.success(request, "Saved. The letter has not been sent: choose 'Send' when it is ready.")
            return redirect("sen_letters:letter", letter.pk)
        try:
            sent = approve(letter, request.user, form.cleaned_data["text"])
        except LetterRefused as refused:
            messages.error(request, str(refused))
            return redirect("sen_letters:letter", letter.pk)
        names = ", ".join(f"{message.parent.full_name} ({describe_channel(message.parent)})" for message in sent)
        messages.success(request, f"Sent to {names}. It goes within a minute; letters go on the list to print.")
        return redirect(reverse("sen_letters:list"))


def describe_channel(parent) -> str:
    return (
        "by letter, printed by the office"
        if channel_choice(parent) == Channel.LETTER
        else f"by email to {parent.email}"
    )


class SetAsideView(LettersMixin, View):
    """Set a waiting letter aside with a reason (a correction, the family told in person): it is kept, not sent."""

    def post(self, request, pk):
        letter = get_object_or_404(self.letters(), pk=pk)
        form = SetAsideForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["reason"]))
            return redirect("sen_letters:letter", letter.pk)
        try:
            discard(letter, request.user, form.cleaned_data["reason"])
        except LetterRefused as refused:
            messages.error(request, str(refused))
            return redirect("sen_letters:letter", letter.pk)
        messages.success(request, f"The letter about {letter.pupil.full_name} is set aside, and will not be sent.")
        return redirect("sen_letters:list")
