"""The table of who may do what: every action named in a view, in Python or in a template is in the table, every
action in the table is asked somewhere, and an unknown one fails loudly."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.views import View

from accounts.models import Role, User
from accounts.permissions import ACTIONS, ActionRequiredMixin

ROOT = Path(settings.BASE_DIR)
# required_action = "x", user.can("x"), user_can(user, "x"), and in templates user|can:"x"
ASKED = re.compile(
    r"""required_action = "([\w.]+)"|\.can\("([\w.]+)"\)|user_can\(\w+, "([\w.]+)"\)"""
    r"""|\|can:["']([\w.]+)["']"""
)


def asked_actions() -> dict[str, set[str]]:
    """Every action name the code and templates ask about, and where."""
    asked: dict[str, set[str]] = {}
    folders = [folder for folder in ROOT.iterdir() if folder.is_dir() and not folder.name.startswith(".")]
    for path in (path for folder in folders for ending in ("*.py", "*.html") for path in folder.rglob(ending)):
        relative = path.relative_to(ROOT)
        if "tests" in relative.parts or relative == Path("accounts/permissions.py"):
            continue  # tests, and the table itself
        for match in ASKED.finditer(path.read_text()):
            asked.setdefault(next(group for group in match.groups() if group), set()).add(str(relative))
    return asked


def test_every_action_asked_is_in_the_table():
    unknown = {action: sorted(where) for action, where in asked_actions().items() if action not in ACTIONS}
    assert unknown == {}, "not in accounts/permissions.py"


def test_every_action_in_the_table_is_asked_somewhere():
    assert set(ACTIONS) - set(asked_actions()) == set(), "no view, code or template asks for these"


def test_the_table_names_only_real_roles():
    for action, roles in ACTIONS.items():
        assert roles and roles <= set(Role.values), action


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        (Role.SENCO, "register.import", True),
        (Role.STAFF, "register.import", False),
        (Role.OFFICE, "booking.book", True),
        (Role.OFFICE, "events.view", False),
        (Role.HEAD, "audit.view", True),
        (Role.HEAD, "audit.run", False),
        (Role.PARENT, "portal.use", True),
        (Role.PARENT, "register.view", False),
    ],
)
def test_user_can(role, action, allowed):
    assert User(role=role).can(action) is allowed


def test_an_unknown_action_fails_loudly():
    with pytest.raises(KeyError):
        User(role=Role.SENCO).can("register.veiw")
    with pytest.raises(ImproperlyConfigured, match="register.veiw"):
        type("MisspeltView", (ActionRequiredMixin, View), {"required_action": "register.veiw"})
    with pytest.raises(KeyError):
        Template('{% load permissions %}{% if user|can:"register.veiw" %}x{% endif %}').render(
            Context({"user": AnonymousUser()})
        )


def test_a_signed_out_visitor_may_do_nothing():
    page = Template('{% load permissions %}{% if user|can:"portal.use" %}in{% else %}out{% endif %}')
    assert page.render(Context({"user": AnonymousUser()})) == "out"
    assert page.render(Context({"user": User(role=Role.YOUNG_PERSON)})) == "in"
