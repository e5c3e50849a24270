"""The SENCO's pages for the school's interventions, their staff cost bands, groups and the pupils in them, and the
entry and exit scores staff record for the pupils they work with (the map and reports: report_views.py)."""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from accounts.permissions import ActionRequiredMixin
from common import when
from pupils.models import Pupil, YearGroup, about_pupils_seen_by

from . import sessions
from .costs import SchoolDays, group_cost
from .forms import (
    AddPupilsForm,
    GroupPlaceForm,
    InterventionForm,
    InterventionGroupForm,
    ScoresForm,
    SessionFormSet,
    StaffCostBandForm,
)
from .models import GroupPlace, Intervention, InterventionGroup, MeasureKind, StaffCostBand

COST_IN_WORDS = (
    "A session costs the staff cost band's hourly rate for its minutes (rate × minutes ÷ 60). A group holds each "
    "weekly session on every school day between its dates (not in holidays, half terms or on closure days), and is "
    "charged the intervention's resources once for each term it runs in. The group's cost is shared equally between "
    "its pupils."
)


# Staff cost bands


class CostBandListView(ActionRequiredMixin, CreateView):
    """The bands, and a form to add one, on one page."""

    required_action = "provision_map.manage"
    model = StaffCostBand
    form_class = StaffCostBandForm
    template_name = "provision/cost_bands.html"

    def get_context_data(self, **kwargs):
        bands = StaffCostBand.objects.annotate(used=Count("interventions"))
        return super().get_context_data(bands=bands, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"{self.object.name} is saved.")
        return response

    def get_success_url(self):
        return reverse("provision:cost_bands")


class CostBandEditView(ActionRequiredMixin, UpdateView):
    required_action = "provision_map.manage"
    model = StaffCostBand
    form_class = StaffCostBandForm
    template_name = "provision/cost_band_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            f"{self.object.name} is saved: costs on every page now use £{self.object.hourly_rate} an hour.",
        )
        return response

    def get_success_url(self):
        return reverse("provision:cost_bands")


# Interventions


def with_costs(groups, days: SchoolDays) -> list:
    """Each group (intervention, cost band and sessions loaded, `pupil_count` annotated) with its `cost` for its run."""
    groups = list(groups)
    for group in groups:
        group.cost = group_cost(group, days, group.pupil_count)
    return groups


def groups_with_counts():
    return InterventionGroup.objects.select_related("intervention__cost_band", "led_by").annotate(
        pupil_count=Count("places__pupil", distinct=True)
    )


