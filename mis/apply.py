"""Applying an import plan (`importer.plan_import`): exactly the previewed changes, in one transaction, all or none.

In batches, a constant number of queries per batch whatever the size of the school; each change goes into the
pupils' and parents' history with who made it and why ("From the MIS (file name)").
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pupils import sen_changes
from pupils.models import ContactMethod, ParentCarer, Pupil, PupilParent, Relationship
from pupils.sen_changes import SenChange

from .importer import (
    BATCH_SIZE,
    LEFT_REASON,
    PARENT_FIELDS,
    Decisions,
    ImportPlan,
    check_decisions,
    link_differs,
)


def apply_plan(plan: ImportPlan, *, user=None, decisions: Decisions | None = None, reason: str = "") -> None:
    """Make the plan's changes in one transaction, all or none. `plan` must have no problems."""
    if not plan.ok:
        raise ValueError("A plan with problems cannot be applied.")
    decisions = decisions or Decisions()
    check_decisions(plan, decisions)
    reason = reason or f"From the MIS ({plan.source})"
    history = {"default_user": user, "default_change_reason": reason}
    with transaction.atomic():
        changes: list[SenChange] = []
        pupil_by_upn = _apply_pupils(plan, history, changes)
        _apply_leavers(plan, history, changes)
        _apply_contacts(plan, decisions, pupil_by_upn, history)
        # Made with the changes, in one go: what follows (a letter to draft for each family) is made in bulk too.
        sen_changes.report(changes)


def first_way_to_reach(parent: ParentCarer) -> str:
    """How to reach a parent new from the MIS until they or the office say otherwise: email if the MIS has an
    address, then a letter, then a phone call (a parent without an email address cannot be emailed)."""
    if parent.email:
        return ContactMethod.EMAIL
    if parent.address:
        return ContactMethod.LETTER
    if parent.mobile_phone or parent.home_phone or parent.work_phone:
        return ContactMethod.PHONE
    return ContactMethod.LETTER


def _change(pupil: Pupil, before: str, history: dict) -> SenChange:
    after = sen_changes.standing(pupil)
    return SenChange(
        pupil, before, after, timezone.localdate(), history["default_user"], history["default_change_reason"]
    )


def _apply_pupils(plan: ImportPlan, history: dict, changes: list[SenChange]) -> dict[str, Pupil]:
    new = [Pupil(**values) for values in (p.values for p in plan.new_pupils)]
    created = bulk_create_with_history(new, Pupil, batch_size=BATCH_SIZE, **history)
    pupil_by_upn = {pupil.upn: pupil for pupil in created}
    changed, fields = [], set()
    for pupil_plan in plan.pupils:
        if pupil_plan.pupil is None:
            continue
        pupil = pupil_plan.pupil
        pupil_by_upn[pupil_plan.upn] = pupil
        if pupil_plan.changes:
            before = sen_changes.standing(pupil)
            for name, value in pupil_plan.values.items():
                setattr(pupil, name, value)
                fields.add(name)
            changed.append(pupil)
            changes.append(_change(pupil, before, history))
    if changed:
        bulk_update_with_history(changed, Pupil, sorted(fields), batch_size=BATCH_SIZE, **history)
    return pupil_by_upn


def _apply_leavers(plan: ImportPlan, history: dict, changes: list[SenChange]) -> None:
    if not plan.leavers:
        return
    reason = LEFT_REASON.format(date=plan.file_date)
    for pupil in plan.leavers:
        pupil.left_school_on = plan.file_date
        if pupil.is_on_register:
            before = sen_changes.standing(pupil)
            pupil.removed_from_register_on = max(plan.file_date, pupil.added_to_register_on)
            pupil.removal_reason = reason
            changes.append(_change(pupil, before, history))
    bulk_update_with_history(
        plan.leavers,
        Pupil,
        ["left_school_on", "removed_from_register_on", "removal_reason"],
        batch_size=BATCH_SIZE,
        **history,
    )


def _apply_contacts(plan: ImportPlan, decisions: Decisions, pupil_by_upn: dict[str, Pupil], history: dict) -> None:
    same_person = {
        contact.key: contact.possibly
        for contact in plan.unsure_contacts
        if decisions.same_person.get(contact.key) == contact.possibly.pk
    }
    new_parents, changed_parents, parent_of = [], [], {}
    # The pks of the parents on the register before: a set, since asking the list of new parents for each parent
    # compared every pair (seconds for a whole school's 3,000 parents).
    known_parents: set[int] = set()
    for contact in plan.contacts:
        parent = contact.parent or same_person.get(contact.key)
        if parent is None:
            parent = ParentCarer(**{k: v for k, v in contact.values.items() if v}, email_checked=True)
            parent.preferred_contact_method = first_way_to_reach(parent)
            new_parents.append(parent)
        else:
            known_parents.add(parent.pk)
            updates = {k: v for k, v in contact.values.items() if v and getattr(parent, k) != v}
            if updates:
                for name, value in updates.items():
                    setattr(parent, name, value)
                if "email" in updates:
                    parent.email_checked = True
                changed_parents.append(parent)
        parent_of[contact.key] = parent
    bulk_create_with_history(new_parents, ParentCarer, batch_size=BATCH_SIZE, **history)
    if changed_parents:
        bulk_update_with_history(
            changed_parents, ParentCarer, [*PARENT_FIELDS, "email_checked"], batch_size=BATCH_SIZE, **history
        )

    # Only pupils and parents that were on the register before can have links already.
    existing = {
        (link.pupil_id, link.parent_id): link
        for link in PupilParent.objects.filter(
            pupil__in=[plan.pupil for plan in plan.pupils if plan.pupil is not None],
            parent__in=known_parents,
        )
    }
    new_links, changed_links = [], []
    for contact in plan.contacts:
        parent = parent_of[contact.key]
        for child in contact.children:
            pupil = pupil_by_upn[child.upn]
            link = existing.get((pupil.pk, parent.pk))
            if link is None:
                link = PupilParent(pupil=pupil, parent=parent, responsibility_checked=True)
                new_links.append(link)
                existing[(pupil.pk, parent.pk)] = link
            elif link_differs(link, child) or not link.from_mis:
                # A link typed here that the MIS now gives too becomes the MIS's (a later file may take it away).
                changed_links.append(link)
            else:
                continue
            link.relationship = child.relationship or Relationship.OTHER
            link.has_parental_responsibility = child.parental_responsibility
            link.responsibility_checked = True
            link.contact_order = child.order
            link.lives_with_pupil = child.lives_with_pupil
            link.from_mis = True
    bulk_create_with_history(new_links, PupilParent, batch_size=BATCH_SIZE, **history)
    if changed_links:
        bulk_update_with_history(
            changed_links,
            PupilParent,
            [
                "relationship",
                "has_parental_responsibility",
                "responsibility_checked",
                "contact_order",
                "lives_with_pupil",
                "from_mis",
            ],
            batch_size=BATCH_SIZE,
            **history,
        )
    removed = [gone.link.pk for gone in plan.gone if decisions.removes(gone)]
    if removed:
        PupilParent.objects.filter(pk__in=removed).delete()
