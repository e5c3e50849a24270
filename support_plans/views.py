"""The staff pages of a pupil's SEN support plan: reading the plans (staff who may see the pupil), writing the
draft, finalising it, starting a new version and recording the review (the SENCO). Each page names its action from
accounts/permissions.py and finds the pupil or plan among those the person may see; anything else is a 404."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from accounts.permissions import ActionRequiredMixin
from privacy.access_log import LogsRecordViewMixin
from pupils.models import Pupil
from security.tampering import refuse_tampered_post

from . import cycle
from .cycle import CannotFinalise, ResultGiven
from .forms import OutcomeForm, PlanForm, ProvisionFormSet, ResultFormSet, ReviewForm
from .models import LOCKED, PlanLocked, PlanOutcome, PlanStatus, SupportPlan
from .reading import shown


class PlanScopedMixin(ActionRequiredMixin):
    """The pupil or plan named in the URL, among the pupils this person may see."""

    required_action = "plans.view"

    def visible_pupils(self):
        return Pupil.objects.visible_to(self.request.user)

    def plans_seen(self):
        return SupportPlan.objects.visible_to(self.request.user).select_related(
            "pupil", "written_by", "finalised_by", "previous", "review__held_by"
        )

    def get_plan(self) -> SupportPlan:
        if not hasattr(self, "_plan"):
            self._plan = get_object_or_404(self.plans_seen(), pk=self.kwargs["pk"])
        return self._plan

    def get_pupil(self) -> Pupil:
        return self.get_plan().pupil


class DraftMixin(PlanScopedMixin):
    """Pages that change a draft: the SENCO only, and never a finalised plan."""

    required_action = "plans.write"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.may_take_action(request) and not self.get_plan().is_draft:
            messages.error(request, LOCKED)
            return redirect("support_plans:plan", self.get_plan().pk)
        return super().dispatch(request, *args, **kwargs)


class PupilPlansView(LogsRecordViewMixin, PlanScopedMixin, TemplateView):
    """The pupil's plan: the current version in full, the draft being written, and the earlier versions."""

    template_name = "support_plans/pupil_plans.html"
    access_log_what = "SEN support plan"

    def get_pupil(self) -> Pupil:
        if not hasattr(self, "_pupil"):
            self._pupil = get_object_or_404(self.visible_pupils(), pk=self.kwargs["pk"])
        return self._pupil

    def get_context_data(self, **kwargs):
        pupil = self.get_pupil()
        plans = cycle.plans_of(pupil)
        showing = plans.current or plans.draft
        return super().get_context_data(pupil=pupil, plans=plans, shown=shown(showing) if showing else None, **kwargs)


class PlanDetailView(LogsRecordViewMixin, PlanScopedMixin, TemplateView):
    """One version of the plan, as it was agreed (or as the draft stands)."""

    template_name = "support_plans/plan_detail.html"

    def describe_access(self) -> str:
        plan = self.get_plan()
        return f"SEN support plan, version {plan.number} ({plan.get_status_display().lower()})"

    def get_plan(self) -> SupportPlan:
        if not hasattr(self, "_plan"):
            # This version with the others of the same pupil's plan, for the list of versions, in one query.
            pk = self.kwargs["pk"]
            self.versions = list(self.plans_seen().filter(pupil__support_plans=pk).order_by("number"))
            self._plan = next((plan for plan in self.versions if plan.pk == pk), None)
            if self._plan is None:
                raise Http404("No such plan.")
        return self._plan

    def get_context_data(self, **kwargs):
        plan = self.get_plan()
        return super().get_context_data(
            pupil=plan.pupil,
            plan=plan,
            shown=shown(plan),
            here=f"Version {plan.number}",
            editing=plan.is_draft and self.request.user.can("plans.write"),
            versions=self.versions,
            **kwargs,
        )


