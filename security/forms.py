from django import forms

from .two_step import check_code

CODE_ATTRS = {
    "autocomplete": "one-time-code",
    "inputmode": "numeric",
    "autocapitalize": "off",
    "spellcheck": "false",
    "class": "form-control form-control-lg code-input",
}


class CodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code. `device` limits it to one device (setting up)."""

    code = forms.CharField(label="Code", max_length=20, widget=forms.TextInput(attrs=CODE_ATTRS))

    def __init__(self, *args, user, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device
        self.accepted_by = None

    def clean_code(self):
        self.accepted_by, problem = check_code(self.user, self.cleaned_data["code"], device=self.device)
        if problem:
            raise forms.ValidationError(problem)
        return self.cleaned_data["code"]


class PasswordCheckForm(forms.Form):
    """The person's own password, asked again before two-step sign-in is turned off."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError("That is not your password.", code="wrong_password")
        return self.cleaned_data["password"]
