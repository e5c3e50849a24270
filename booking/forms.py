from datetime import date, datetime

from django import forms

from accounts.models import Role, User
from common.text import SENTENCES, long_text_input, one_line_input
from pupils.models import Pupil, YearGroup

from . import invitations
from .models import ReviewDay, WeeklySeries


class ReviewDayForm(forms.ModelForm):
    class Meta:
        model = ReviewDay
        fields = ["date", "starts_at", "ends_at", "slot_minutes", "breaks"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "starts_at": forms.TimeInput(attrs={"type": "time"}),
            "ends_at": forms.TimeInput(attrs={"type": "time"}),
            "breaks": forms.Textarea(attrs={"rows": 2}),
        }


STAFF_WHO_HOLD_APPOINTMENTS = User.objects.filter(role__in=[Role.SENCO, Role.STAFF], is_active=True).order_by(
    "last_name"
)
LONGEST_SERIES_DAYS = 366


class WeeklySeriesForm(forms.ModelForm):
    """Every week on one weekday, e.g. Tuesday 08:40 to 09:20 in 20-minute slots, in term time."""

    class Meta:
        model = WeeklySeries
        fields = ["weekday", "starts_at", "ends_at", "slot_minutes", "staff", "room", "first_date", "last_date"]
        labels = {"staff": "Member of staff"}
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}),
            "ends_at": forms.TimeInput(attrs={"type": "time"}),
            "first_date": forms.DateInput(attrs={"type": "date"}),
            "last_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = STAFF_WHO_HOLD_APPOINTMENTS.all()

    def clean(self):
        data = super().clean()
        starts, ends, minutes = data.get("starts_at"), data.get("ends_at"), data.get("slot_minutes")
        if starts and ends:
            if ends <= starts:
                self.add_error("ends_at", "The appointments must end after they start.")
            elif minutes and (datetime.combine(date.min, ends) - datetime.combine(date.min, starts)).seconds < (
                minutes * 60
            ):
                self.add_error("slot_minutes", "Not even one appointment of that length fits between those times.")
        first, last = data.get("first_date"), data.get("last_date")
        if first and last:
            if last < first:
                self.add_error("last_date", "The last week must come after the first.")
            elif (last - first).days > LONGEST_SERIES_DAYS:
                self.add_error("last_date", "Set weekly appointments up for a term or a year at most.")
        return data


class StaffLineForm(forms.Form):
    staff = forms.ModelChoiceField(
        label="Member of staff",
        queryset=STAFF_WHO_HOLD_APPOINTMENTS,
    )
    room = one_line_input(max_length=100, help_text="Where parents will find them.")


class BaseStaffLineFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        chosen = [form.cleaned_data["staff"] for form in self.forms if form.cleaned_data]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError("Each member of staff can appear once: they hold appointments in one room.")


StaffLineFormSet = forms.formset_factory(
    StaffLineForm, formset=BaseStaffLineFormSet, extra=4, min_num=1, validate_min=True
)


class CancelForm(forms.Form):
    reason = long_text_input(label="Why is it cancelled?", max_length=SENTENCES)


class InviteForm(forms.Form):
    """Which families to invite to a review day."""

    who = forms.ChoiceField(label="Invite", choices=invitations.CHOICES, widget=forms.RadioSelect)
    year_group = forms.TypedChoiceField(
        label="Year group", choices=[("", "Choose a year group"), *YearGroup.choices], coerce=int, required=False
    )
    pupils = forms.ModelMultipleChoiceField(
        label="Pupils",
        queryset=Pupil.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick each pupil whose family you want to invite.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupils"].queryset = Pupil.objects.on_register().order_by(
            "year_group", "legal_last_name", "legal_first_name"
        )
        self.fields["pupils"].label_from_instance = lambda pupil: f"{pupil.full_name}, {pupil.get_year_group_display()}"

    def clean(self):
        data = super().clean()
        who = data.get("who")
        if who == invitations.Choice.YEAR_GROUP and data.get("year_group") in (None, ""):
            self.add_error("year_group", "Choose the year group to invite.")
        if who == invitations.Choice.BY_HAND and not data.get("pupils"):
            self.add_error("pupils", "Tick at least one pupil.")
        return data

    def chosen(self):
        data = self.cleaned_data
        return invitations.chosen_pupils(data["who"], year_group=data.get("year_group"), pupils=data.get("pupils", ()))


class DeclineForm(forms.Form):
    note = one_line_input(
        label="What the family said",
        max_length=300,
        required=False,
        help_text="Optional, e.g. 'Both parents work that day: call back to arrange another time.'",
    )
