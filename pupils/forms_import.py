from django import forms

from .importing import max_rows

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class RegisterImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file from your MIS",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": "Choose the CSV file to import.",
            "empty": "The file is empty.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = f"up to 5 MB and {max_rows():,} pupils"
        self.fields["file"].help_text = f"A .csv file, {limit}. Nothing is imported until you have checked the preview."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(
                "Choose a .csv file. In Excel, use File, Save As and pick 'CSV UTF-8 (Comma delimited)'."
            )
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB. Check it is the SEND register export.")
        return upload
