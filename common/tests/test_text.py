"""Every line a person types refuses control characters, and every longer text has a length a person would write:
walked over every model, so a field added later cannot forget."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from common.text import (
    long_text_field,
    refuse_control_characters,
    refuse_stray_control_characters,
)

HOSTILE = "Mai\r\nX-Injected: yes"
# Written by the system, never typed: hashes and tokens, what was sent and why it failed, who looked at what.
MACHINE_WRITTEN = {
    "accounts.User.password",
    "accounts.PortalInvitation.token_hash",
    "audits.QuestionnaireLink.token_hash",
    "documents.PreparedDocument.error",
    "documents.PreparedDocument.left_out",
    "notices.Message.last_error",
    "notices.Message.recipient_name",
    "notices.Message.recipient_address",
    "notices.Message.subject",
    "notices.Message.body_text",
    "notices.Message.body_html",
    "privacy.AccessLogEntry.user_name",
    "privacy.AccessLogEntry.what",
    "privacy.AccessLogEntry.path",
}


def typed_fields(kind):
    """(label, field) for every field of `kind` on the project's own models (not Django's, not the history copies)."""
    found = []
    for model in apps.get_models():
        path = Path(model._meta.app_config.path)
        if (
            not path.is_relative_to(settings.BASE_DIR)
            or ".venv" in path.parts
            or model.__name__.startswith("Historical")
        ):
            continue
        for field in model._meta.concrete_fields:
            label = f"{model._meta.label}.{field.name}"
            if isinstance(field, kind) and field.editable and label not in MACHINE_WRITTEN:
                found.append(pytest.param(model, field, id=label))
    return found


@pytest.mark.parametrize("model, field", typed_fields(models.CharField))
def test_every_line_a_person_types_refuses_a_line_break(model, field):
    with pytest.raises(ValidationError):
        field.clean(HOSTILE, model())
    if not field.choices and not isinstance(field, (models.EmailField, models.URLField, models.SlugField)):
        assert refuse_control_characters in field.validators, "use one_line_field (common/text.py)"


@pytest.mark.parametrize("model, field", typed_fields(models.TextField))
def test_every_longer_text_has_a_length_a_person_would_write(model, field):
    assert refuse_stray_control_characters in field.validators, "use long_text_field (common/text.py)"
    assert field.max_length and field.max_length <= 10_000
    with pytest.raises(ValidationError, match=f"at most {field.max_length} characters"):
        field.clean("a" * (field.max_length + 1), model())
    with pytest.raises(ValidationError, match="invisible control characters"):
        field.clean("Fine\x00then\x1b[2J", model())
    assert field.formfield().widget.attrs["maxlength"] == str(field.max_length)


@pytest.mark.parametrize(
    "value", ["Mai\nX", "Mai\rX", "Mai\tX", "Mai\x00", "Mai\u2028X", "Mai\u2029X", "Mai\x85X", "Mai\x7f"]
)
def test_one_line_refuses_every_kind_of_break_and_control_character(value):
    with pytest.raises(ValidationError, match="Please keep this to one line"):
        refuse_control_characters(value)


@pytest.mark.parametrize("value", ["Zoë O'Brien-Smith", "李小龙", "Мария", "Dr. Nkem (Mum)", "07700 900123"])
def test_one_line_keeps_names_in_any_script_and_punctuation(value):
    refuse_control_characters(value)


def test_a_long_text_keeps_its_line_breaks_and_tabs():
    field = long_text_field(max_length=100)
    field.run_validators("Likes:\r\n\tLego\n\tdrawing")


def test_form_fields_not_taken_from_a_model_check_the_same_way():
    from booking.forms import DeclineForm
    from meetings.forms import CancelForm

    assert "Please keep this to one line" in str(DeclineForm({"note": HOSTILE}).errors)
    assert "at most 1000 characters" in str(CancelForm({"reason": "Snow. " * 200}).errors)
    assert "invisible control characters" in str(CancelForm({"reason": "Snow\x00"}).errors)
    assert CancelForm({"reason": "Snow.\r\nThe school is closed."}).is_valid()
