"""Forms for acting on the audit: making an action from a point for action, updating it, and filtering the plan."""

from django import forms
from django.utils import timezone

from accounts.models import User
from pupils.forms import DateInput

from .actions import SHOW_CHOICES, STILL_TO_DO, completion_date, possible_owners
from .models import Audit, AuditAction, AuditQuestion


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        return f"{user.get_full_name()} ({user.job_title or user.get_role_display()})"


class ActionForm(forms.ModelForm):
    """A new action. The question is one of the audit's, or none for a point typed in afresh."""

    question = forms.ModelChoiceField(
        queryset=AuditQuestion.objects.none(),
        required=False,
        empty_label="Not about one question",
        label="From question",
    )
    owner = OwnerChoiceField(queryset=User.objects.none(), label="Who will do it", empty_label="Choose someone")

    class Meta:
        model = AuditAction
        fields = ["question", "description", "owner", "priority", "due_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_on": DateInput()}
        help_texts = {"description": "In a sentence: what will change, so that a parent would notice."}

    def __init__(self, *args, audit: Audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.audit = audit
        self.fields["question"].queryset = audit.questions_in_scope()
        self.fields["question"].label_from_instance = lambda q: f"{q.reference} {q.text}"
        self.fields["owner"].queryset = possible_owners()

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        changed = self.instance.pk is None or due_on != self.initial.get("due_on")
        if changed and due_on < timezone.localdate():
            raise forms.ValidationError("Choose a date from today onwards.")
        return due_on


class ActionUpdateForm(ActionForm):
    """An action as it goes along: everything above, where it stands, and notes on progress."""

    class Meta(ActionForm.Meta):
        fields = ["question", "description", "owner", "priority", "due_on", "status", "completed_on", "notes"]
        widgets = ActionForm.Meta.widgets | {
            "completed_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = ActionForm.Meta.help_texts | {
            "completed_on": "Filled in with today when you mark it done; change it if it was done earlier.",
            "notes": "What has happened so far, and what is left.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Someone who has left can stay the owner of an action they had, until it is handed on; and a question
        # hidden since keeps its actions.
        self.fields["owner"].queryset = possible_owners() | User.objects.filter(pk=self.instance.owner_id)
        self.fields["question"].queryset = self.fields["question"].queryset | AuditQuestion.objects.filter(
            pk=self.instance.question_id
        )

    def clean(self):
        cleaned = super().clean()
        completed_on = cleaned.get("completed_on")
        if completed_on and completed_on > timezone.localdate():
            self.add_error("completed_on", "The day it was done cannot be in the future.")
        elif "status" in cleaned:
            cleaned["completed_on"] = completion_date(cleaned["status"], completed_on, timezone.localdate())
        return cleaned


class ActionPlanFilter(forms.Form):
    show = forms.ChoiceField(choices=SHOW_CHOICES, required=False, label="Show")
    audit = forms.ModelChoiceField(queryset=Audit.objects.all(), required=False, empty_label="Every audit")
    owner = OwnerChoiceField(queryset=User.objects.none(), required=False, empty_label="Anyone", label="Who does it")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(pk__in=AuditAction.objects.values("owner")).order_by(
            "last_name", "first_name"
        )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self) -> dict:
        """The filters that are valid; a bad value in one is ignored and the others still apply."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "show": data.get("show") or STILL_TO_DO,
            "audit": data.get("audit"),
            "owner": data.get("owner"),
        }
