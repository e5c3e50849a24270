from django import forms
from django.db import models, transaction

from common import when
from common.text import one_line_input

from .calendar import weekdays
from .calendar_file import LARGEST_FILE, LONGEST_CLOSURE_DAYS
from .models import ClosureDay, School, TermDates

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
                entered = ", ".join(f"{when.date(day)} ({reason})" for day, reason in sorted(self.already.items()))
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


def https_by_default(field, **kwargs):
    """A web address typed without http(s):// is taken as https://, as browsers take it."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class SchoolSettingsForm(forms.ModelForm):
    """What the SENCO or the head keeps up to date for families: how to reach the school, who's who, the documents
    the school publishes, and how reminders and records reach families. (The DfE numbers and who sees the register
    stay in the admin.)"""

    # Sections of the page, in order: (heading, what it is for, fields).
    SECTIONS = [
        ("The school", "Families see these in their portal and in letters.", ["name", "address", "phone", "email"]),
        (
            "Reaching the school and the SENCO",
            "Shown in the portal's 'Who's who' and in letters to parents.",
            ["office_hours", "senco_availability", "head_teacher", "sen_governor"],
        ),
        (
            "Published documents",
            "Web addresses of the documents on the school's and the council's websites. The portal's help pages link "
            "them, and so do the letters telling parents that their child's SEN support starts, changes or ends.",
            ["sen_information_report_url", "sen_policy_url", "complaints_procedure_url", "local_offer_url"],
        ),
        (
            "Reminders and records",
            "When the day-before reminders go and how, and how shared records reach families by email. A change "
            "moves the reminders not yet sent.",
            [
                "reminder_time",
                "first_day_back_reminder_time",
                "letter_families_reminded",
                "remind_by_more_than_one_channel",
                "attach_records_to_emails",
            ],
        ),
    ]

    class Meta:
        model = School
        formfield_callback = https_by_default
        fields = [
            "name",
            "address",
            "phone",
            "email",
            "office_hours",
            "senco_availability",
            "head_teacher",
            "sen_governor",
            "sen_information_report_url",
            "sen_policy_url",
            "complaints_procedure_url",
            "local_offer_url",
            "reminder_time",
            "first_day_back_reminder_time",
            "letter_families_reminded",
            "remind_by_more_than_one_channel",
            "attach_records_to_emails",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "first_day_back_reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        error_messages = {
            name: {"invalid": "Give the full web address of the page, for example https://www.school.example/send."}
            for name in ("sen_information_report_url", "sen_policy_url", "complaints_procedure_url", "local_offer_url")
        }

    def sections(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [(heading, about, [self[name] for name in names]) for heading, about, names in self.SECTIONS]
