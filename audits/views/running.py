"""Running an audit: the guide's questions, audits and re-audits, each group's answers, the SENCO's agreed
positions, and the comparison with the last audit. The SENCO does everything here; the head teacher (and
governors) may look at all of it and change nothing."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, ListView, TemplateView, View

from accounts.permissions import ActionRequiredMixin
from security.tampering import refuse_tampered_post

from .. import comparison, consolidation
from ..forms import AgreedPositionForm, AuditForm, OwnQuestionForm, RespondentForm, ResponseFormSet, a_year_on
from ..models import AgreedPosition, Audit, AuditQuestion, AuditSection, ParentQuestionnaire, RespondentGroup
from ..questionnaire import QuestionSummary, parent_answers_by_question


class AuditMixin(ActionRequiredMixin):
    """The audit named in the URL (there is one school: the role decides who may see it)."""

    required_action = "audit.view"

    def get_audit(self) -> Audit:
        if not hasattr(self, "_audit"):
            self._audit = get_object_or_404(Audit.objects.select_related("started_from"), pk=self.kwargs["pk"])
        return self._audit

    @property
    def can_change(self) -> bool:
        return self.request.user.can("audit.run")


# The guide's questions


class GuideQuestionsView(ActionRequiredMixin, TemplateView):
    required_action = "audit.view"
    template_name = "audits/question_list.html"

    def get_context_data(self, **kwargs):
        sections = AuditSection.objects.prefetch_related("questions")
        return super().get_context_data(sections=sections, can_change=self.request.user.can("audit.run"), **kwargs)


class QuestionDetailView(ActionRequiredMixin, DetailView):
    required_action = "audit.view"
    template_name = "audits/question_detail.html"
    queryset = AuditQuestion.objects.select_related("section")
    context_object_name = "question"

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_change=self.request.user.can("audit.run"), **kwargs)


class QuestionHideView(ActionRequiredMixin, View):
    """'Does not apply to our school': hide a question from full audits, or bring it back."""

    required_action = "audit.run"
    http_method_names = ["post"]

    def post(self, request, pk):
        question = get_object_or_404(AuditQuestion.objects.select_related("section"), pk=pk)
        question.is_hidden = not question.is_hidden
        question.save(update_fields=["is_hidden"])
        if question.is_hidden:
            messages.success(request, f"{question.reference} is hidden: new full audits leave it out.")
        else:
            messages.success(request, f"{question.reference} is back in use.")
        return redirect(f"{reverse('audits:questions')}#{question.section.key}")


class QuestionAddView(ActionRequiredMixin, CreateView):
    """The school's own question, at the end of a section."""

    required_action = "audit.run"
    form_class = OwnQuestionForm
    template_name = "audits/question_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.section = get_object_or_404(AuditSection, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        form.instance.section = self.section
        question = form.save()
        messages.success(self.request, f"Added {question.reference} to {self.section.title}.")
        return redirect(f"{reverse('audits:questions')}#{self.section.key}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


# Audits


class AuditListView(ActionRequiredMixin, ListView):
    required_action = "audit.view"
    template_name = "audits/audit_list.html"
    context_object_name = "audits"
    queryset = Audit.objects.select_related("started_from")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_change=self.request.user.can("audit.run"), **kwargs)


class AuditCreateView(ActionRequiredMixin, CreateView):
    required_action = "audit.run"
    form_class = AuditForm
    template_name = "audits/audit_form.html"

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        audit = form.save()
        messages.success(self.request, f"{audit.title} is set up: {audit.questions_in_scope().count()} questions.")
        return redirect("audits:audit_detail", audit.pk)


