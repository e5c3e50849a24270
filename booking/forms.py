from django import forms

from accounts.models import Role, User

from .models import ReviewDay


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


class StaffLineForm(forms.Form):
    staff = forms.ModelChoiceField(
        label="Member of staff",
        queryset=User.objects.filter(role__in=[Role.SENCO, Role.STAFF], is_active=True).order_by("last_name"),
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
