"""Inviting parents, carers and young people to the portal: an emailed link that works once, for 7 days.

- `why_not_invitable(person)` says, in words for staff, why someone cannot be invited (None if they can).
- `invite(person, invited_by)` revokes any older open link, stores only a hash of a new random token, and
  emails the link (`send_invitation_email`).
- `account_for(invitation)` and `accept(...)` turn a link into an account with a password: a new one, or the
  person's own account re-opened; never a school staff account.
- `revoke_access(person, by)` ends access: the account is made inactive and open links revoked; nothing is
  deleted.
- `portal_status(person)` says where someone stands, for the family page.

A "person" is a `ParentCarer`, or a `Pupil` for a young person past compulsory school age.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list

from accounts.models import SCHOOL_ROLES, PortalInvitation, Role, User
from school.models import School

from .models import ParentCarer, Pupil, PupilParent, RequestKind, ResponsibilityRequest


class NotInvitable(Exception):
    """The person cannot be invited; the message says why, in words for staff."""


class InvitationRefused(Exception):
    """The link cannot make an account; the message says why, in words for the person who opened it."""


# The person: a parent or carer, or a young person's own pupil record


def is_young_person(person) -> bool:
    return isinstance(person, Pupil)


def email_of(person) -> str:
    return (person.own_email if is_young_person(person) else person.email).strip().lower()


def role_for(person) -> str:
    return Role.YOUNG_PERSON if is_young_person(person) else Role.PARENT


def children_shown_to(parent: ParentCarer):
    """What a parent would see in the portal, from the one rule in `PupilQuerySet.shown_to_parent`."""
    return Pupil.objects.on_register().shown_to_parent(parent_links__parent=parent).order_by("date_of_birth")


@dataclass
class _ParentFacts:
    """What `why_not_invitable` asks the database about a parent: read for every parent on a page at once by
    `portal_statuses`."""

    has_responsibility: bool
    responsibility_waiting: bool
    children_shown: bool


def _parent_facts(parents: list[ParentCarer]) -> dict[int, _ParentFacts]:
    """The facts for each parent, in one query."""
    rows = (
        ParentCarer.objects.filter(pk__in=[parent.pk for parent in parents])
        .annotate(
            has_responsibility=Exists(
                PupilParent.objects.filter(parent=OuterRef("pk"), has_parental_responsibility=True)
            ),
            responsibility_waiting=Exists(
                ResponsibilityRequest.objects.pending().filter(
                    link__parent=OuterRef("pk"), kind=RequestKind.RESPONSIBILITY
                )
            ),
            children_shown=Exists(Pupil.objects.on_register().shown_to_parent(parent_links__parent=OuterRef("pk"))),
        )
        .values_list("pk", "has_responsibility", "responsibility_waiting", "children_shown")
    )
    return {pk: _ParentFacts(*facts) for pk, *facts in rows}


def _other_accounts(emails: set[str]) -> list[User]:
    """Accounts using any of these email addresses (any case), in one query, in the order `.first()` reads them."""
    if not emails:
        return []
    return list(User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails))


def why_not_invitable(
    person, today=None, facts: _ParentFacts | None = None, accounts: list[User] | None = None
) -> str | None:
    name = person.full_name
    email = email_of(person)
    if is_young_person(person):
        if not person.is_past_compulsory_school_age(today):
            return f"{person.first_name} is not past compulsory school age yet: their parents decide for now."
        if not email:
            return f"We have no email address for {person.first_name}. Add their own email address first."
    else:
        if not email:
            return f"We have no email address for {name}. Add one with 'Edit contact details' first."
        if facts is None:
            facts = _parent_facts([person])[person.pk]
        if not facts.has_responsibility:
            if facts.responsibility_waiting:
                return f"{name}'s parental responsibility is waiting for the SENCO's approval."
            return f"{name} does not have parental responsibility recorded, so cannot use the parents' portal."
        if not facts.children_shown:
            return (
                f"None of {name}'s children can be shown in the portal: they have left the register, or are past "
                "compulsory school age and have not agreed that their parents may see their record."
            )
    if accounts is None:
        other = User.objects.filter(email__iexact=email).exclude(pk=person.user_id).first()
    else:
        other = next((a for a in accounts if a.email.lower() == email and a.pk != person.user_id), None)
    if other and other.role in SCHOOL_ROLES:
        return f"{email} belongs to a school staff account. Families need their own email address."
    if other and other.role != role_for(person):
        return f"{email} is already used by another portal account."
    return None


# Sending


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(person, invited_by: User) -> PortalInvitation:
    """Invite the person by email; an older open invitation stops working. Raises NotInvitable.

    If the email cannot be sent, nothing is saved and the error is raised for the caller to report.
    """
    if reason := why_not_invitable(person):
        raise NotInvitable(reason)
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        PortalInvitation.objects.for_person(person).open().update(revoked_at=now, revoked_by=invited_by)
        invitation = PortalInvitation.objects.create(
            **{"pupil" if is_young_person(person) else "parent": person},
            email=email_of(person),
            token_hash=hash_token(token),
            invited_by=invited_by,
            created_at=now,
            expires_at=now + PortalInvitation.VALID_FOR,
        )
        send_invitation_email(invitation, token)
    return invitation


def send_invitation_email(invitation: PortalInvitation, token: str) -> None:
    """Plain text and HTML, from templates/accounts/invitation/. The link is the only copy of the token."""
    person, school = invitation.person, School.load()
    inviter = invitation.invited_by
    context = {
        "person": person,
        "young_person": invitation.for_young_person,
        "dear": person.first_name if invitation.for_young_person else salutation(person),
        "children": [] if invitation.for_young_person else list(children_shown_to(person)),
        "invited_by": inviter,
        "invited_by_job": (inviter.job_title or inviter.get_role_display()) if inviter else "",
        "school": school,
        "email": invitation.email,
        "link": settings.SITE_URL.rstrip("/") + reverse("welcome", args=[token]),
        "expires_at": invitation.expires_at,
        "valid_days": PortalInvitation.VALID_FOR.days,
        "large_print": getattr(person, "needs_large_print", False),
    }
    context["names"] = get_text_list([child.first_name for child in context["children"]] or ["your child"], "and")
    subject = " ".join(render_to_string("accounts/invitation/subject.txt", context).split())
    context["subject"] = subject
    send_mail(
        subject,
        render_to_string("accounts/invitation/body.txt", context).strip() + "\n",
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
        html_message=render_to_string("accounts/invitation/body.html", context),
    )


def salutation(parent: ParentCarer) -> str:
    """'Mrs Thompson' when we know a title, else the full name."""
    return f"{parent.title} {parent.last_name}" if parent.title else f"{parent.first_name} {parent.last_name}"


# Accepting


def find(token: str) -> PortalInvitation | None:
    """The invitation a link names, whatever its state; None for a link that was never sent."""
    digest = hash_token(token)
    invitation = PortalInvitation.objects.select_related("parent", "pupil").filter(token_hash=digest).first()
    if invitation is None or not hmac.compare_digest(invitation.token_hash, digest):
        return None
    return invitation


def account_for(invitation: PortalInvitation) -> User:
    """The account the link will open: the person's own (re-opened), or a new one, not saved yet."""
    person, email = invitation.person, invitation.email
    if email_of(person) != email:  # the school has changed the address since: the old one may not be theirs now
        raise InvitationRefused(
            "This link was sent to an email address the school no longer has for you. "
            "Please ask the school office to send a new one."
        )
    role = role_for(person)
    by_email = User.objects.filter(email__iexact=email).first()
    if by_email and by_email.role in SCHOOL_ROLES:
        raise InvitationRefused(
            "This email address belongs to a school staff account, so it cannot be used for the portal. "
            "Please ask the school office to invite you with a different email address."
        )
    user = person.user or by_email
    if user is None:
        first_name = person.first_name
        last_name = person.legal_last_name if is_young_person(person) else person.last_name
        return User(email=email, first_name=first_name, last_name=last_name, role=role)
    already_linked = getattr(user, "pupil_record" if is_young_person(person) else "parent_record", None)
    if user.role != role or (by_email and by_email != user) or already_linked not in (None, person):
        raise InvitationRefused(
            "This email address is already used by another account. Please ask the school office for help."
        )
    user.email = email
    return user


