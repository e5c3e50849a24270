"""SESSION_ENGINE: sessions in the database, exactly as django.contrib.sessions.backends.db keeps them, read in one
query with the stamp on the school's settings. Nearly every page shows something of the school's settings, and
each process keeps its copy of them while that stamp holds (school/models.py): read here, the check costs no query
of its own (issue 24)."""

import logging

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from school.models import School


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        # Django's own, with the stamp read alongside.
        try:
            session = self.model.objects.annotate(school_stamp=School.stamp_query()).get(
                session_key=self.session_key, expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as e:
            if isinstance(e, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{e.__class__.__name__}")
                logger.warning(str(e))
            self._session_key = None
            return None
        School.stamp_read(session.school_stamp)
        return session
