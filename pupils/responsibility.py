"""Who may open a child's SEN record to a contact: parental responsibility, and the portal invitation.

Parental responsibility opens the child's SEN record in the parents' portal, and the portal invitation goes to the
contact's email address. Anyone who keeps contact details (the office too) may type both, so neither takes effect
on their word alone: what the MIS states, or the SENCO records or approves, is in force; anything else becomes a
`ResponsibilityRequest` for the SENCO, and until it is approved the contact gets no SEN information, no notices
about meetings and no invitation.

- `record_link(link, by)` saves a new link between a pupil and a contact, asking the SENCO where needed.
- `email_changed(parent, by)` marks an email address typed by someone other than the SENCO as unchecked.
- `invitation_needs_approval(parent, by)` says whether inviting the parent must wait for the SENCO;
  `ask_to_invite(link, by)` asks.
- `approve(request, by)` and `refuse(request, by, reason)` are the SENCO's answers.
"""

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from pupils import invitations

from .models import ParentCarer, Pupil, PupilParent, RequestDecision, RequestKind, ResponsibilityRequest


class NotAllowed(Exception):
    """Only the SENCO answers these requests."""


class AlreadyDecided(Exception):
    """Answered already (a second click, or another SENCO at the same moment)."""


def vouches_for_responsibility(user: User) -> bool:
    """The SENCO's word is enough for parental responsibility and a family's email address."""
    return user.is_authenticated and user.can("responsibility.approve")


def ask(link: PupilParent, kind: str, by: User) -> ResponsibilityRequest:
    """A pending request of this kind for the link: the one already waiting, or a new one."""
    waiting = ResponsibilityRequest.objects.pending().filter(link=link, kind=kind).first()
    if waiting:
        return waiting
    try:
        with transaction.atomic():
            return ResponsibilityRequest.objects.create(link=link, kind=kind, requested_by=by)
    except IntegrityError:  # asked at the same moment from another desk: one request is enough
        return ResponsibilityRequest.objects.pending().get(link=link, kind=kind)


def record_link(link: PupilParent, by: User) -> ResponsibilityRequest | None:
    """Save a new link (a new contact, or a parent already known linked to another child). Parental
    responsibility ticked by anyone but the SENCO is saved as not (yet) in force, and the SENCO is asked."""
    claims_responsibility = link.has_parental_responsibility
    if claims_responsibility and not vouches_for_responsibility(by):
        link.has_parental_responsibility = False
        link.save()
        return ask(link, RequestKind.RESPONSIBILITY, by)
    link.responsibility_checked = True
    link.save()
    return None


def email_changed(parent: ParentCarer, by: User) -> None:
    """Call before saving a contact whose email address was typed on a form."""
    parent.email_checked = vouches_for_responsibility(by) or not parent.email


def contacts_to_invite_to_meetings(pupil: Pupil) -> QuerySet[ParentCarer]:
    """The pupil's contacts, less those whose parental responsibility waits for the SENCO: they get no notices
    about meetings until it is approved."""
    waiting = ResponsibilityRequest.objects.pending().filter(link__pupil=pupil, kind=RequestKind.RESPONSIBILITY)
    return ParentCarer.objects.filter(pupil_links__pupil=pupil).exclude(pk__in=waiting.values("link__parent"))


def invitation_needs_approval(parent: ParentCarer, by: User) -> bool:
    """An invitation opens the children's records at the parent's email address: someone other than the SENCO
    may send it only where the SENCO or the MIS vouches for both the address and the responsibility."""
    if vouches_for_responsibility(by):
        return False
    unchecked = parent.pupil_links.filter(has_parental_responsibility=True, responsibility_checked=False)
    return not parent.email_checked or unchecked.exists()


def ask_to_invite(link: PupilParent, by: User) -> ResponsibilityRequest:
    return ask(link, RequestKind.INVITATION, by)


@transaction.atomic
def approve(request: ResponsibilityRequest, by: User) -> ResponsibilityRequest:
    """Put what was asked into force. For an invitation, the invitation is sent here (`pupils.invitations`);
    if it cannot be sent the error is raised and nothing changes."""
    decide(request, by, RequestDecision.APPROVED)
    link = request.link
    parent = link.parent
    if request.kind == RequestKind.RESPONSIBILITY:
        link.has_parental_responsibility = True
        link.responsibility_checked = True
        link.save(update_fields=["has_parental_responsibility", "responsibility_checked"])
    else:
        parent.pupil_links.filter(has_parental_responsibility=True).update(responsibility_checked=True)
    # The SENCO has seen the contact's details beside the request, the email address among them.
    if parent.email and not parent.email_checked:
        parent.email_checked = True
        parent.save(update_fields=["email_checked"])
    if request.kind == RequestKind.INVITATION:
        invitations.invite(parent, by)
    return request


@transaction.atomic
def refuse(request: ResponsibilityRequest, by: User, reason: str = "") -> ResponsibilityRequest:
    request.refusal_reason = reason.strip()
    decide(request, by, RequestDecision.REFUSED)
    return request


def decide(request: ResponsibilityRequest, by: User, decision: str) -> None:
    """Claim the request for this decision (a conditional UPDATE: a second click, or a second SENCO at the same
    moment, finds it already decided)."""
    if not vouches_for_responsibility(by):
        raise NotAllowed("Only the SENCO can approve or refuse these requests.")
    now = timezone.now()
    claimed = ResponsibilityRequest.objects.filter(pk=request.pk, decision=RequestDecision.PENDING).update(
        decision=decision, decided_by=by, decided_at=now, refusal_reason=request.refusal_reason
    )
    if claimed != 1:
        raise AlreadyDecided("This request has already been answered.")
    request.decision, request.decided_by, request.decided_at = decision, by, now