class ReAuditView(AuditMixin, AuditCreateView):
    """Start from the last audit: the same groups and scope, which the SENCO may narrow (to one section, say)."""

    required_action = "audit.run"

    def get_initial(self):
        earlier = self.get_audit()
        held_on = timezone.localdate()
        return {
            "title": f"Re-audit: {earlier.title}",
            "held_on": held_on,
            "review_on": a_year_on(held_on),
            "scope": earlier.scope,
            "sections": list(earlier.sections.all()),
            "questions": list(earlier.questions.all()),
            "groups": earlier.groups,
        }

    def form_valid(self, form):
        form.instance.started_from = self.get_audit()
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(earlier=self.get_audit(), **kwargs)


class AuditDetailView(AuditMixin, TemplateView):
    """The audit at a glance: what it asks, how far each group has got, and how many positions are agreed."""

    template_name = "audits/audit_detail.html"

    def get_context_data(self, **kwargs):
        audit = self.get_audit()
        questions = list(audit.questions_in_scope())
        agreed = consolidation.agreed_positions(audit)
        sections: dict[int, dict] = {}
        for question in questions:
            entry = sections.setdefault(question.section_id, {"section": question.section, "questions": []})
            entry["questions"].append((question, agreed.get(question.pk)))
        agreed_count = sum(1 for q in questions if q.pk in agreed and agreed[q.pk].rating)
        return super().get_context_data(
            audit=audit,
            question_count=len(questions),
            sections=list(sections.values()),
            progress=consolidation.progress_by_group(audit, len(questions)),
            agreed_count=agreed_count,
            agreed_percent=round(100 * agreed_count / len(questions)) if questions else 0,
            pick_up=consolidation.first_to_agree(questions, agreed),
            can_change=self.can_change,
            **kwargs,
        )


# Responding: one group (or one person in it), one section at a time


class RespondView(AuditMixin, TemplateView):
    required_action = "audit.run"
    template_name = "audits/respond.html"

    def setup_page(self):
        audit = self.get_audit()
        self.group = self.kwargs["group"]
        if self.group not in audit.groups or self.group not in RespondentGroup.values:
            raise Http404("This audit does not ask that group.")
        self.section = get_object_or_404(AuditSection, pk=self.kwargs["section_pk"])
        in_scope = list(audit.questions_in_scope())
        self.questions = [q for q in in_scope if q.section_id == self.section.pk]
        if not self.questions:
            raise Http404("This audit asks nothing in that section.")
        self.sections = list(dict.fromkeys(q.section for q in in_scope))
        self.who_form = RespondentForm(self.request.GET or None)
        self.respondent = self.who_form.cleaned_data["respondent"] if self.who_form.is_valid() else ""

    def formset(self, data=None):
        return ResponseFormSet(
            data,
            audit=self.get_audit(),
            group=self.group,
            respondent=self.respondent,
            questions=self.questions,
            prefix="answers",
        )

    def get(self, request, *args, **kwargs):
        self.setup_page()
        return self.render_to_response(self.get_context_data(formset=self.formset()))

    def post(self, request, *args, **kwargs):
        self.setup_page()
        formset = self.formset(request.POST)
        if not formset.matches_questions_shown():
            return refuse_tampered_post(request, "audit answers")
        if not formset.is_valid():
            messages.error(request, "Nothing was saved yet: please look at the answers marked below.")
            return self.render_to_response(self.get_context_data(formset=formset))
        answered = formset.save(request.user)
        who = self.respondent or RespondentGroup(self.group).label
        messages.success(request, f"Saved {who}'s answers to {answered} of {len(self.questions)} questions.")
        following = self.next_section()
        if "next" in request.POST and following:
            return redirect(self.url_for(following))
        if "next" in request.POST:
            return redirect("audits:audit_detail", self.get_audit().pk)
        return redirect(self.url_for(self.section))

    def next_section(self) -> AuditSection | None:
        index = self.sections.index(self.section)
        return self.sections[index + 1] if index + 1 < len(self.sections) else None

    def url_for(self, section: AuditSection) -> str:
        url = reverse("audits:respond", args=[self.get_audit().pk, self.group, section.pk])
        return f"{url}?{urlencode({'respondent': self.respondent})}" if self.respondent else url

    def get_context_data(self, **kwargs):
        audit = self.get_audit()
        formset = kwargs["formset"]
        previous = {}
        if audit.started_from_id:
            previous = {
                p.question_id: p
                for p in AgreedPosition.objects.filter(audit=audit.started_from, question__in=self.questions)
            }
        answered = consolidation.answered_by_section(audit, self.group, self.respondent)
        return super().get_context_data(
            audit=audit,
            group_label=RespondentGroup(self.group).label,
            group=self.group,
            respondent=self.respondent,
            who_form=self.who_form,
            section=self.section,
            sections=[(s, answered.get(s.pk, 0), self.url_for(s)) for s in self.sections],
            rows=[(form, previous.get(form.question.pk)) for form in formset.forms],
            next_section=self.next_section(),
            **kwargs,
        )


