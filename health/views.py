from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import checks


@login_not_required  # monitoring signs in as nobody
@never_cache
@require_safe
@transaction.non_atomic_requests  # a lost database must be reported as such (503), not fail opening a transaction
def status(request):
    """For monitoring: 200 when the database, Redis, a worker and the mail server are all well, 503 otherwise; the
    JSON says which failed and what to check, e.g. {"database": "ok", "redis": "not configured", "worker": "no
    heartbeat for 7 minutes: ...", "email": "ok"}."""
    answers = checks.report()
    return JsonResponse(answers, status=200 if checks.healthy(answers) else 503)
