"""'Ask a parent!!': the SENCO sets up the parents' questionnaire, sends links and reads the answers; the office types
in paper replies; parents answer in the portal or through a one-time emailed link (signed out).

Who sees what: parents see only the questions, never anyone's answers; the office enters replies but sees no
answers; the head sees the answers without parents' names; the SENCO sees everything except which reply an
anonymous parent gave. The rules themselves are in `audits/questionnaire.py`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import get_text_list
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View

from accounts.models import Role
from accounts.permissions import ActionRequiredMixin
from pupils.models import ParentCarer

from .. import questionnaire as rules
from ..models import Audit, ParentQuestionnaire, ReplyChannel
from ..questionnaire_forms import AnswerForm, PaperReplyForm, SendLinksForm, SetUpForm


class AuditQuestionnaireMixin(ActionRequiredMixin):
    """A staff page about the questionnaire of the audit named in the URL."""

    @cached_property
    def audit(self) -> Audit:
        return get_object_or_404(Audit, pk=self.kwargs["pk"])

    @cached_property
    def questionnaire(self) -> ParentQuestionnaire:
        return get_object_or_404(ParentQuestionnaire.objects.select_related("audit"), audit=self.audit)


class QuestionnaireListView(ActionRequiredMixin, TemplateView):
    """Where staff find the questionnaires: the SENCO every audit (to set one up), the office the open ones (to type
    in paper replies), the head those with answers to read."""

    required_action = "questionnaire.list"
    template_name = "audits/questionnaire_list.html"

    def get_context_data(self, **kwargs):
        audits = Audit.objects.select_related("parent_questionnaire").annotate(
            reply_count=Count("parent_questionnaire__replies")
        )
        role = self.request.user.role
        if role == Role.OFFICE:
            audits = audits.filter(parent_questionnaire__closes_on__gte=timezone.localdate())
        elif role == Role.HEAD:
            audits = audits.filter(parent_questionnaire__isnull=False)
        return super().get_context_data(audits=audits, **kwargs)


class SetUpView(AuditQuestionnaireMixin, View):
    required_action = "questionnaire.run"
    template_name = "audits/questionnaire_set_up.html"

    def existing(self) -> ParentQuestionnaire | None:
        return ParentQuestionnaire.objects.filter(audit=self.audit).first()

    def get(self, request, pk):
        existing = self.existing()
        if existing:
            initial = {
                "questions": list(existing.questions.all()),
                "introduction": existing.introduction,
                "closes_on": existing.closes_on,
            }
        else:
            initial = {"introduction": rules.default_introduction(), "closes_on": rules.default_closing_date()}
        return self.show(SetUpForm(audit=self.audit, questionnaire=existing, initial=initial), existing)

    def post(self, request, pk):
        existing = self.existing()
        form = SetUpForm(request.POST, audit=self.audit, questionnaire=existing)
        if not form.is_valid():
            return self.show(form, existing)
        data = form.cleaned_data
        rules.set_up(
            self.audit,
            questions=data["questions"],
            introduction=data["introduction"],
            closes_on=data["closes_on"],
            by=request.user,
        )
        if existing:
            messages.success(request, "The parents' questionnaire is saved.")
        else:
            messages.success(
                request, "The parents' questionnaire is ready. Parents who use the portal see it there now."
            )
        return redirect("audits:parents_answers", self.audit.pk)

    def show(self, form, existing):
        context = {"audit": self.audit, "form": form, "questionnaire": existing}
        return render(self.request, self.template_name, context)


class SendLinksView(AuditQuestionnaireMixin, View):
    """The SENCO emails one-time links to parents who do not use the portal."""

    required_action = "questionnaire.run"
    template_name = "audits/questionnaire_send.html"

    def get(self, request, pk):
        return self.show(SendLinksForm(questionnaire=self.questionnaire))

    def post(self, request, pk):
        questionnaire = self.questionnaire
        if not questionnaire.is_open:
            messages.error(request, "This questionnaire has closed: change the closing date to send links.")
            return redirect("audits:parents_answers", self.audit.pk)
        form = SendLinksForm(request.POST, questionnaire=questionnaire)
        if not form.is_valid():
            return self.show(form)
        sending = rules.send_links(questionnaire, form.chosen(), request.user)
        if sending.sent:
            messages.success(request, f"Links emailed to {len(sending.sent)} parent{'s' * (len(sending.sent) != 1)}.")
        if sending.skipped:
            names = get_text_list([parent.full_name for parent in sending.skipped], "and")
            messages.info(request, f"Not sent to {names}: no email address, or they have replied already.")
        if sending.failed:
            names = get_text_list([parent.full_name for parent in sending.failed], "and")
            messages.error(request, f"The email to {names} could not be sent. Please try again later.")
        return redirect("audits:parents_answers", self.audit.pk)

    def show(self, form):
        context = {"audit": self.audit, "questionnaire": self.questionnaire, "form": form}
        return render(self.request, self.template_name, context)


class PaperReplyView(AuditQuestionnaireMixin, View):
    """The office (or the SENCO) types in a reply given on paper, then the next one."""

    required_action = "questionnaire.paper"
    template_name = "audits/questionnaire_paper.html"

    def get(self, request, pk):
        return self.show(self.form())

    def post(self, request, pk):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.show(form)
        parent = form.cleaned_data["parent"]
        try:
            rules.record_reply(
                self.questionnaire,
                form.answers(),
                channel=ReplyChannel.PAPER,
                parent=parent,
                anonymous=form.cleaned_data["anonymous"] or parent is None,
                entered_by=request.user,
            )
        except rules.AlreadyReplied:
            form.add_error("parent", f"{parent.full_name} has already replied. Each parent replies once.")
            return self.show(form)
        messages.success(request, "The paper reply is saved. You can type in the next one below.")
        return redirect("audits:questionnaire_paper", self.audit.pk)

    def form(self, data=None) -> PaperReplyForm:
        questions = list(rules.chosen_questions(self.questionnaire))
        return PaperReplyForm(data, questions=questions, questionnaire=self.questionnaire)

    def show(self, form):
        context = {"audit": self.audit, "questionnaire": self.questionnaire, "form": form}
        return render(self.request, self.template_name, context)


class AnswersView(AuditQuestionnaireMixin, TemplateView):
    """The questionnaire's page: how many replied, and per question the answers. Names only for the SENCO."""

    required_action = "questionnaire.answers"
    template_name = "audits/questionnaire_answers.html"

    def get(self, request, *args, **kwargs):
        if request.user.can("questionnaire.run") and not ParentQuestionnaire.objects.filter(audit=self.audit).exists():
            return redirect("audits:questionnaire_set_up", self.audit.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        is_senco = self.request.user.role == Role.SENCO
        summaries = rules.parent_answers_by_question(self.audit, with_names=is_senco)
        return super().get_context_data(
            audit=self.audit,
            questionnaire=self.questionnaire,
            reach=rules.reach(self.questionnaire),
            summaries=summaries.values(),
            is_senco=is_senco,
            **kwargs,
        )


# Parents


class AnswerInPortalView(ActionRequiredMixin, View):
    """A parent answers in the portal. Answered already, or closed: a kind page says so."""

    required_action = "questionnaire.answer"
    template_name = "audits/questionnaire_answer.html"

    @cached_property
    def parent(self) -> ParentCarer:
        parent = ParentCarer.objects.filter(user=self.request.user).first()
        if parent is None or not rules.portal_parents().filter(pk=parent.pk).exists():
            raise Http404("No questionnaire for this account.")
        return parent

    @cached_property
    def questionnaire(self) -> ParentQuestionnaire:
        return get_object_or_404(ParentQuestionnaire, pk=self.kwargs["pk"])

    def get(self, request, pk):
        return self.refusal() or self.show(self.form())

    def post(self, request, pk):
        if refusal := self.refusal():
            return refusal
        form = self.form(request.POST)
        if not form.is_valid():
            return self.show(form)
        try:
            rules.record_reply(
                self.questionnaire,
                form.answers(),
                channel=ReplyChannel.PORTAL,
                parent=self.parent,
                anonymous=form.cleaned_data["anonymous"],
            )
        except (rules.AlreadyReplied, rules.QuestionnaireClosed):
            return self.refusal()
        messages.success(request, "Thank you! We have your answers.")
        return redirect("portal:home")

    def refusal(self):
        questionnaire = self.questionnaire
        if rules.has_replied(questionnaire, self.parent):
            return done_page(self.request, "replied", questionnaire)
        if not questionnaire.is_open:
            return done_page(self.request, "closed", questionnaire)
        return None

    def form(self, data=None) -> AnswerForm:
        return AnswerForm(data, questions=list(rules.chosen_questions(self.questionnaire)))

    def show(self, form):
        context = {"questionnaire": self.questionnaire, "form": form, "in_portal": True}
        return render(self.request, self.template_name, context)


def done_page(request, state: str, questionnaire: ParentQuestionnaire | None = None, status: int = 200):
    """One plain page for 'thank you', 'you have answered already', 'it has closed' and links that do not work."""
    context = {"state": state, "questionnaire": questionnaire}
    return render(request, "audits/questionnaire_done.html", context, status=status)


LINK_STATUS = {"unknown": 404, "used": 410, "expired": 410, "replied": 200}


@login_not_required
@never_cache
def answer_by_link(request, token: str):
    """A parent without a portal account answers through their emailed link, signed out. It works once."""
    link = rules.find_link(token)
    if link is None:
        return done_page(request, "unknown", status=404)
    if reason := rules.why_link_unusable(link):
        return done_page(request, reason, link.questionnaire, status=LINK_STATUS[reason])
    questionnaire = link.questionnaire
    form = AnswerForm(
        request.POST if request.method == "POST" else None, questions=list(rules.chosen_questions(questionnaire))
    )
    if request.method == "POST" and form.is_valid():
        try:
            rules.record_reply(
                questionnaire,
                form.answers(),
                channel=ReplyChannel.LINK,
                link=link,
                anonymous=form.cleaned_data["anonymous"],
            )
        except rules.LinkNotUsable as refused:
            return done_page(request, refused.reason, questionnaire, status=410)
        except rules.AlreadyReplied:
            return done_page(request, "replied", questionnaire)
        except rules.QuestionnaireClosed:
            return done_page(request, "expired", questionnaire, status=410)
        return done_page(request, "thanks", questionnaire)
    return render(request, "audits/questionnaire_answer.html", {"questionnaire": questionnaire, "form": form})