class InterventionListView(ActionRequiredMixin, ListView):
    """Every intervention with its wave, cost band and set size, its groups running now and their cost."""

    required_action = "provision_map.view"
    template_name = "provision/intervention_list.html"
    context_object_name = "interventions"

    def get_queryset(self):
        today = timezone.localdate()
        running = groups_with_counts().running_between(today, today).prefetch_related("sessions")
        return (
            Intervention.objects.select_related("cost_band")
            .prefetch_related(Prefetch("groups", queryset=running, to_attr="running"))
            .order_by("-active", "wave", "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = [group for intervention in context["interventions"] for group in intervention.running]
        if groups:
            days = SchoolDays(min(g.starts_on for g in groups), max(g.ends_on for g in groups))
            with_costs(groups, days)
        for intervention in context["interventions"]:
            intervention.pupils_now = sum(group.pupil_count for group in intervention.running)
            intervention.cost_now = sum(group.cost.total for group in intervention.running)
        return super().get_context_data(cost_in_words=COST_IN_WORDS, **kwargs)


class InterventionDetailView(ActionRequiredMixin, DetailView):
    required_action = "provision_map.view"
    model = Intervention
    template_name = "provision/intervention_detail.html"

    def get_queryset(self):
        return Intervention.objects.select_related("cost_band")

    def get_context_data(self, **kwargs):
        groups = groups_with_counts().filter(intervention=self.object).prefetch_related("sessions")
        groups = list(groups.order_by("-starts_on", "name"))
        if groups:
            with_costs(groups, SchoolDays(min(g.starts_on for g in groups), max(g.ends_on for g in groups)))
        return super().get_context_data(
            groups=groups,
            cost_in_words=COST_IN_WORDS,
            may_open_groups=self.request.user.can("provision_map.groups"),
            **kwargs,
        )


class InterventionFormMixin(ActionRequiredMixin):
    required_action = "provision_map.manage"
    model = Intervention
    form_class = InterventionForm
    template_name = "provision/intervention_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"{self.object.name} is saved.")
        return response

    def get_success_url(self):
        return reverse("provision:intervention", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(has_bands=StaffCostBand.objects.exists(), **kwargs)


class InterventionAddView(InterventionFormMixin, CreateView):
    pass


class InterventionEditView(InterventionFormMixin, UpdateView):
    pass


# Groups


class GroupListView(ActionRequiredMixin, ListView):
    """The groups running now (or all), for staff only those they lead or with a pupil they work with."""

    required_action = "provision_map.groups"
    template_name = "provision/group_list.html"
    context_object_name = "groups"

    @property
    def when(self) -> str:
        return self.request.GET.get("when") if self.request.GET.get("when") in ("past", "coming", "all") else "now"

    def get_queryset(self):
        today = timezone.localdate()
        groups = groups_with_counts().filter(
            pk__in=InterventionGroup.objects.visible_to(self.request.user).values("pk")
        )
        groups = {
            "now": groups.filter(starts_on__lte=today, ends_on__gte=today),
            "coming": groups.filter(starts_on__gt=today),
            "past": groups.filter(ends_on__lt=today),
            "all": groups,
        }[self.when]
        return groups.prefetch_related("sessions").order_by("intervention__name", "name")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            when=self.when,
            may_manage=self.request.user.can("provision_map.manage"),
            sees_all=self.request.user.can("provision_map.manage"),
            **kwargs,
        )


class GroupMixin(ActionRequiredMixin):
    """A group the person may open (404 for any other: a stranger's group does not exist for them)."""

    required_action = "provision_map.groups"

    def get_group(self, pk) -> InterventionGroup:
        groups = InterventionGroup.objects.visible_to(self.request.user).select_related(
            "intervention__cost_band", "led_by"
        )
        return get_object_or_404(groups, pk=pk)

    def visible_places(self, group: InterventionGroup):
        places = (
            group.places.select_related("pupil")
            .prefetch_related("measures")
            .order_by("pupil__legal_last_name", "pupil__legal_first_name", "joined_on")
        )
        return about_pupils_seen_by(places, self.request.user)


class GroupDetailView(GroupMixin, DetailView):
    template_name = "provision/group_detail.html"
    context_object_name = "group"

    def get_object(self, queryset=None):
        group = self.get_group(self.kwargs["pk"])
        group.sessions_loaded = list(group.sessions.all())
        return group

    def get_context_data(self, **kwargs):
        group = self.object
        places = list(self.visible_places(group))
        for place in places:
            scores = {measure.kind: measure for measure in place.measures.all()}
            place.entry, place.exit = scores.get(MeasureKind.ENTRY), scores.get(MeasureKind.EXIT)
            place.change = place.exit.score - place.entry.score if place.entry and place.exit else None
        everyone = group.places.count()
        today = timezone.localdate()
        user = self.request.user
        cost = None
        if user.can("provision_map.view"):
            cost = group_cost(group, SchoolDays(group.starts_on, group.ends_on), everyone)
        return super().get_context_data(
            places=places,
            current=[place for place in places if place.is_in_on(today) or place.joined_on > today],
            others=everyone - len(places),
            calendar=sessions.calendar_of(group),
            cost=cost,
            cost_in_words=COST_IN_WORDS,
            may_manage=user.can("provision_map.manage"),
            may_score=user.can("provision_map.measures"),
            today=today,
            **kwargs,
        )


class GroupFormView(ActionRequiredMixin, FormView):
    """A group and its weekly sessions, checked together: the sessions against the dates as typed."""

    required_action = "provision_map.manage"
    form_class = InterventionGroupForm
    template_name = "provision/group_form.html"

    def dispatch(self, request, *args, **kwargs):
        if "group" in kwargs:
            self.group = get_object_or_404(InterventionGroup.objects.select_related("intervention"), pk=kwargs["group"])
            self.intervention = self.group.intervention
        else:
            self.intervention = get_object_or_404(Intervention, pk=kwargs["pk"])
            self.group = InterventionGroup(intervention=self.intervention)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.group}

    def get_initial(self):
        if self.group.pk:
            return {}
        term = sessions.this_or_next_term(timezone.localdate())
        return {"starts_on": term[0], "ends_on": term[1]}

    def sessions_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return SessionFormSet(data, instance=self.group, prefix="sessions")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.sessions_formset())
        return super().get_context_data(intervention=self.intervention, group=self.group, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        formset = self.sessions_formset()
        form_ok = form.is_valid()  # first: the sessions are checked against the dates it has just taken
        if form_ok and formset.is_valid():
            group = form.save()
            formset.instance = group
            formset.save()
            messages.success(request, f"{group.name} is saved, with {group.sessions.count()} session(s) a week.")
            return redirect("provision:group", group.pk)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))