def accept(invitation: PortalInvitation, user: User, password: str) -> User:
    """Use the link (once: a conditional UPDATE claims it), set the password and open the account.

    Raises InvitationRefused if the link was used, revoked or expired meanwhile, or the person may no longer
    be invited (their parental responsibility was removed, say).
    """
    person = invitation.person
    if why_not_invitable(person):
        raise InvitationRefused("This link cannot be used any more. Please ask the school office for help.")
    now = timezone.now()
    claimed = PortalInvitation.objects.filter(
        pk=invitation.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gte=now
    ).update(used_at=now)
    if claimed != 1:
        raise InvitationRefused(UNUSABLE[PortalInvitation.objects.get(pk=invitation.pk).why_unusable(now)])
    user.set_password(password)
    user.is_active = True
    user.save()
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
    PortalInvitation.objects.filter(pk=invitation.pk).update(account=user)
    return user


UNUSABLE = {
    "used": "This link has already been used. Please sign in with your email address and password.",
    "revoked": "This link has been cancelled. Please ask the school office to send a new one.",
    "expired": "This link has expired. Please ask the school office to send a new one.",
}


# Revoking


def revoke_access(person, by: User) -> None:
    """Stop the person signing in: their account is made inactive and any open link revoked. Nothing is deleted."""
    now = timezone.now()
    PortalInvitation.objects.for_person(person).open().update(revoked_at=now, revoked_by=by)
    if person.user_id:
        User.objects.filter(pk=person.user_id).update(is_active=False, access_revoked_at=now, access_revoked_by=by)