# Consolidation: everyone's answers to one question, then the school's agreed position


def parents_answers(audit: Audit, question: AuditQuestion, with_names: bool) -> QuestionSummary | None:
    """What parents said about this question in the audit's questionnaire, if it asked them."""
    if not ParentQuestionnaire.objects.filter(audit=audit).exists():
        return None
    return parent_answers_by_question(audit, with_names=with_names).get(question.pk)


class ConsolidateView(AuditMixin, TemplateView):
    template_name = "audits/consolidate.html"

    def setup_page(self):
        audit = self.get_audit()
        self.questions = list(audit.questions_in_scope())
        self.question = next((q for q in self.questions if q.pk == self.kwargs["question_pk"]), None)
        if self.question is None:
            raise Http404("This audit does not ask that question.")
        self.position = AgreedPosition.objects.filter(audit=audit, question=self.question).first()

    def get(self, request, *args, **kwargs):
        self.setup_page()
        return self.render_to_response(self.get_context_data(form=AgreedPositionForm(instance=self.position)))

    def post(self, request, *args, **kwargs):
        if not self.can_change:
            raise PermissionDenied("Only the SENCO agrees the audit's positions.")
        self.setup_page()
        audit = self.get_audit()
        position = self.position or AgreedPosition(audit=audit, question=self.question)
        form = AgreedPositionForm(request.POST, instance=position)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        form.instance.agreed_by = request.user
        form.save()
        messages.success(request, f"Agreed position on {self.question.reference} saved.")
        _, after = consolidation.neighbours(self.questions, self.question)
        if "next" in request.POST and after:
            return redirect("audits:consolidate", audit.pk, after.pk)
        if "next" in request.POST:
            return redirect(f"{reverse('audits:audit_detail', args=[audit.pk])}#agreed")
        return redirect("audits:consolidate", audit.pk, self.question.pk)

    def get_context_data(self, **kwargs):
        audit = self.get_audit()
        before, after = consolidation.neighbours(self.questions, self.question)
        previous = None
        if audit.started_from_id:
            previous = AgreedPosition.objects.filter(audit=audit.started_from, question=self.question).first()
        # Parents' names (of those who gave them) are for the SENCO only, never the head.
        summary = parents_answers(audit, self.question, with_names=self.can_change)
        return super().get_context_data(
            audit=audit,
            question=self.question,
            position=self.position,
            number=self.questions.index(self.question) + 1,
            total=len(self.questions),
            before=before,
            after=after,
            responses=consolidation.responses_side_by_side(audit, self.question),
            previous=previous,
            parents_summary=summary,
            can_change=self.can_change,
            **kwargs,
        )


# The comparison with the last audit


class CompareView(AuditMixin, TemplateView):
    template_name = "audits/compare.html"

    def get_context_data(self, **kwargs):
        audit = self.get_audit()
        if audit.started_from_id is None:
            raise Http404("This audit did not start from an earlier one.")
        result = comparison.compare(audit)
        return super().get_context_data(
            audit=audit, comparison=result, chart=comparison.chart(result), Change=comparison.Change, **kwargs
        )
