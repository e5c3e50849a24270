"""The comment form: what is going well, what worries the family, what they would like changed. Each box is
optional, but something must be said. Text longer than its limit is refused with a message saying by how much, and
shown again as typed: never cut."""

from django import forms

from replies.forms import text_box

from .models import COMMENT_LENGTH

NOTHING_SAID = "Please write something in at least one of the boxes, or phone us if you would rather talk."


class CommentForm(forms.Form):
    going_well = text_box(
        "What is going well?", COMMENT_LENGTH, "At school or at home: what is working for your child.", rows=4
    )
    worries = text_box("Is anything worrying you?", COMMENT_LENGTH, "About the plan, or anything else.", rows=4)
    changes = text_box(
        "What would you like to change?",
        COMMENT_LENGTH,
        "In the plan: the outcomes, the help, or anything else.",
        rows=4,
    )

    def __init__(self, *args, child=None, **kwargs):
        super().__init__(*args, **kwargs)
        if child is not None:
            self.fields["going_well"].help_text = f"At school or at home: what is working for {child.first_name}."

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(name, "").strip() for name in self.fields):
            raise forms.ValidationError(NOTHING_SAID, code="nothing_said")
        return data
