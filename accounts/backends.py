"""The sign-in backend: Django's own, reading a parent's contact record with their account."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        # Every page a parent opens reads their contact record (large print, the portal's own pages): read with the
        # account, in the query each request makes anyway, it costs no query of its own. The relation is named, not
        # imported: pupils/ sits above accounts/.
        users = get_user_model()._default_manager.select_related("parent_record")
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
