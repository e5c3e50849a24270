"""Who may do what: one table of actions and the roles allowed each, checked on the server.

Views name the action they serve (`required_action = "booking.book"`), Python asks `user.can("booking.book")` and
templates ask `{% if user|can:"booking.book" %}` (`{% load permissions %}`), so a menu never offers a link its view
refuses. An action that is not in the table fails loudly: a view naming one fails when its class is defined, and
`can()` raises KeyError.

The table decides which actions a role has; which pupils and families a person may see is decided elsewhere, by
`Pupil.objects.visible_to(user)` and the querysets built on it.
"""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from .models import Role

SENCO, STAFF, OFFICE, HEAD = Role.SENCO, Role.STAFF, Role.OFFICE, Role.HEAD
PARENT, YOUNG_PERSON = Role.PARENT, Role.YOUNG_PERSON

ACTIONS: dict[str, frozenset[str]] = {
    action: frozenset(roles)
    for action, roles in {
        # The SEND register and pupils' records: the register, its export, a pupil's record, profile and outcomes,
        # the timeline and the log of contacts with the family (for the pupils the person may see)
        "register.view": (SENCO, STAFF),
        "register.import": (SENCO,),  # the whole school from the MIS (CTF or CSV), preview then apply
        "register.transfer": (SENCO,),  # a leaver's CTF and SEN file for their next school
        "register.edit": (SENCO,),  # add, edit, remove and return a pupil; the record's history
        "provision.manage": (SENCO,),  # provision and outside professionals
        # SEN support plans (assess, plan, do, review): staff read the plans of the pupils they may see, the SENCO
        # writes, finalises and reviews them; the office sees none of it (SEN detail)
        "plans.view": (SENCO, STAFF),
        "plans.write": (SENCO,),
        "register.figures": (SENCO, HEAD),
        # The school's provision map: interventions, their costs, groups, places and entry and exit scores
        "provision_map.manage": (SENCO,),  # staff cost bands, interventions, groups, who is in them
        "provision_map.view": (SENCO, HEAD),  # the map, the impact report, costs (figures, no pupil named)
        "provision_map.groups": (SENCO, STAFF),  # groups, showing only the pupils the person may see
        "provision_map.measures": (SENCO, STAFF),  # entry and exit scores, for the pupils the person may see
        "provision_map.timetable": (SENCO, OFFICE),  # when and where groups meet, and who goes: no need or scores
        # Families: contact details, parents and carers, portal invitations for parents
        "families.manage": (SENCO, OFFICE),
        "responsibility.approve": (SENCO,),  # parental responsibility and emails typed by others
        "young_person.manage": (SENCO,),  # a young person's own account, and the parents' agreement
        # Meetings, records and action points
        "meetings.work": (SENCO, STAFF),
        "dashboard.view": (SENCO,),
        "annual_reviews.view": (SENCO,),
        # Contacts with families and concerns
        "contacts.log": (SENCO, STAFF, OFFICE),
        "concerns.respond": (SENCO, STAFF),  # concerns to answer, and positive news
        "concerns.oversee": (SENCO,),  # every overdue concern, and the figures
        # The school calendar: term dates, half terms and closure days (school days for reminders, the three a year)
        "school.calendar": (SENCO, OFFICE),
        # Review days
        "booking.book": (SENCO, OFFICE),
        "booking.set_up": (SENCO,),  # set up days and weekly appointments, invite families
        "booking.print_records": (SENCO,),  # the day's finalised records in one PDF: SEN detail
        "booking.timetable": (SENCO, OFFICE, STAFF),  # staff: their own timetable only
        # Letters and messages to families
        "letters.print": (SENCO, OFFICE),
        "calls.make": (SENCO, OFFICE),  # the call list: day-before reminders by phone, and how each call went
        "messages.view": (SENCO, STAFF, OFFICE),  # a family's messages, one message, sending it again
        "messages.pupil_log": (SENCO, STAFF),
        "messages.retry": (SENCO,),  # messages that did not go, and trying again
        # Events for parents
        "events.view": (SENCO, STAFF),  # and attendance for the families they work with
        "events.manage": (SENCO,),
        # The lending library and the directory of support services
        "library.lend": (SENCO, STAFF, OFFICE),
        "services.view": (SENCO, STAFF, OFFICE, HEAD),
        "services.manage": (SENCO, OFFICE),
        # The partnership audit and the parents' questionnaire
        "audit.view": (SENCO, HEAD),
        "audit.run": (SENCO,),
        "questionnaire.list": (SENCO, OFFICE, HEAD),
        "questionnaire.run": (SENCO,),  # set up, send links
        "questionnaire.paper": (SENCO, OFFICE),  # type in a paper reply
        "questionnaire.answers": (SENCO, HEAD),
        "questionnaire.answer": (PARENT,),  # in the portal
        # The school's own settings: its details, who's who, and the documents it publishes for families
        "school.settings": (SENCO, HEAD),
        # Letters telling parents that their child's SEN support starts, changes or ends: the SENCO checks,
        # changes and approves each (they name the child and their SEN status)
        "sen_letters.send": (SENCO,),
        # Privacy: the access log, subject access exports, retention
        "privacy.manage": (SENCO,),
        # The parents' portal
        "portal.use": (PARENT, YOUNG_PERSON),
    }.items()
}


def role_can(role: str, action: str) -> bool:
    """Whether the role may take the action; KeyError for an action the table does not name."""
    return role in ACTIONS[action]


def user_can(user, action: str) -> bool:
    """Like `User.can`, and False for a signed-out visitor (who has no role)."""
    if action not in ACTIONS:
        raise KeyError(f"{action!r} is not an action in accounts/permissions.py")
    return bool(user.is_authenticated) and role_can(user.role, action)


class ActionRequiredMixin(AccessMixin):
    """Allow only signed-in users whose role may take `required_action`; others get 403, visitors the sign-in page."""

    required_action: str | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.required_action is not None and cls.required_action not in ACTIONS:
            raise ImproperlyConfigured(f"{cls.__name__}: {cls.required_action!r} is not an action in the table")

    def may_take_action(self, request) -> bool:
        """For a view that does more before the check (a redirect): the same answer `dispatch` will give."""
        if self.required_action is None:
            raise ImproperlyConfigured(f"{type(self).__name__} names no required_action")
        return user_can(request.user, self.required_action)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.may_take_action(request):
            raise PermissionDenied("Your role does not give access to this page.")
        return super().dispatch(request, *args, **kwargs)
