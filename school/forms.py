from django import forms
from django.db import models

from .models import School


def https_by_default(field, **kwargs):
    """A web address typed without http(s):// is taken as https://, as browsers take it."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class SchoolSettingsForm(forms.ModelForm):
    """What the SENCO or the head keeps up to date for families: how to reach the school, who's who, and the
    documents the school publishes. (When reminders go, the DfE numbers and who sees the register stay in the admin.)"""

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
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            name: {"invalid": "Give the full web address of the page, for example https://www.school.example/send."}
            for name in ("sen_information_report_url", "sen_policy_url", "complaints_procedure_url", "local_offer_url")
        }

    def sections(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [(heading, about, [self[name] for name in names]) for heading, about, names in self.SECTIONS]