class StartPlanView(PlanScopedMixin, View):
    """Start the pupil's first plan (with the targets and provision already recorded), or a new version from the
    current one; where a draft is already being written, open it."""

    required_action = "plans.write"

    def post(self, request, pk):
        pupil = get_object_or_404(self.visible_pupils(), pk=pk)
        had_draft = SupportPlan.objects.filter(pupil=pupil, status=PlanStatus.DRAFT).exists()
        plan = cycle.start_plan(pupil, request.user)
        if had_draft:
            messages.info(request, f"Version {plan.number} is already being written: here it is.")
        elif plan.previous_id:
            messages.success(
                request,
                f"Version {plan.number} started as a copy of version {plan.previous.number}. The current plan "
                "stays in force until you finalise this one.",
            )
        else:
            messages.success(
                request,
                f"{pupil.first_name}'s first plan is started, with {plan.outcomes.count()} outcomes and "
                f"{plan.provisions.count()} provision from the targets and support already recorded.",
            )
        return redirect("support_plans:plan", plan.pk)


class PlanEditView(DraftMixin, View):
    """The plan's own words and dates."""

    template_name = "support_plans/plan_form.html"

    def get(self, request, pk):
        return self.show(PlanForm(instance=self.get_plan()))

    def post(self, request, pk):
        form = PlanForm(request.POST, instance=self.get_plan())
        if not form.is_valid():
            messages.error(request, "Some answers need another look: see the messages below.")
            return self.show(form)
        form.save()
        messages.success(request, "Saved the plan's words and dates.")
        return redirect("support_plans:plan", pk)

    def show(self, form):
        plan = self.get_plan()
        return render(self.request, self.template_name, {"plan": plan, "pupil": plan.pupil, "form": form})


class OutcomeFormView(DraftMixin, View):
    """An outcome and the provision for it, on one page; saved together or not at all."""

    template_name = "support_plans/outcome_form.html"
    outcome: PlanOutcome | None = None

    def forms(self, data=None):
        plan = self.get_plan()
        provisions = plan.provisions.filter(outcome=self.outcome) if self.outcome else plan.provisions.none()
        return (
            OutcomeForm(data, instance=self.outcome, plan=plan),
            ProvisionFormSet(data, plan=plan, queryset=provisions.select_related("group"), prefix="provision"),
        )

    def get(self, request, pk):
        return self.show(*self.forms())

    def post(self, request, pk):
        form, provisions = self.forms(request.POST)
        if not provisions.matches_rows_shown():
            return refuse_tampered_post(request, "support plan outcome")
        if not (form.is_valid() and provisions.is_valid()):
            messages.error(request, "Some answers need another look: see the messages below.")
            return self.show(form, provisions)
        with transaction.atomic():
            outcome = form.save()
            for provision in provisions.save(commit=False):
                provision.outcome = outcome
                provision.save()
            for provision in provisions.deleted_objects:
                provision.delete()
        messages.success(request, "Saved the outcome and its provision.")
        return redirect(reverse("support_plans:plan", args=[self.get_plan().pk]) + f"#outcome-{outcome.pk}")

    def show(self, form, provisions):
        plan = self.get_plan()
        context = {"plan": plan, "pupil": plan.pupil, "form": form, "provisions": provisions, "outcome": self.outcome}
        return render(self.request, self.template_name, context)


class OutcomeAddView(OutcomeFormView):
    pass


class OutcomeMixin:
    """The outcome named in the URL, among the plans of the pupils this person may see."""

    def get_outcome(self) -> PlanOutcome:
        if self.outcome is None:
            outcomes = PlanOutcome.objects.filter(plan__in=SupportPlan.objects.visible_to(self.request.user))
            self.outcome = get_object_or_404(outcomes.select_related("plan__pupil"), pk=self.kwargs["pk"])
        return self.outcome

    def get_plan(self) -> SupportPlan:
        return self.get_outcome().plan


class OutcomeEditView(OutcomeMixin, OutcomeFormView):
    pass


class OutcomeRemoveView(OutcomeMixin, DraftMixin, View):
    outcome = None

    def post(self, request, pk):
        outcome = self.get_outcome()
        with transaction.atomic():
            outcome.provisions.all().delete()
            outcome.delete()
        messages.success(request, "Removed the outcome and its provision from the draft.")
        return redirect("support_plans:plan", outcome.plan_id)


