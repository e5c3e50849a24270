"""The provision map's forms. Each rule is the model's (`clean`, provision/rules.py): the forms show its words beside
the field, keep what was typed, and refuse a tampered choice (a pupil, a member of staff) as any invalid choice."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import transaction
from django.template.defaultfilters import pluralize

from common import when
from common.text import SENTENCES, long_text_input, one_line_input
from pupils.forms import DateInput, school_staff
from pupils.models import AreaOfNeed, Pupil

from .models import (
    GroupPlace,
    GroupSession,
    Intervention,
    InterventionGroup,
    Measure,
    MeasureKind,
    StaffCostBand,
    Unit,
)
from .rules import busiest_day, ends_of_day


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class StaffCostBandForm(forms.ModelForm):
    class Meta:
        model = StaffCostBand
        fields = ["name", "hourly_rate"]


class InterventionForm(forms.ModelForm):
    needs = forms.MultipleChoiceField(
        label="Areas of need it serves",
        choices=AreaOfNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Intervention
        fields = [
            "name",
            "kind",
            "wave",
            "needs",
            "cost_band",
            "resource_cost_per_term",
            "group_size",
            "description",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_needs(self) -> list[str]:
        chosen = set(self.cleaned_data.get("needs") or [])
        return [need for need in AreaOfNeed.values if need in chosen]  # the census order, each once


class InterventionGroupForm(forms.ModelForm):
    class Meta:
        model = InterventionGroup
        fields = ["name", "led_by", "room", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["led_by"].queryset = school_staff().order_by("first_name", "last_name")
        self.fields["led_by"].label_from_instance = lambda user: user.get_full_name()


class GroupSessionForm(forms.ModelForm):
    class Meta:
        model = GroupSession
        fields = ["weekday", "starts_at", "minutes"]
        widgets = {"starts_at": TimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:  # a spare row starts blank, so leaving it blank adds no session
            for name in ("weekday", "starts_at", "minutes"):
                self.initial.pop(name, None)
                self.fields[name].initial = None


class BaseSessionFormSet(forms.BaseInlineFormSet):
    """A group's weekly sessions, checked against the group's dates as typed (not as saved) and against each other."""

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form) and not form.errors and form.cleaned_data
        ]
        if not kept and not any(form.errors for form in self.forms):
            raise ValidationError("Give the group at least one weekly session: its day, time and minutes.")
        times = sorted(
            (form.cleaned_data["weekday"], form.cleaned_data["starts_at"], form.cleaned_data["minutes"])
            for form in kept
            if form.cleaned_data.get("starts_at") and form.cleaned_data.get("minutes")
        )
        for (day, start, minutes), (next_day, next_start, _) in zip(times, times[1:], strict=False):
            if day == next_day and (ends_of_day(start, minutes) or start) > next_start:
                raise ValidationError(
                    f"Two sessions overlap on {GroupSession(weekday=day).get_weekday_display()}: "
                    f"one at {when.clock(start)} for {minutes} minutes and one at {when.clock(next_start)}."
                )


SessionFormSet = forms.inlineformset_factory(
    InterventionGroup,
    GroupSession,
    form=GroupSessionForm,
    formset=BaseSessionFormSet,
    extra=2,
    max_num=10,
    validate_max=True,
    can_delete=True,
)


class PupilChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, pupil: Pupil) -> str:
        form = f", {pupil.form}" if pupil.form else ""
        return f"{pupil.full_name} ({pupil.get_year_group_display()}{form})"


class AddPupilsForm(forms.Form):
    """Pupils joining a group on the same day: each place is checked as the model checks one, then all of them
    together against the group's size, so nothing is saved unless every pupil can join."""

    pupils = PupilChoice(
        queryset=Pupil.objects.none(), widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
    )
    joined_on = forms.DateField(label="Joining on", widget=DateInput())
    target = long_text_input(
        label="What they are working towards (for each of them)", max_length=SENTENCES, required=False
    )

    def __init__(self, *args, group: InterventionGroup, pupils, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["pupils"].queryset = pupils
        self.places: list[GroupPlace] = []

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        places = [
            GroupPlace(group=self.group, pupil=pupil, joined_on=data["joined_on"], target=data.get("target", ""))
            for pupil in data["pupils"]
        ]
        problems = []
        for place in places:
            try:
                place.full_clean()
            except ValidationError as refused:
                problems.extend(f"{place.pupil.full_name}: {message}" for message in refused.messages)
        if problems:
            raise ValidationError(problems)
        size = self.group.intervention.group_size
        day, most = busiest_day([*(place.stay for place in self.group.places.all()), *(p.stay for p in places)])
        if most > size:
            raise ValidationError(
                f"{self.group.intervention.name} takes at most {size} pupil{pluralize(size)} in a group: with "
                f"these {len(places)} it would have {most} on {when.date(day)}. Choose fewer pupils or another group."
            )
        self.places = places
        return data

    def save(self) -> list[GroupPlace]:
        for place in self.places:
            place.save()
        return self.places


class GroupPlaceForm(forms.ModelForm):
    class Meta:
        model = GroupPlace
        fields = ["joined_on", "left_on", "target_score", "target"]
        widgets = {"joined_on": DateInput(), "left_on": DateInput(), "target": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"left_on": "Leave blank while they are still in the group."}


def plain(number: Decimal | None) -> Decimal | None:
    """73 rather than 73.00 in a field; 7.5 stays 7.5."""
    if number is None:
        return None
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


class ScoresForm(forms.Form):
    """Entry or exit scores for the pupils of a group at once: one unit and date, a score for each pupil (and, at
    entry, the exit score that would mean it worked). A blank score is one not taken; clearing one removes it."""

    unit = forms.ChoiceField(choices=Unit.choices)
    unit_label = one_line_input(label="Unit, if other", max_length=60, required=False)
    taken_on = forms.DateField(label="Taken on", widget=DateInput())

    def __init__(self, *args, kind: str, places: list[GroupPlace], **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.places = kind, places
        existing = {place.pk: {m.kind: m for m in place.measures.all()} for place in places}
        self.existing = existing
        mine = [existing[place.pk][kind] for place in places if kind in existing[place.pk]]
        entries = [existing[place.pk][MeasureKind.ENTRY] for place in places if MeasureKind.ENTRY in existing[place.pk]]
        like = (mine or entries or [None])[0]
        if like is not None:
            self.fields["unit"].initial, self.fields["unit_label"].initial = like.unit, like.unit_label
        if mine:
            self.initial["taken_on"] = mine[0].taken_on  # as recorded, not today
        for place in places:
            measure = existing[place.pk].get(kind)
            self.fields[f"score_{place.pk}"] = forms.DecimalField(
                label=place.pupil.full_name,
                required=False,
                max_digits=7,
                decimal_places=2,
                validators=[MinValueValidator(Decimal(0))],
                initial=plain(measure.score) if measure else None,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "any", "min": "0"}),
            )
            if kind == MeasureKind.ENTRY:
                self.fields[f"target_{place.pk}"] = forms.DecimalField(
                    label=f"Target exit score for {place.pupil.full_name}",
                    required=False,
                    max_digits=7,
                    decimal_places=2,
                    validators=[MinValueValidator(Decimal(0))],
                    initial=plain(place.target_score),
                    widget=forms.NumberInput(
                        attrs={
                            "class": "form-control",
                            "step": "any",
                            "min": "0",
                            "aria-label": f"Target exit score for {place.pupil.full_name}",
                        }
                    ),
                )

    def rows(self):
        """(place, its score field, its target field or None, the other score) for the template."""
        other = MeasureKind.EXIT if self.kind == MeasureKind.ENTRY else MeasureKind.ENTRY
        for place in self.places:
            target = self[f"target_{place.pk}"] if f"target_{place.pk}" in self.fields else None
            yield place, self[f"score_{place.pk}"], target, self.existing[place.pk].get(other)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.measures = []
        for place in self.places:
            score = data.get(f"score_{place.pk}")
            if score is None:
                continue
            measure = self.existing[place.pk].get(self.kind) or Measure(place=place, kind=self.kind)
            measure.score, measure.unit, measure.taken_on = score, data["unit"], data["taken_on"]
            measure.unit_label = data.get("unit_label", "")
            try:
                measure.full_clean(validate_unique=False)
            except ValidationError as refused:
                for field, messages in refused.message_dict.items():
                    target = f"score_{place.pk}" if field in ("unit", "taken_on", "score") else None
                    for message in messages:
                        if field == "unit_label":
                            self.add_error("unit_label", message)
                        else:
                            self.add_error(target, f"{place.pupil.full_name}: {message}")
                continue
            self.measures.append(measure)
        return data

    @transaction.atomic
    def save(self, by) -> int:
        for measure in self.measures:
            measure.recorded_by = by
            measure.save()
        kept = {measure.place_id for measure in self.measures}
        cleared = [
            self.existing[place.pk][self.kind].pk
            for place in self.places
            if place.pk not in kept and self.kind in self.existing[place.pk]
        ]
        Measure.objects.filter(pk__in=cleared).delete()
        if self.kind == MeasureKind.ENTRY:
            for place in self.places:
                target = self.cleaned_data.get(f"target_{place.pk}")
                if target != place.target_score:
                    place.target_score = target
                    place.save(update_fields=["target_score"])
        return len(self.measures)
