"""The forms that write a plan's draft and record its review. Each refuses bad input with a message in words and
keeps what was typed; a post for rows the page did not show is refused whole (`matches_rows_shown`)."""

from datetime import date

from django import forms
from django.forms import BaseFormSet, BaseInlineFormSet, formset_factory, inlineformset_factory
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.utils import timezone

from common import when
from common.text import PARAGRAPHS, long_text_input
from provision.models import InterventionGroup
from pupils.forms import DateInput, school_staff
from pupils.models import OutcomeStatus

from .models import PlanOutcome, PlanProvision, Result, SupportPlan

TEXTAREA = forms.Textarea(attrs={"rows": 3})
SHORT_TEXTAREA = forms.Textarea(attrs={"rows": 2})


class PlanForm(forms.ModelForm):
    """The plan's own words: what the pupil and family hope for, the needs, their views, the dates."""

    class Meta:
        model = SupportPlan
        fields = [
            "starts_on",
            "review_on",
            "aspirations",
            "needs",
            "child_views",
            "parent_views",
            "barriers",
            "feedback_arrangements",
        ]
        widgets = {
            "starts_on": DateInput(),
            "review_on": DateInput(),
            **dict.fromkeys(
                ("aspirations", "needs", "child_views", "parent_views", "barriers", "feedback_arrangements"), TEXTAREA
            ),
        }


