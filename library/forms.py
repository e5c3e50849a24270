from datetime import timedelta

from django import forms
from django.utils import timezone

from pupils.models import AreaOfNeed, ParentCarer, Pupil

from .models import Copy, Item

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by title",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    need = forms.ChoiceField(
        label="Suits a need",
        choices=[("", "Any need"), *AreaOfNeed.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["title", "kind", "description", "need", "loan_days"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_loan_days(self):
        days = self.cleaned_data["loan_days"]
        if days < 1:
            raise forms.ValidationError("A loan lasts at least one day.")
        return days


class CopyForm(forms.ModelForm):
    class Meta:
        model = Copy
        fields = ["label", "condition", "withdrawn"]


class ChoosePupilForm(forms.Form):
    """Step one of lending: which child the copy is for."""

    pupil = forms.ModelChoiceField(label="Which child is it for?", queryset=Pupil.objects.none())

    def __init__(self, *args, pupils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = pupils.order_by("legal_last_name", "legal_first_name")
        self.fields["pupil"].label_from_instance = lambda pupil: f"{pupil.full_name} ({pupil.get_year_group_display()})"


class LendForm(forms.Form):
    """Step two: which of the child's parents or carers takes it home, and until when."""

    parent = forms.ModelChoiceField(
        label="Lent to", queryset=ParentCarer.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    due_back_on = forms.DateField(label="Due back on", widget=DATE_INPUT)

    def __init__(self, *args, pupil: Pupil, loan_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        parents = self.fields["parent"]
        parents.queryset = ParentCarer.objects.filter(pupil_links__pupil=pupil).order_by(
            "pupil_links__contact_order", "last_name"
        )
        relationships = {link.parent_id: link.get_relationship_display() for link in pupil.parent_links.all()}
        parents.label_from_instance = lambda parent: f"{parent.full_name} ({relationships[parent.pk]})"
        if len(relationships) == 1:
            parents.initial = next(iter(relationships))
        self.fields["due_back_on"].initial = timezone.localdate() + timedelta(days=loan_days)

    def clean_due_back_on(self):
        due = self.cleaned_data["due_back_on"]
        if due < timezone.localdate():
            raise forms.ValidationError("The due-back date is in the past.")
        return due


class RenewForm(forms.Form):
    due_back_on = forms.DateField(label="New due-back date", widget=DATE_INPUT)


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label="Returned on", widget=DATE_INPUT)
