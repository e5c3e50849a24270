from dataclasses import dataclass

from django import forms

from . import csv_formats
from .ctf import MAX_CTF_BYTES

LIMIT = f"{MAX_CTF_BYTES // (1024 * 1024)} MB"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="File from your MIS",
        help_text=f"A Common Transfer File (.xml) or a CSV export with pupils and their contacts, up to {LIMIT}. "
        "Nothing changes until you have checked the preview and pressed Apply.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.csv,text/csv,text/xml,application/xml"}),
        error_messages={"required": "Choose the file to import.", "empty": "The file is empty."},
    )
    partial = forms.BooleanField(
        label="This file does not hold every pupil (a partial export)",
        required=False,
        help_text="Tick it for a file of some pupils only (new starters, one year group): then nobody missing from "
        "it is marked as having left. A CTF that says it is partial is read as partial anyway.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CTF_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is {upload.size / (1024 * 1024):.1f} MB: the limit is {LIMIT}. "
                "Check it is the export of pupils and contacts."
            )
        return upload


class EncodingForm(forms.Form):
    """The SENCO confirms the text encoding the portal guessed for a file that is not UTF-8."""

    encoding = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, guess: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.guess = guess

    def clean_encoding(self):
        if self.cleaned_data["encoding"] != self.guess:
            raise forms.ValidationError("That is not the encoding shown on this page. Look at the names again.")
        return self.guess


@dataclass(frozen=True)
class MappingChoice:
    """One question on the columns page: which column holds this (`key` as csv_formats mappings store it: a field
    name, with ":2" for the second contact's column in a file with numbered contact columns)."""

    key: str
    label: str
    required: bool


def mapping_choices(suggestion: dict[str, str]) -> list[MappingChoice]:
    """The pupil's fields, then the contacts' fields: once for a file with one row per contact, or for each numbered
    contact the guess found."""
    choices = [MappingChoice(f.name, f.label, f.required) for f in csv_formats.PUPIL_FIELDS]
    numbers = sorted({int(key.partition(":")[2]) for key in suggestion if key.partition(":")[2].isdigit()})
    if not numbers:
        return choices + [
            MappingChoice(f.name, f"Contact: {f.label.lower()}", False) for f in csv_formats.CONTACT_FIELDS
        ]
    for number in range(1, max(numbers) + 1):
        choices += [
            MappingChoice(f"{f.name}:{number}", f"Contact {number}: {_plain(f.label)}", False)
            for f in csv_formats.CONTACT_FIELDS
        ]
    return choices


def _plain(label: str) -> str:
    """ "Contact's email" as the second half of "Contact 2: email"."""
    return label.removeprefix("Contact's ").removeprefix("contact's ")


def _field_name(key: str) -> str:
    return key.replace(":", "__")


class ColumnsForm(forms.Form):
    """One choice per field of the import: which of the file's columns holds it."""

    def __init__(self, *args, headings: list[str], suggestion: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not in this file"), *((heading, heading) for heading in headings if heading)]
        self.keys = {}
        for choice in mapping_choices(suggestion):
            name = _field_name(choice.key)
            self.keys[name] = choice.key
            self.fields[name] = forms.ChoiceField(
                label=choice.label,
                choices=choices,
                required=choice.required,
                initial=suggestion.get(choice.key, ""),
                error_messages={
                    "required": f"Choose the column that holds the {choice.label}: it is needed.",
                    "invalid_choice": "Choose one of the file's own columns.",
                },
            )
            self.fields[name].widget.attrs["class"] = "form-select"

    def clean(self):
        cleaned = super().clean()
        used: dict[str, str] = {}
        for name, heading in list(cleaned.items()):
            if not heading:
                continue
            if heading in used:
                self.add_error(name, f"'{heading}' is already chosen for {self.fields[used[heading]].label}.")
            used[heading] = name
        return cleaned

    def mapping(self) -> dict[str, str]:
        return {self.keys[name]: heading for name, heading in self.cleaned_data.items() if heading}
