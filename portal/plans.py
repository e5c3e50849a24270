"""The child's SEN support plan in the portal: the current plan (never a draft), the earlier versions, the PDF, and
the family's comments before the review (the same comments as through the link in the message that sent it:
plan_comments). The old Targets and Support pages now open the plan, which holds both."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import DetailView, TemplateView, View

from accounts.models import Role
from documents.plans import plan_file_name, plan_pdf
from documents.views import large_print_asked, pdf_response
from plan_comments import comments
from plan_comments.family import family_plan
from plan_comments.forms import CommentForm
from plan_comments.models import PlanComment
from privacy import access_log
from privacy.models import AccessAction
from pupils.models import ProfessionalInvolvement, Pupil
from support_plans.models import PlanStatus, SupportPlan

from .views import ChildPageMixin, FamilyPageMixin


class CommentsMixin:
    """Who the signed-in person comments as: their own parent record, or the young person themself."""

    def commenter(self) -> dict:
        if self.request.user.role == Role.YOUNG_PERSON:
            return {"young_person": Pupil.objects.filter(user=self.request.user).first()}
        return {"parent": self.parent_record}

    def my_comment(self, plan: SupportPlan) -> PlanComment | None:
        return PlanComment.objects.filter(plan=plan, **self.commenter()).first()


def agreed_plans(pupils):
    """The plans a family sees: agreed ones only (the current and the replaced), never a draft."""
    return SupportPlan.objects.filter(pupil__in=pupils, status__in=(PlanStatus.FINALISED, PlanStatus.SUPERSEDED))


class PlanView(CommentsMixin, ChildPageMixin, TemplateView):
    """The current plan, what the family said about it, the form to say it (until the review), earlier versions, and
    the other professionals working with the child."""

    template_name = "portal/plan.html"
    access_log_what = "SEN support plan"
    section = "plan"

    @cached_property
    def plans(self) -> list[SupportPlan]:
        # Who wrote it (told of comments), the plan it replaced and its review, read with each plan.
        plans = agreed_plans([self.child]).select_related("written_by", "finalised_by", "previous", "review")
        plans = list(plans.order_by("-number"))
        for plan in plans:
            plan.pupil = self.child  # read already, for the page's heading
        return plans

    @cached_property
    def current(self) -> SupportPlan | None:
        return next((plan for plan in self.plans if plan.status == PlanStatus.FINALISED), None)

    def get_context_data(self, form=None, **kwargs):
        plan = self.current
        context = {
            "past": [p for p in self.plans if p.status == PlanStatus.SUPERSEDED],
            "professionals": list(ProfessionalInvolvement.objects.filter(pupil=self.child)),
        }
        if plan is not None:
            is_open = comments.open_for_comments(plan)
            context |= family_plan(plan) | {
                "comment": self.my_comment(plan),
                "open": is_open,
                "author": comments.author_of(plan),
            }
            if is_open:
                context["form"] = form or self.blank_form(context["comment"])
        return super().get_context_data(**context, **kwargs)

    def blank_form(self, comment: PlanComment | None) -> CommentForm:
        initial = {field: getattr(comment, field) for field in comments.FIELDS} if comment else {}
        return CommentForm(initial=initial, child=self.child)

    def post(self, request, *args, **kwargs):
        plan = self.current
        if plan is None:
            return redirect("portal:plan", self.child.pk)
        if not any(self.commenter().values()):  # an account with no contact record behind it: nobody to name
            messages.error(request, "We cannot take comments from this account. Please contact the school.")
            return redirect("portal:plan", self.child.pk)
        form = CommentForm(request.POST, child=self.child)
        if not form.is_valid():
            messages.error(request, "Something needs another look: please see below.")
            return self.render_to_response(self.get_context_data(form=form))
        try:
            _, changed = comments.record(plan, form.cleaned_data, through_portal=True, **self.commenter())
        except comments.CommentsClosed:
            messages.error(request, "We have looked at this plan together, so we cannot take comments on it now.")
        else:
            said = "We have your comments." if changed else "Your comments were already as you sent them."
            messages.success(request, f"Thank you. {said}")
        return redirect(reverse("portal:plan", args=[self.child.pk]) + "#your-comments")

    def page_text(self) -> str:
        return ""  # the plan's own words are explained from the page as rendered (explain_words_on_page)


class AgreedPlanMixin(FamilyPageMixin):
    """A plan of one of the family's own children, agreed (never a draft)."""

    def get_queryset(self):
        return agreed_plans(self.children()).select_related("pupil")


class PlanVersionView(CommentsMixin, access_log.LogsRecordViewMixin, AgreedPlanMixin, DetailView):
    """One version of the plan, as agreed: an earlier one, replaced, or the current one."""

    template_name = "portal/plan_version.html"
    context_object_name = "plan"

    def access_log_pupil(self) -> Pupil:
        return self.object.pupil

    def describe_access(self) -> str:
        return f"Parents' portal: SEN support plan, version {self.object.number}"

    def get_context_data(self, **kwargs):
        plan = self.object
        newer = agreed_plans([plan.pupil]).filter(Q(number__gt=plan.number)).order_by("-number").first()
        return super().get_context_data(
            child=plan.pupil, comment=self.my_comment(plan), newer=newer, **family_plan(plan), **kwargs
        )


class PlanPdfView(AgreedPlanMixin, DetailView):
    """The plan as the family's PDF, in large print where the parent needs it or asks."""

    def get(self, request, *args, **kwargs):
        plan = self.get_object()
        parent = self.parent_record
        large_print = large_print_asked(request, bool(parent and parent.needs_large_print))
        access_log.record(
            request,
            AccessAction.DOWNLOADED_PDF,
            pupil=plan.pupil,
            what=f"SEN support plan, version {plan.number} ({'large print PDF' if large_print else 'PDF'}), portal",
        )
        return pdf_response(plan_pdf(plan, large_print=large_print, request=request), plan_file_name(plan))


class OldPlanPageView(ChildPageMixin, View):
    """The Targets and Support pages before plans: both are in the plan now."""

    def get(self, request, *args, **kwargs):
        return redirect("portal:plan", get_object_or_404(self.children(), pk=kwargs["pk"]).pk)
