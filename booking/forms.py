from datetime import date, datetime

from django import forms

from accounts.models import Role, User

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
    room = forms.CharField(max_length=100, help_text="Where parents will find them.")


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
    reason = forms.CharField(label="Why is it cancelled?", widget=forms.Textarea(attrs={"rows": 3}))
