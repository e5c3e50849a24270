"""Helpers for the demo school's tests."""

from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone


def run_demo_school() -> str:
    out = StringIO()
    call_command("demo_school", stdout=out)
    return out.getvalue()


def pin_today(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """As if it were half past twelve on `day`: the demo builds everything relative to today."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return real(value, timezone) if value is not None else day

    now = timezone.make_aware(datetime.combine(day, time(12, 30)))
    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)


def built_on(day: date | None) -> str:
    """A test's name for the day its demo school was built on."""
    return f"demo of {day}" if day else "demo of today"