class PlacesAddView(GroupMixin, FormView):
    """Pupils join a group: chosen from a year group at a time (the pupils on the register first)."""

    required_action = "provision_map.manage"
    form_class = AddPupilsForm
    template_name = "provision/places_add.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.can(self.required_action):
            self.group = self.get_group(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    @property
    def year_group(self) -> int | None:
        value = self.request.GET.get("year", "")
        return int(value) if value.lstrip("-").isdigit() and int(value) in YearGroup.values else None

    def pupils(self):
        pupils = (
            Pupil.objects.visible_to(self.request.user)
            .in_school()
            .exclude(
                pk__in=self.group.places.filter(Q(left_on__isnull=True) | Q(left_on__gte=timezone.localdate())).values(
                    "pupil_id"
                )
            )
        )
        if self.request.method == "GET" and self.year_group is not None:
            pupils = pupils.filter(year_group=self.year_group)
        elif self.request.method == "GET":
            pupils = pupils.on_register()
        return pupils.order_by("year_group", "legal_last_name", "legal_first_name")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "group": self.group, "pupils": self.pupils()}

    def get_initial(self):
        today = timezone.localdate()
        return {"joined_on": min(max(today, self.group.starts_on), self.group.ends_on)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            group=self.group, year_groups=YearGroup.choices, year_group=self.year_group, **kwargs
        )

    def form_valid(self, form):
        places = form.save()
        names = ", ".join(place.pupil.full_name for place in places)
        messages.success(self.request, f"{names} joined {self.group.name}.")
        return redirect("provision:group", self.group.pk)


class PlaceEditView(ActionRequiredMixin, UpdateView):
    """A pupil's place: when they joined and left, and what they are working towards."""

    required_action = "provision_map.manage"
    form_class = GroupPlaceForm
    template_name = "provision/place_form.html"
    context_object_name = "place"

    def get_queryset(self):
        places = GroupPlace.objects.select_related("pupil", "group__intervention")
        return about_pupils_seen_by(places, self.request.user)

    def form_valid(self, form):
        response = super().form_valid(form)
        left = f": left on {when.date(self.object.left_on)}" if self.object.left_on else ""
        messages.success(self.request, f"{self.object.pupil.full_name}'s place is saved{left}.")
        return response

    def get_success_url(self):
        return reverse("provision:group", args=[self.object.group_id])


class ScoresView(GroupMixin, FormView):
    """Entry or exit scores for the pupils of a group the person may see, at once."""

    required_action = "provision_map.measures"
    form_class = ScoresForm
    template_name = "provision/scores_form.html"
    kind = MeasureKind.ENTRY

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.can(self.required_action):
            self.group = self.get_group(kwargs["pk"])
            self.places = list(self.visible_places(self.group))
            if not self.places:
                raise Http404("Nobody you work with is in this group.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.kind, "places": self.places}

    def get_initial(self):
        return {"taken_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            group=self.group, kind=self.kind, kind_label=MeasureKind(self.kind).label, **kwargs
        )

    def form_valid(self, form):
        saved = form.save(by=self.request.user)
        word = "entry" if self.kind == MeasureKind.ENTRY else "exit"
        messages.success(self.request, f"{saved} {word} score{'s' if saved != 1 else ''} saved for {self.group.name}.")
        return redirect("provision:group", self.group.pk)


class ExitScoresView(ScoresView):
    kind = MeasureKind.EXIT
