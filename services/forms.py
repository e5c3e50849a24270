from django import forms
from django.db import models

from pupils.models import AreaOfNeed

from .models import SupportService


def https_by_default(field, **kwargs):
    """A web address typed without http(s):// is taken as https://, as browsers take it."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class SupportServiceForm(forms.ModelForm):
    """A service in the directory. The needs it serves are ticked from the pupil areas of need (none: all needs)."""

    needs = forms.MultipleChoiceField(
        label="Needs it serves",
        choices=AreaOfNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave all unticked if it helps with any need. Families whose child has a ticked need see it first.",
    )

    class Meta:
        model = SupportService
        formfield_callback = https_by_default
        fields = [
            "name",
            "kind",
            "what_they_do",
            "needs",
            "reach",
            "phone",
            "email",
            "website",
            "address",
            "opening_times",
            "order",
            "active",
        ]
        widgets = {"what_they_do": forms.Textarea(attrs={"rows": 3}), "address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"what_they_do": "What it helps with, in one or two short sentences of everyday words."}

    def clean_needs(self) -> list[str]:
        chosen = set(self.cleaned_data.get("needs") or [])
        return [need for need in AreaOfNeed.values if need in chosen]  # the census order, each need once
