from django import forms
from django.db import transaction

from common.text import one_line_input

from .calendar import weekdays
from .calendar_file import LARGEST_FILE, LONGEST_CLOSURE_DAYS
from .models import ClosureDay, TermDates

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TermDatesForm(forms.ModelForm):
    """A term's first and last days with pupils and its half term; the model's clean() says what is wrong."""

    class Meta:
        model = TermDates
        fields = ["term", "starts_on", "ends_on", "half_term_starts_on", "half_term_ends_on"]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "half_term_starts_on": DATE_INPUT,
            "half_term_ends_on": DATE_INPUT,
        }


class ClosureDaysForm(forms.Form):
    """One closure day, or every weekday of a range (a week's holiday, two INSET days), for one reason."""

    first_day = forms.DateField(widget=DATE_INPUT)
    last_day = forms.DateField(
        required=False, widget=DATE_INPUT, help_text="For more than one day. Weekends in between are left out."
    )
    reason = one_line_input(
        max_length=ClosureDay._meta.get_field("reason").max_length,
        help_text="For example 'INSET day' or 'Early May bank holiday'.",
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day") or data.get("first_day")
        if not first:
            return data
        if last < first:
            self.add_error("last_day", "The last day must be on or after the first day.")
        elif (last - first).days >= LONGEST_CLOSURE_DAYS:
            self.add_error("last_day", "Add closure days for a year at most.")
        elif not (days := weekdays(first, last)):
            self.add_error("first_day", "That is a weekend, when the school is closed anyway: choose a weekday.")
        else:
            self.already = {day.date: day.reason for day in ClosureDay.objects.filter(date__in=days)}
            self.days = [day for day in days if day not in self.already]
            if not self.days:
                entered = ", ".join(f"{day:%-d %B} ({reason})" for day, reason in sorted(self.already.items()))
                self.add_error(None, f"Already closure days: {entered}. Delete one to give it another reason.")
        return data

    @transaction.atomic  # the calendar changes once, however many days
    def save(self) -> list[ClosureDay]:
        return [ClosureDay.objects.create(date=day, reason=self.cleaned_data["reason"]) for day in self.days]


class CalendarFileForm(forms.Form):
    file = forms.FileField(
        label="A CSV file",
        help_text="Columns: kind, first day, last day, what. Save from Excel as 'CSV (comma delimited)'.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > LARGEST_FILE:
            raise forms.ValidationError("That file is too large for a school calendar: choose the CSV file.")
        return upload
