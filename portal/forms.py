from django import forms

from pupils.models import ParentCarer


class ContactPreferenceForm(forms.ModelForm):
    class Meta:
        model = ParentCarer
        fields = ["preferred_contact_method", "best_times_to_contact"]
        labels = {
            "preferred_contact_method": "How would you like us to contact you?",
            "best_times_to_contact": "When is the best time to contact you?",
        }
        help_texts = {"best_times_to_contact": "For example 'after 3pm' or 'not on Mondays'. You can leave this empty."}
        widgets = {"preferred_contact_method": forms.RadioSelect}
