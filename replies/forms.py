"""The reply form: one of three answers, the days and times that suit, and what the family would like the meeting to
know. Text longer than its limit is refused with a message saying by how much, and shown again as typed: never cut.
(No `maxlength` on the boxes either: a browser cuts pasted text to it without a word.)"""

from django import forms
from django.core.exceptions import ValidationError

from common.text import refuse_stray_control_characters

from .models import NOTE_LENGTH, TIMES_LENGTH, VIEWS_LENGTH, Answer, answer_choices


def limit(length: int):
    def check(value: str) -> None:
        if len(value) > length:
            over = len(value) - length
            raise ValidationError(
                f"This is {len(value):,} characters long. Please keep it to {length:,} or fewer: take out {over:,} "
                f"character{'s' if over != 1 else ''}. Everything you typed is still here.",
                code="too_long",
            )

    return check


def text_box(label: str, length: int, help_text: str = "", rows: int = 3) -> forms.CharField:
    field = forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        validators=[refuse_stray_control_characters, limit(length)],
        widget=forms.Textarea(attrs={"rows": rows}),
    )
    field.limit = length  # the page says it, and counts as the family types (static/js/replies.js)
    return field


class ReplyForm(forms.Form):
    answer = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose one of the answers.",
            "invalid_choice": "Please choose one of the answers.",
        },
    )
    suits_times = text_box(
        "Which days and times suit you?",
        TIMES_LENGTH,
        "For example: Tuesdays or Thursdays after 3pm, or any morning next week.",
        rows=2,
    )
    note = text_box("Anything else we should know? (optional)", NOTE_LENGTH, rows=2)
    talk_about = text_box("What would you like to talk about?", VIEWS_LENGTH, rows=4)
    home_views = text_box(
        "How are things at home?", VIEWS_LENGTH, "What is going well, and what is hard at the moment.", rows=4
    )
    young_person_views = text_box("Your own views", VIEWS_LENGTH, rows=4)

    def __init__(self, *args, review_day: bool = False, young_person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = answer_choices(review_day)
        if review_day:
            self.fields["suits_times"].label = "Which times suit you?"
            self.fields[
                "suits_times"
            ].help_text = "On the day, or the days and times that suit you if you need another day."
        if young_person is None:
            del self.fields["young_person_views"]
        else:
            name = young_person.first_name
            views = self.fields["young_person_views"]
            views.label = f"{name}'s own views (optional)"
            views.help_text = f"{name} can write here, in their own words, what they would like us to know."

    def clean(self):
        data = super().clean()
        no_times = not data.get("suits_times", "").strip() and "suits_times" not in self.errors
        if data.get("answer") == Answer.ANOTHER_TIME and no_times:
            self.add_error("suits_times", "Please tell us which days and times suit you, so we can offer one.")
        return data
