from django import forms
from django.db.models import Prefetch

from pupils.models import ParentCarer, Pupil, PupilParent

from . import handout_types
from .models import Audience, Event, Guest, Handout

HANDOUT_MAX_BYTES = 10 * 1024 * 1024
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    """An event and who it is for. Only the audience's own detail is kept: a need, a year group or chosen pupils."""

    class Meta:
        model = Event
        fields = [
            "kind",
            "topic",
            "starts_at",
            "ends_at",
            "venue",
            "audience",
            "need",
            "year_group",
            "chosen_pupils",
            "creche_offered",
            "notes",
        ]
        labels = {"starts_at": "Starts", "ends_at": "Ends", "kind": "Type of event", "year_group": "Year group"}
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "audience": forms.RadioSelect,
            "chosen_pupils": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "need": "For 'a particular need': pupils whose primary or secondary need this is.",
            "year_group": "For 'a year group'.",
            "chosen_pupils": "For 'chosen families': tick the children whose parents or carers you want to invite.",
            "notes": "Anything parents should know: what to bring, parking, refreshments. This goes in the invitation.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen_pupils"].queryset = Pupil.objects.visible_to(user).on_register()

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The event must end after it starts.")
        audience = cleaned.get("audience")
        if audience == Audience.NEED and not cleaned.get("need"):
            self.add_error("need", "Choose the need the event is for.")
        if audience == Audience.YEAR_GROUP and cleaned.get("year_group") is None:
            self.add_error("year_group", "Choose the year group the event is for.")
        if audience == Audience.CHOSEN and not cleaned.get("chosen_pupils"):
            self.add_error("chosen_pupils", "Tick at least one child whose family you want to invite.")
        if not self.errors:
            # Keep only the detail the audience uses, so the event never says two things.
            if audience != Audience.NEED:
                cleaned["need"] = ""
            if audience != Audience.YEAR_GROUP:
                cleaned["year_group"] = None
            if audience != Audience.CHOSEN:
                cleaned["chosen_pupils"] = Pupil.objects.none()
        return cleaned


class HandoutForm(forms.ModelForm):
    class Meta:
        model = Handout
        fields = ["title", "file"]
        labels = {"title": "Title of the handout"}
        help_texts = {"file": f"{handout_types.ALLOWED_IN_WORDS}; up to 10 MB."}
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ",".join(handout_types.ALLOWED)})}

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file and file.size > HANDOUT_MAX_BYTES:
            raise forms.ValidationError("The file is too large: the limit is 10 MB.")
        if file and (problem := handout_types.problem_with(file)):
            raise forms.ValidationError(problem)
        return file


ATTENDANCE_CHOICES = [("", "Not recorded"), ("yes", "Came"), ("no", "Did not come")]
ATTENDANCE_VALUES = {"": None, "yes": True, "no": False}


def attendance_value(attended: bool | None) -> str:
    return {None: "", True: "yes", False: "no"}[attended]


class AttendanceForm(forms.Form):
    """One 'came / did not come' choice per guest, named guest_<pk>."""

    def __init__(self, *args, guests, **kwargs):
        super().__init__(*args, **kwargs)
        self.guests = list(guests)
        for guest in self.guests:
            self.fields[self.field_name(guest)] = forms.ChoiceField(
                label=guest.parent.full_name,
                choices=ATTENDANCE_CHOICES,
                required=False,
                initial=attendance_value(guest.attended),
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(guest: Guest) -> str:
        return f"guest_{guest.pk}"

    def rows(self):
        """(guest, bound field) pairs, for the template's table."""
        return [(guest, self[self.field_name(guest)]) for guest in self.guests]

    def attendance(self) -> dict[int, bool | None]:
        return {guest.pk: ATTENDANCE_VALUES[self.cleaned_data[self.field_name(guest)]] for guest in self.guests}


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, parent: ParentCarer) -> str:
        children = ", ".join(link.pupil.full_name for link in getattr(parent, "visible_links", []))
        return f"{parent.full_name} ({children})" if children else parent.full_name


class WalkInForm(forms.Form):
    """A parent or carer who came without an invitation: chosen from the families the member of staff may see."""

    parent = ParentChoiceField(
        label="Parent or carer who came",
        queryset=ParentCarer.objects.none(),
        help_text="Families of the pupils you work with who were not invited.",
    )

    def __init__(self, *args, user, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        pupils = Pupil.objects.visible_to(user).on_register()
        self.fields["parent"].queryset = (
            ParentCarer.objects.filter(pupil_links__pupil__in=pupils)
            .exclude(event_guests__event=event)
            .distinct()
            .order_by("last_name", "first_name")
            .prefetch_related(
                Prefetch(
                    "pupil_links",
                    queryset=PupilParent.objects.filter(pupil__in=pupils).select_related("pupil"),
                    to_attr="visible_links",
                )
            )
        )
        self.pupils = pupils
