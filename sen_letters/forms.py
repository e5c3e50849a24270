from django import forms

from common.text import one_line_input

from .models import SenStatusLetter


class LetterTextForm(forms.ModelForm):
    """The letter's words, as the SENCO checks and changes them. Saving the default words unchanged keeps the letter
    following the school's settings (a link added there later still reaches it)."""

    class Meta:
        model = SenStatusLetter
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 30, "spellcheck": "true"})}
        labels = {"text": "The letter"}
        help_texts = {
            "text": "Plain words. A short line on its own is a heading; a line starting with '- ' is a bullet point; "
            "a blank line starts a new paragraph. 'Dear ...' and your signature are added for each parent."
        }

    def __init__(self, *args, default: str, **kwargs):
        self.default = default
        super().__init__(*args, **kwargs)
        self.fields["text"].required = True
        self.fields["text"].error_messages["required"] = (
            "The letter has no words: write them, or choose 'Start again from the default words'."
        )
        if not self.instance.text:
            self.initial["text"] = default

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].replace("\r\n", "\n").strip()
        return "" if text == self.default.strip() else text


class SetAsideForm(forms.Form):
    reason = one_line_input(
        label="Why it is not being sent",
        max_length=300,
        help_text="For example 'A correction: the status was entered by mistake' or 'Told the family in person'.",
        error_messages={"required": "Say why this letter is not being sent: the reason is kept with it."},
    )
