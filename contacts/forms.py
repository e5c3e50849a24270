from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role, User
from common.text import long_text_input
from pupils.models import ParentCarer, Pupil
from school.models import School

from .models import Contact


def who_may_respond(pupil: Pupil):
    """The SENCO and the staff who can see this pupil: anyone else would never see the concern in their list."""
    staff = User.objects.filter(role=Role.STAFF)
    if not School.load().staff_see_whole_register:
        staff = staff.filter(Q(key_worker_for=pupil) | Q(class_teacher_for=pupil) | Q(teaching_assistant_for=pupil))
    return User.objects.filter(Q(role=Role.SENCO) | Q(pk__in=staff.values("pk")), is_active=True).order_by(
        "first_name", "last_name"
    )


class ContactForm(forms.ModelForm):
    """Log a contact. 'A concern was raised' needs someone to respond: the key worker, else the SENCO, by default."""

    assigned_to = forms.ModelChoiceField(
        label="Who will respond (if a concern was raised)",
        queryset=User.objects.none(),
        required=False,
        help_text="A response is due within 24 hours, counting school days only.",
    )

    class Meta:
        model = Contact
        fields = [
            "parent",
            "channel",
            "direction",
            "happened_at",
            "summary",
            "is_positive_news",
            "raises_concern",
        ]
        widgets = {
            "happened_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        }

    def __init__(self, *args, pupil: Pupil, default_assignee: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pupil = pupil
        self.fields["parent"].queryset = ParentCarer.objects.filter(pupil_links__pupil=pupil).order_by("last_name")
        self.fields["assigned_to"].queryset = who_may_respond(pupil)
        self.fields["assigned_to"].initial = default_assignee
        self.fields["happened_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean_happened_at(self):
        happened_at = self.cleaned_data["happened_at"]
        if happened_at and happened_at > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError("This is in the future: log a contact once it has happened.")
        return happened_at

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("raises_concern"):
            if cleaned.get("direction") == "out":
                self.add_error("raises_concern", "A concern is raised by the family: choose 'From the family'.")
            if not cleaned.get("assigned_to"):
                self.add_error("assigned_to", "Choose who will respond to the concern.")
        return cleaned


class ResponseForm(forms.Form):
    response_summary = long_text_input(
        label="What we said or did",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )
