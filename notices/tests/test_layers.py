"""notices imports no domain app: the apps that send messages register their kinds with it (notices/__init__.py)."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template.loader import get_template

from notices import kinds
from notices.models import Message

NOTICES = Path(__file__).resolve().parent.parent
# The apps below notices, and the one module of privacy every page of a pupil's record writes to.
ALLOWED = {"notices", "accounts", "school", "pupils", "privacy.access_log"}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, wherever the import is (in a function, under TYPE_CHECKING)."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules |= {f"{node.module}.{alias.name}" for alias in node.names} | {node.module}
    return modules


def project_apps() -> set[str]:
    """The project's own apps (each a folder at the top of the project), not Django's or third parties'."""
    return {app.name for app in apps.get_app_configs() if Path(app.path).parent == Path(settings.BASE_DIR)}


def test_notices_imports_no_domain_app():
    domain_apps = project_apps() - {"notices", "accounts", "school", "pupils"}
    assert {"meetings", "booking", "events", "library", "contacts", "audits", "documents", "portal", "sen_letters"} <= (
        domain_apps
    )
    found = {}
    for path in NOTICES.rglob("*.py"):
        if "tests" in path.relative_to(NOTICES).parts:
            continue  # the tests exercise the machinery with real kinds, and may import their apps
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top in domain_apps and not any(module == ok or module.startswith(f"{ok}.") for ok in ALLOWED):
                found.setdefault(str(path.relative_to(NOTICES)), set()).add(module)
    assert found == {}


def test_every_kind_stored_so_far_is_registered_by_its_app():
    registered = {kind.value: kind for kind in kinds.registered()}
    assert set(registered) == {
        "notice",
        "reminder",
        "phone_reminder",
        "change",
        "cancellation",
        "staff_reminder",
        "record_due",
        "record_overdue",
        "invitation",
        "event_invitation",
        "event_reminder",
        "loan_due_back",
        "record_shared",
        "record_updated",
        "sen_status_letter",
        "plan_for_review",
    }
    owners = {value: kind.context.__module__.split(".")[0] for value, kind in registered.items()}
    assert owners["notice"] == owners["record_due"] == "meetings"
    assert (owners["invitation"], owners["event_reminder"], owners["loan_due_back"]) == ("booking", "events", "library")
    assert owners["record_shared"] == owners["record_updated"] == "documents"
    assert owners["sen_status_letter"] == "sen_letters"
    assert owners["plan_for_review"] == "plan_comments"
    # The database column offers exactly the registered kinds, with their labels (the admin's filter, the logs).
    assert list(Message._meta.get_field("kind").choices) == kinds.choices()


def test_every_kind_has_its_three_templates_and_a_subject_field_on_message():
    message_fields = {field.name for field in Message._meta.get_fields()}
    for kind in kinds.registered():
        for part in ("subject.txt", "body.txt", "body.html"):
            get_template(f"{kind.templates}/{part}")
        assert kind.subject.field in message_fields


def test_the_office_sees_only_the_kinds_sent_to_parents():
    office_kinds = {kind.value for kind in kinds.registered() if "office" in kind.seen_by}
    assert office_kinds == set(kinds.parent_kinds())
    assert {"staff_reminder", "record_due", "record_overdue"}.isdisjoint(office_kinds)