class WholePlanSupportView(DraftMixin, View):
    """Provision across the whole plan rather than for one outcome (and provision brought in from before plans),
    each of which may be given to an outcome."""

    template_name = "support_plans/support_form.html"

    def formset(self, data=None):
        plan = self.get_plan()
        rows = plan.provisions.filter(outcome__isnull=True).select_related("group")
        return ProvisionFormSet(data, plan=plan, queryset=rows, prefix="provision", choose_outcome=True)

    def get(self, request, pk):
        return self.show(self.formset())

    def post(self, request, pk):
        provisions = self.formset(request.POST)
        if not provisions.matches_rows_shown():
            return refuse_tampered_post(request, "support plan provision")
        if not provisions.is_valid():
            messages.error(request, "Some answers need another look: see the messages below.")
            return self.show(provisions)
        with transaction.atomic():
            provisions.save()
        messages.success(request, "Saved the support across the plan.")
        return redirect("support_plans:plan", pk)

    def show(self, provisions):
        plan = self.get_plan()
        return render(self.request, self.template_name, {"plan": plan, "pupil": plan.pupil, "provisions": provisions})


class FinaliseView(DraftMixin, View):
    def post(self, request, pk):
        try:
            plan = cycle.finalise(self.get_plan(), request.user)
        except (CannotFinalise, PlanLocked) as not_ready:
            messages.error(request, f"Not finalised yet. {not_ready}")
            return redirect("support_plans:plan", pk)
        replaced = f" Version {plan.previous.number} is kept, replaced by it." if plan.previous_id else ""
        messages.success(request, f"Version {plan.number} is finalised: it is now the current plan, locked.{replaced}")
        return redirect("support_plans:plan", pk)


class DiscardView(DraftMixin, View):
    def post(self, request, pk):
        plan = self.get_plan()
        cycle.discard_draft(plan)
        messages.success(request, f"The draft of version {plan.number} is thrown away.")
        return redirect("support_plans:pupil", plan.pupil_id)


class ReviewView(PlanScopedMixin, View):
    """The review that closes the current plan's cycle: each outcome's evidence and result, and what changes. Once
    recorded, the next version's draft is started from it."""

    required_action = "plans.write"
    template_name = "support_plans/review_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.may_take_action(request):
            plan = self.get_plan()
            if plan.status != PlanStatus.FINALISED or hasattr(plan, "review"):
                messages.error(
                    request,
                    "This plan's cycle is closed already."
                    if hasattr(plan, "review")
                    else "Only the current plan is reviewed: finalise the draft first.",
                )
                return redirect("support_plans:plan", plan.pk)
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        plan = self.get_plan()
        outcomes = list(plan.outcomes.order_by("order", "pk"))
        return (
            ReviewForm(data, plan=plan, initial={"held_by": self.request.user, "held_on": timezone.localdate()}),
            ResultFormSet(data, outcomes=outcomes, prefix="result"),
        )

    def get(self, request, pk):
        return self.show(*self.forms())

    def post(self, request, pk):
        form, results = self.forms(request.POST)
        if not results.matches_rows_shown():
            return refuse_tampered_post(request, "support plan review")
        if not (form.is_valid() and results.is_valid()):
            messages.error(request, "Some answers need another look: see the messages below.")
            return self.show(form, results)
        given = [
            ResultGiven(
                outcome=result.outcome,
                evidence=result.cleaned_data["evidence"],
                result=result.cleaned_data["result"],
                next_steps=result.cleaned_data["next_steps"],
                carry_forward=result.carry_forward,
            )
            for result in results
        ]
        try:
            _, draft = cycle.record_review(
                self.get_plan(),
                held_on=form.cleaned_data["held_on"],
                held_by=form.cleaned_data["held_by"],
                notes=form.cleaned_data["notes"],
                results=given,
                user=request.user,
            )
        except PlanLocked as closed:
            messages.error(request, str(closed))
            return redirect("support_plans:plan", pk)
        carried = draft.outcomes.filter(carried_from__plan=self.get_plan()).count()
        messages.success(
            request,
            f"The review is recorded and this cycle closed. Version {draft.number} is drafted from it, with "
            f"{carried} outcome{'s' if carried != 1 else ''} carried forward: check it and finalise it with the "
            "family.",
        )
        return redirect("support_plans:plan", draft.pk)

    def show(self, form, results):
        plan = self.get_plan()
        context = {"plan": plan, "pupil": plan.pupil, "form": form, "results": results}
        return render(self.request, self.template_name, context)
