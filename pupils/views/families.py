"""Families and contacts (office and SENCO, no SEN detail), anonymous figures, and the family landing page."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView, UpdateView, View

from accounts.models import PortalInvitation
from accounts.permissions import ActionRequiredMixin
from pupils import invitations

from .. import responsibility
from ..figures import register_figures
from ..forms import ParentCarerForm, PupilParentForm
from ..models import ParentCarer, Pupil, PupilParent, RequestKind, ResponsibilityRequest

# Who keeps parents' contact details up to date.


def with_parents(pupils, *, pending_requests: bool = False):
    """Pupils with their parent links (and each link's `pending`: the requests about it still waiting for the
    SENCO, when asked for), in the order the family is contacted."""
    links = PupilParent.objects.select_related("parent").order_by("contact_order")
    if pending_requests:
        waiting = ResponsibilityRequest.objects.pending().select_related("requested_by")
        # The family page: each parent's account too, for where they stand with the portal.
        pending = Prefetch("responsibility_requests", queryset=waiting, to_attr="pending")
        links = links.select_related("parent__user").prefetch_related(pending)
    return pupils.prefetch_related(Prefetch("parent_links", queryset=links))


def asked_senco(parent: ParentCarer) -> str:
    return (
        f"Parental responsibility for {parent.full_name} waits for the SENCO's approval. Until then they get no "
        "SEN information, no meeting notices and no portal invitation."
    )


class FamilyListView(ActionRequiredMixin, ListView):
    """Pupils with their parents' contact details, for booking and letters: names and classes, no SEN detail."""

    required_action = "families.manage"
    template_name = "pupils/families.html"
    context_object_name = "pupils"
    paginate_by = 50

    def get_queryset(self):
        pupils = Pupil.objects.visible_to(self.request.user).on_register().order_by("legal_last_name", "pk")
        self.query = self.request.GET.get("q", "").strip()
        for term in self.query.split():
            pupils = pupils.filter(
                Q(legal_first_name__icontains=term)
                | Q(legal_last_name__icontains=term)
                | Q(preferred_name__icontains=term)
                | Q(parent_links__parent__first_name__icontains=term)
                | Q(parent_links__parent__last_name__icontains=term)
            ).distinct()
        return with_parents(pupils)

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)


class FamilyScopedMixin(ActionRequiredMixin):
    required_action = "families.manage"
    with_pending_requests = False  # each parent link's requests waiting for the SENCO, for the family page

    def get_pupil(self) -> Pupil:
        if not hasattr(self, "_pupil"):
            pupils = with_parents(
                Pupil.objects.visible_to(self.request.user), pending_requests=self.with_pending_requests
            )
            self._pupil = get_object_or_404(pupils, pk=self.kwargs["pk"])
        return self._pupil

    def family_url(self) -> str:
        return reverse("pupils:family_detail", args=[self.get_pupil().pk])


class FamilyDetailView(FamilyScopedMixin, DetailView):
    template_name = "pupils/family_detail.html"
    context_object_name = "pupil"
    with_pending_requests = True

    def get_object(self, queryset=None):
        return self.get_pupil()

    def get_context_data(self, **kwargs):
        pupil = self.get_pupil()
        links = pupil.parent_links.all()  # prefetched with their pending requests (get_pupil)
        for link in links:
            link.invitation_pending = any(asked.kind == RequestKind.INVITATION for asked in link.pending)
        parents = list(zip(links, invitations.portal_statuses([link.parent for link in links]), strict=True))
        past_school_age = pupil.is_past_compulsory_school_age()
        young_person = None
        if past_school_age and self.request.user.can("young_person.manage"):  # decision rights: the SENCO's
            young_person = invitations.portal_status(pupil)
        return super().get_context_data(
            parents=parents,
            past_school_age=past_school_age,
            young_person=young_person,
            link_days=PortalInvitation.VALID_FOR.days,
            **kwargs,
        )


