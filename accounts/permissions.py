"""Who may open which page: every view names the roles it serves, checked on the server."""

from collections.abc import Iterable

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

from .models import Role


class RoleRequiredMixin(AccessMixin):
    """Allow only signed-in users whose role is in `allowed_roles`; others get 403."""

    allowed_roles: Iterable[str] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.user.role not in self.allowed_roles:
            raise PermissionDenied("Your role does not give access to this page.")
        return super().dispatch(request, *args, **kwargs)


SEN_ROLES = (Role.SENCO, Role.STAFF)
