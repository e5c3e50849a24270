"""Building audits, agreed positions and actions for the tests of acting on the audit, reports and documents."""

import datetime
from zoneinfo import ZoneInfo

from audits.models import AgreedPosition, Audit, AuditAction, AuditQuestion, Priority, Rating

LONDON = ZoneInfo("Europe/London")


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def question(reference: str) -> AuditQuestion:
    """'C4' is Communication question 4."""
    keys = {"C": "communication", "I": "involvement", "S": "support"}
    return AuditQuestion.objects.select_related("section").get(
        section__key=keys[reference[0]], number=int(reference[1:])
    )


def make_audit(senco, **fields) -> Audit:
    defaults = {
        "title": "Working with parents 2026",
        "held_on": datetime.date(2026, 11, 25),
        "review_on": datetime.date(2027, 7, 1),
        "groups": ["whole_staff", "parents"],
        "created_by": senco,
    }
    return Audit.objects.create(**defaults | fields)


def agree(audit, reference, rating=Rating.PARTLY, points="", practice="", by=None) -> AgreedPosition:
    return AgreedPosition.objects.create(
        audit=audit,
        question=question(reference),
        rating=rating,
        current_practice=practice or f"What we do now about {reference}.",
        points_for_action=points,
        agreed_by=by or audit.created_by,
    )


def make_action(audit, owner, due_on, reference=None, **fields) -> AuditAction:
    defaults = {
        "description": "Put up signs to reception at both gates.",
        "priority": Priority.MEDIUM,
        "created_by": audit.created_by,
    }
    return AuditAction.objects.create(
        audit=audit,
        owner=owner,
        due_on=due_on,
        question=question(reference) if reference else None,
        **defaults | fields,
    )
