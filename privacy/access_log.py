"""The access log: every look at a pupil's record, every PDF downloaded and every export, with who, when and what.

Other modules call `record` (or, for a page showing a pupil's record, put `LogsRecordViewMixin` first in its
bases). The SENCO reads the log per pupil on "Who has looked at this record".
"""

from typing import TYPE_CHECKING

from django.http import HttpRequest

from .models import AccessAction, AccessLogEntry

if TYPE_CHECKING:  # the access log sits below the register (docs/architecture.md): names for type hints only
    from pupils.models import ParentCarer, Pupil

__all__ = ["AccessAction", "LogsRecordViewMixin", "record"]


def record(
    request: HttpRequest,
    action: AccessAction,
    *,
    pupil: "Pupil | None" = None,
    parent: "ParentCarer | None" = None,
    what: str,
) -> None:
    """Write one access log entry for the signed-in person: `what` in a few words, e.g.
    "Meeting record, version 2 (PDF)"; `pupil` (or `parent`) left out only for a batch about many people."""
    user = request.user
    if not user.is_authenticated:
        return
    AccessLogEntry.objects.create(
        user=user,
        user_name=user.get_full_name() or user.email,
        user_role=user.role,
        action=action,
        pupil=pupil,
        parent=parent,
        what=what[: AccessLogEntry._meta.get_field("what").max_length],
        path=request.get_full_path()[: AccessLogEntry._meta.get_field("path").max_length],
    )


class LogsRecordViewMixin:
    """For a page showing a pupil's record: each page shown (a GET answered 200) writes one 'viewed' entry.
    Put it first in the bases.

    Set `access_log_what`; override `access_log_pupil` when the view has no `get_pupil`, and `describe_access`
    when the words depend on the object shown.
    """

    access_log_what = ""

    def access_log_pupil(self) -> "Pupil":
        return self.get_pupil()

    def describe_access(self) -> str:
        return self.access_log_what

    def dispatch(self, request, *args, **kwargs):
        # Around dispatch, not get: after the role and scope checks, and whatever `get` the view has.
        response = super().dispatch(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            record(request, AccessAction.VIEWED, pupil=self.access_log_pupil(), what=self.describe_access())
        return response