class OutcomeForm(forms.ModelForm):
    """One outcome, SMART: the starting point, what success looks like, by when, how it will be measured, and what
    the family will do at home."""

    class Meta:
        model = PlanOutcome
        fields = [
            "description",
            "baseline",
            "success_measure",
            "by_when",
            "measured_how",
            "who_helps",
            "home_actions",
        ]
        widgets = {
            "description": SHORT_TEXTAREA,
            "baseline": SHORT_TEXTAREA,
            "success_measure": SHORT_TEXTAREA,
            "by_when": DateInput(),
            "measured_how": SHORT_TEXTAREA,
            "home_actions": SHORT_TEXTAREA,
        }

    def __init__(self, *args, plan: SupportPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["success_measure"].error_messages["required"] = PlanOutcome._meta.get_field(
            "success_measure"
        ).error_messages["blank"]
        self.fields["by_when"].error_messages["required"] = "Choose the date it should be reached by."

    def clean_by_when(self) -> date:
        by_when = self.cleaned_data["by_when"]
        if by_when < self.plan.starts_on:
            raise forms.ValidationError(
                f"Choose a date on or after the day the plan starts ({when.date(self.plan.starts_on)})."
            )
        return by_when

    def save(self, commit=True):
        outcome = super().save(commit=False)
        if outcome.pk is None:
            outcome.plan = self.plan
            last = self.plan.outcomes.order_by("-order").values_list("order", flat=True).first()
            outcome.order = (last or 0) + 1
        if commit:
            outcome.save()
        return outcome


class ProvisionForm(forms.ModelForm):
    """One piece of provision: what, how often and how long, in what group, with whom, where, which wave."""

    minutes = forms.IntegerField(
        label="How long each time (minutes)",
        required=False,
        min_value=1,
        max_value=600,
        error_messages={"min_value": "A session lasts at least a minute."},
    )
    group_size = forms.IntegerField(
        label="Group size",
        initial=1,
        min_value=1,
        max_value=60,
        help_text="1 means one-to-one.",
        error_messages={"min_value": "A group has at least one pupil: 1 means one-to-one."},
    )

    class Meta:
        model = PlanProvision
        fields = [
            "outcome",
            "what",
            "wave",
            "group",
            "frequency",
            "minutes",
            "group_size",
            "staff",
            "who",
            "setting",
            "starts_on",
            "ends_on",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, plan: SupportPlan, choose_outcome: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if choose_outcome:
            self.fields["outcome"].queryset = plan.outcomes.all()
            self.fields["outcome"].empty_label = "The whole plan"
        else:
            del self.fields["outcome"]
        self.fields["staff"].queryset = school_staff()
        self.fields["staff"].empty_label = "Nobody named"
        # Only groups the pupil has a place in: a plan shows the support the pupil actually gets.
        self.fields["group"].queryset = (
            InterventionGroup.objects.filter(places__pupil=plan.pupil).select_related("intervention").distinct()
        )
        self.fields["group"].empty_label = "Not one of the school's groups"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("group") and not (cleaned.get("frequency") or "").strip() and "frequency" not in self.errors:
            self.add_error("frequency", "Say how often, or choose the group whose timetable it follows.")
        return cleaned

    def _post_clean(self):
        self.instance.plan = self.plan
        super()._post_clean()


class RowsShownFormSet(BaseInlineFormSet):
    """The plan's rows the page showed, with room to add: a post naming a row the page did not show (another
    plan's, another pupil's) is refused whole by the view, before anything is saved."""

    def __init__(self, *args, plan: SupportPlan, choose_outcome: bool = False, **kwargs):
        self.plan = plan
        self.choose_outcome = choose_outcome
        super().__init__(*args, instance=plan, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "plan": self.plan, "choose_outcome": self.choose_outcome}

    def matches_rows_shown(self) -> bool:
        management = self.management_form
        if not management.is_valid():
            return False
        initial = management.cleaned_data[INITIAL_FORM_COUNT]
        if not 0 <= initial <= management.cleaned_data[TOTAL_FORM_COUNT] or initial > self.get_queryset().count():
            return False
        # A posted id outside the rows leaves the form without an instance (pk None); one row twice is no edit.
        rows = [form.instance.pk for form in self.forms[:initial]]
        return None not in rows and len(set(rows)) == len(rows)


ProvisionFormSet = inlineformset_factory(
    SupportPlan, PlanProvision, form=ProvisionForm, formset=RowsShownFormSet, extra=1, can_delete=True
)


class ReviewForm(forms.Form):
    """The review meeting: when, who led it, what was said."""

    held_on = forms.DateField(label="Review held on", widget=DateInput())
    held_by = forms.ModelChoiceField(label="Led by", queryset=school_staff())
    notes = long_text_input(label="What was said at the review", max_length=PARAGRAPHS, required=False, widget=TEXTAREA)

    def __init__(self, *args, plan: SupportPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_held_on(self) -> date:
        held_on = self.cleaned_data["held_on"]
        if held_on < self.plan.starts_on:
            raise forms.ValidationError(
                f"The review cannot be before the plan started ({when.date(self.plan.starts_on)})."
            )
        if held_on > timezone.localdate():
            raise forms.ValidationError("A review is recorded once it has been held: this date is still to come.")
        return held_on


CARRY_CHOICES = [
    ("", "Carry it forward if not met or partly met (the usual)"),
    ("yes", "Carry it forward whatever the result"),
    ("no", "Leave it behind"),
]

# Targets finished before plans began: their review starts from what had become of them.
RESULT_BEFORE_PLANS = {
    OutcomeStatus.ACHIEVED: Result.MET,
    OutcomeStatus.PARTLY_ACHIEVED: Result.PARTLY_MET,
    OutcomeStatus.NOT_ACHIEVED: Result.NOT_MET,
    OutcomeStatus.STOPPED: Result.NO_LONGER_NEEDED,
}


class ResultForm(forms.Form):
    """One outcome's result: the evidence, met or not, what changes next, and whether it goes on."""

    evidence = long_text_input(
        label="The evidence",
        max_length=PARAGRAPHS,
        widget=SHORT_TEXTAREA,
        help_text="What we saw, measured or heard.",
        error_messages={"required": "Say what the evidence is: what was seen, measured or heard."},
    )
    result = forms.ChoiceField(
        choices=Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it was met, partly met or not met."},
    )
    next_steps = long_text_input(
        label="What changes next", max_length=PARAGRAPHS, required=False, widget=SHORT_TEXTAREA
    )
    carry = forms.ChoiceField(
        label="Into the next version?", choices=CARRY_CHOICES, required=False, widget=forms.RadioSelect
    )

    @property
    def carry_forward(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("carry") or "")


class ResultFormSetBase(BaseFormSet):
    """One form per outcome of the plan, in the plan's order; the forms name no ids, so they cannot name another
    plan's outcomes. A post with a different number of forms than outcomes is refused whole by the view."""

    def __init__(self, *args, outcomes: list[PlanOutcome], **kwargs):
        self.outcomes = outcomes
        if "initial" not in kwargs:
            kwargs["initial"] = [self.initial_for(outcome) for outcome in outcomes]
        super().__init__(*args, **kwargs)
        for form, outcome in zip(self.forms, outcomes, strict=False):
            form.outcome = outcome

    @staticmethod
    def initial_for(outcome: PlanOutcome) -> dict:
        if outcome.was_finished_before_plans:
            return {
                "result": RESULT_BEFORE_PLANS[outcome.status_before_plans],
                "evidence": f"{outcome.get_status_before_plans_display()}, as recorded before support plans.",
            }
        return {}

    def matches_rows_shown(self) -> bool:
        management = self.management_form
        return management.is_valid() and management.cleaned_data[TOTAL_FORM_COUNT] == len(self.outcomes)


ResultFormSet = formset_factory(ResultForm, formset=ResultFormSetBase, extra=0)