# Where someone stands


@dataclass
class PortalStatus:
    state: str  # one of the constants below
    account: User | None
    invitation: PortalInvitation | None  # the latest
    why_not: str | None  # why they cannot be invited, in words
    since: datetime | None = None  # for ACTIVE: when access began

    NONE, INVITED, EXPIRED, ACTIVE, REVOKED, WITHDRAWN = "none", "invited", "expired", "active", "revoked", "withdrawn"

    @property
    def can_invite(self) -> bool:
        return self.why_not is None and self.state != self.ACTIVE

    @property
    def can_revoke(self) -> bool:
        return self.state in (self.ACTIVE, self.INVITED, self.EXPIRED)


def portal_status(person, now=None) -> PortalStatus:
    return _portal_status(person, now)


def portal_statuses(parents: list[ParentCarer], now=None) -> list[PortalStatus]:
    """`portal_status` of each parent, in a fixed number of queries however many there are (read each parent's
    `user` with it: `select_related`)."""
    now = now or timezone.now()
    facts = _parent_facts(parents)
    accounts = _other_accounts({email for parent in parents if (email := email_of(parent))})
    sent: dict[int, list[PortalInvitation]] = {parent.pk: [] for parent in parents}
    for invitation in PortalInvitation.objects.filter(parent__in=parents).select_related("invited_by", "revoked_by"):
        sent[invitation.parent_id].append(invitation)  # newest first, as the model orders them
    return [_portal_status(parent, now, facts[parent.pk], accounts, sent[parent.pk]) for parent in parents]


def _portal_status(
    person,
    now=None,
    facts: _ParentFacts | None = None,
    accounts: list[User] | None = None,
    sent: list[PortalInvitation] | None = None,
) -> PortalStatus:
    now = now or timezone.now()
    if sent is None:
        invitations = PortalInvitation.objects.for_person(person).select_related("invited_by", "revoked_by")
        latest = invitations.first()
    else:
        latest = sent[0] if sent else None
    account = person.user
    why_not = why_not_invitable(person, timezone.localdate(now), facts, accounts)
    if account and account.is_active:
        if sent is None:
            used = invitations.filter(account=account, used_at__isnull=False).first()
        else:
            used = next((i for i in sent if i.account_id == account.pk and i.used_at is not None), None)
        return PortalStatus(
            PortalStatus.ACTIVE, account, latest, why_not, used.used_at if used else account.date_joined
        )
    if latest and latest.used_at is None and latest.revoked_at is None:
        state = PortalStatus.EXPIRED if latest.has_expired(now) else PortalStatus.INVITED
        return PortalStatus(state, account, latest, why_not)
    if account:
        return PortalStatus(PortalStatus.REVOKED, account, latest, why_not)
    if latest and latest.revoked_at:
        return PortalStatus(PortalStatus.WITHDRAWN, None, latest, why_not)
    return PortalStatus(PortalStatus.NONE, None, latest, why_not)
