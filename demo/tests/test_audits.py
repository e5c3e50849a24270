"""The demo school's partnership audit: last year's, agreed, with actions; built once."""

from datetime import date

from audits.models import AgreedPosition, Audit, AuditAction, AuditResponse, Scope
from demo.audits import build_demo_audit


def test_the_demo_has_last_years_full_audit_agreed_with_actions_and_builds_once(senco):
    today = date(2026, 11, 24)
    created = build_demo_audit(senco, today)
    audit = Audit.objects.get()
    assert audit.held_on.year == 2026 and audit.held_on < date(2026, 9, 1) and audit.scope == Scope.FULL
    assert audit.review_on > today
    assert set(audit.groups) == {"whole_staff", "governors", "parents"}
    assert AuditResponse.objects.filter(audit=audit).count() == 40 * 3 == created["audit responses"]
    agreed = AgreedPosition.objects.filter(audit=audit)
    assert agreed.count() == 40 and not agreed.filter(rating="").exists()
    assert set(agreed.values_list("rating", flat=True)) == {"in_place", "partly", "not_yet"}
    actions = AuditAction.objects.filter(audit=audit)
    assert set(actions.values_list("status", flat=True)) == {"done", "in_progress"} and 3 <= actions.count() <= 4
    assert all(a.completed_on < today for a in actions.filter(status="done"))

    assert build_demo_audit(senco, today) == {}
    assert Audit.objects.count() == 1 and AuditResponse.objects.count() == 120