class ParentCreateView(FamilyScopedMixin, View):
    """Add a new parent or carer to a pupil, with their relationship to this child."""

    template_name = "pupils/parent_form.html"

    def get(self, request, pk):
        return self.show(ParentCarerForm(), PupilParentForm())

    def post(self, request, pk):
        parent_form = ParentCarerForm(request.POST)
        link_form = PupilParentForm(request.POST)
        if parent_form.is_valid() and link_form.is_valid():
            parent = parent_form.save(commit=False)
            responsibility.email_changed(parent, request.user)
            parent.save()
            link = link_form.save(commit=False)
            link.pupil, link.parent = self.get_pupil(), parent
            asked = responsibility.record_link(link, request.user)
            messages.success(request, f"{parent.full_name} added as a contact for {self.get_pupil().full_name}.")
            if asked:
                messages.info(request, asked_senco(parent))
            return redirect(self.family_url())
        return self.show(parent_form, link_form)

    def show(self, parent_form, link_form):
        context = {"pupil": self.get_pupil(), "parent_form": parent_form, "link_form": link_form}
        return render(self.request, self.template_name, context)


class ParentLinkView(FamilyScopedMixin, View):
    """Link a parent already known to the school (a sibling's parent) to this pupil."""

    template_name = "pupils/parent_link.html"

    def candidates(self, query: str):
        if len(query) < 2:
            return ParentCarer.objects.none()
        parents = ParentCarer.objects.all()
        for term in query.split():
            parents = parents.filter(
                Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(email__iexact=term)
            )
        already = self.get_pupil().parent_links.values("parent_id")
        return parents.exclude(pk__in=already).prefetch_related("pupil_links__pupil")[:20]

    def get(self, request, pk):
        query = request.GET.get("q", "").strip()
        return self.show(query, PupilParentForm())

    def post(self, request, pk):
        parent = get_object_or_404(ParentCarer, pk=request.POST.get("parent"))
        link_form = PupilParentForm(request.POST)
        if link_form.is_valid():
            link = link_form.save(commit=False)
            link.pupil, link.parent = self.get_pupil(), parent
            try:
                with transaction.atomic():
                    asked = responsibility.record_link(link, request.user)
            except IntegrityError:
                messages.info(request, f"{parent.full_name} is already a contact for this pupil.")
            else:
                messages.success(request, f"{parent.full_name} linked to {self.get_pupil().full_name}.")
                if asked:
                    messages.info(request, asked_senco(parent))
            return redirect(self.family_url())
        return self.show(request.POST.get("q", ""), link_form)

    def show(self, query, link_form):
        context = {
            "pupil": self.get_pupil(),
            "query": query,
            "candidates": self.candidates(query),
            "link_form": link_form,
        }
        return render(self.request, self.template_name, context)


class ParentUpdateView(ActionRequiredMixin, UpdateView):
    required_action = "families.manage"
    form_class = ParentCarerForm
    template_name = "pupils/parent_form.html"
    context_object_name = "parent"

    def get_queryset(self):
        visible = Pupil.objects.visible_to(self.request.user)
        return ParentCarer.objects.filter(pupil_links__pupil__in=visible).distinct()

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent_form=kwargs.pop("form", None) or self.get_form(), **kwargs)

    def form_valid(self, form):
        if "email" in form.changed_data:
            responsibility.email_changed(form.instance, self.request.user)
        messages.success(self.request, f"Contact details saved for {form.instance.full_name}.")
        return super().form_valid(form)

    def get_success_url(self):
        next_pupil = self.object.pupil_links.values_list("pupil_id", flat=True).first()
        return reverse("pupils:family_detail", args=[next_pupil])


class FiguresView(ActionRequiredMixin, TemplateView):
    required_action = "register.figures"
    template_name = "pupils/figures.html"

    def get_context_data(self, **kwargs):
        # The head also hears how often families get good news from school (seed 004: staff report it to the head):
        # contacts/ draws that table ({% positive_news_weeks %}).
        return super().get_context_data(figures=register_figures(), **kwargs)
