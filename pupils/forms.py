from django import forms
from django.utils import timezone

from accounts.models import Role, User

from .models import (
    OnePageProfile,
    ParentCarer,
    ProfessionalInvolvement,
    Pupil,
    PupilParent,
    SenStatus,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def school_staff():
    """People who can be linked with a pupil: the SENCO and staff."""
    return User.objects.filter(role__in=(Role.SENCO, Role.STAFF), is_active=True)


class PupilForm(forms.ModelForm):
    class Meta:
        model = Pupil
        fields = [
            "legal_first_name",
            "legal_last_name",
            "preferred_name",
            "date_of_birth",
            "year_group",
            "form",
            "upn",
            "sen_status",
            "primary_need",
            "secondary_need",
            "added_to_register_on",
            "key_worker",
            "class_teacher",
            "teaching_assistants",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "added_to_register_on": DateInput(),
            "teaching_assistants": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("key_worker", "class_teacher", "teaching_assistants"):
            self.fields[name].queryset = school_staff()
        self.fields["teaching_assistants"].help_text = "Hold Ctrl (or Cmd) to choose more than one."

    def clean_upn(self):
        return (self.cleaned_data.get("upn") or "").strip().upper() or None

    def clean(self):
        cleaned = super().clean()
        # A pupil with no SEN (from the MIS) joins the register the day they are added to SEN support, unless the
        # SENCO gives another date: the date the MIS import wrote for them says nothing about the register.
        joining = self.initial.get("sen_status") == SenStatus.NO_SEN and cleaned.get("sen_status") not in (
            None,
            SenStatus.NO_SEN,
        )
        if joining and "added_to_register_on" not in self.changed_data:
            cleaned["added_to_register_on"] = timezone.localdate()
            self.instance.added_to_register_on = cleaned["added_to_register_on"]
        return cleaned


class PupilRemovalForm(forms.ModelForm):
    REASONS = [
        "No longer needs SEN support",
        "Left the school",
        "Moved to specialist provision",
        "Moved to the EHC plan register of another school",
    ]

    class Meta:
        model = Pupil
        fields = ["removed_from_register_on", "removal_reason"]
        widgets = {
            "removed_from_register_on": DateInput(),
            "removal_reason": forms.TextInput(attrs={"list": "removal-reasons"}),
        }
        labels = {"removed_from_register_on": "Date removed from the register", "removal_reason": "Reason"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["removed_from_register_on"].required = True
        self.fields["removal_reason"].required = True


class OnePageProfileForm(forms.ModelForm):
    class Meta:
        model = OnePageProfile
        fields = list(OnePageProfile.SECTIONS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in OnePageProfile.SECTIONS}


class ProfessionalForm(forms.ModelForm):
    class Meta:
        model = ProfessionalInvolvement
        fields = ["service", "name", "contact", "parents_consented_on", "notes"]
        widgets = {"parents_consented_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class ParentCarerForm(forms.ModelForm):
    class Meta:
        model = ParentCarer
        fields = [
            "title",
            "first_name",
            "last_name",
            "email",
            "mobile_phone",
            "home_phone",
            "work_phone",
            "address",
            "preferred_contact_method",
            "best_times_to_contact",
            "preferred_language",
            "needs_interpreter",
            "needs_hearing_support",
            "needs_large_print",
            "needs_literacy_support",
            "access_notes",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "access_notes": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("preferred_contact_method")
        if method == "email" and not cleaned.get("email"):
            self.add_error("email", "Give an email address, or choose another way to contact them.")
        if method in ("phone", "text") and not (cleaned.get("mobile_phone") or cleaned.get("home_phone")):
            self.add_error("mobile_phone", "Give a phone number, or choose another way to contact them.")
        if method == "letter" and not cleaned.get("address"):
            self.add_error("address", "Give a postal address for letters.")
        return cleaned


class PupilParentForm(forms.ModelForm):
    class Meta:
        model = PupilParent
        fields = ["relationship", "has_parental_responsibility", "lives_with_pupil", "contact_order"]
        labels = {"has_parental_responsibility": "Has parental responsibility"}
