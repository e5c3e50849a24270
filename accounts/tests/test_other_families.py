"""Every URL that names an object, tried by every role with objects that belong to another family.

Family B (pupil_b, parent_b) is a stranger to everyone here: a parent of another child, a young person with their own
record, a class teacher of another pupil, the office, the head. Each gets 404 (or 403) for every page about family
B, except the pages the office needs for any family (contacts, bookings, letters: no SEN detail there).
A new URL pattern that takes an id fails `test_every_url_with_an_id_is_walked` until it has a row here.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.tests.test_access import every_url_pattern
from accounts.tests.worlds import (
    acting_world,
    questionnaire_world,
    running_world,
    school_calendar_world,
    waiting_sen_letter,
)
from booking import rules
from booking.models import Invitation
from booking.tests.factories import review_day_with
from contacts.tests.factories import concern_for
from documents.models import PreparedDocument
from documents.tests.factories import record_delivery
from events.models import Handout
from events.tests.factories import GuestFactory
from library.loans import lend
from library.models import Copy, Item
from meetings.notices import MeetingMessageKind
from meetings.tests.factories import ActionPointFactory, MeetingFactory, RecordVersionFactory
from notices.models import Channel
from notices.tests.test_views import make_message
from provision.tests.factories import GroupPlaceFactory
from pupils import responsibility
from pupils.tests.factories import (
    ProfessionalInvolvementFactory,
    PupilParentFactory,
)
from services.models import SupportService
from support_plans.tests.factories import plans_world

ROLES = ["parent_a", "young_person", "teacher", "office", "head"]

# url name -> (method, the objects of family B its arguments name, in order)
WALK = {
    "pupils:pupil_detail": ("get", "pupil"),
    "pupils:pupil_edit": ("get", "pupil"),
    "pupils:pupil_remove": ("get", "pupil"),
    "pupils:pupil_return": ("post", "pupil"),
    "pupils:pupil_history": ("get", "pupil"),
    "mis:pupil_ctf": ("get", "pupil"),
    "mis:pupil_sen_file": ("get", "pupil"),
    "pupils:profile_edit": ("get", "pupil"),
    "pupils:profile_print": ("get", "pupil"),
    "support_plans:pupil": ("get", "pupil"),
    "support_plans:start": ("post", "pupil"),
    "support_plans:plan": ("get", "plan"),
    "support_plans:edit": ("get", "draft"),
    "support_plans:outcome_add": ("get", "draft"),
    "support_plans:outcome_edit": ("get", "plan_outcome"),
    "support_plans:outcome_remove": ("post", "plan_outcome"),
    "support_plans:support": ("get", "draft"),
    "support_plans:finalise": ("post", "draft"),
    "support_plans:discard": ("post", "draft"),
    "support_plans:review": ("get", "plan"),
    "pupils:professional_add": ("get", "pupil"),
    "pupils:professional_edit": ("get", "professional"),
    "pupils:family_detail": ("get", "pupil"),
    "pupils:parent_add": ("get", "pupil"),
    "pupils:parent_link": ("get", "pupil"),
    "pupils:parent_edit": ("get", "parent"),
    "pupils:portal_invite": ("post", "pupil parent"),
    "pupils:portal_revoke": ("post", "pupil parent"),
    "pupils:young_person_invite": ("post", "pupil"),
    "pupils:young_person_revoke": ("post", "pupil"),
    "pupils:parents_agreement": ("post", "pupil"),
    "pupils:responsibility_approve": ("post", "responsibility_request"),
    "pupils:responsibility_refuse": ("post", "responsibility_request"),
    "meetings:schedule": ("get", "pupil"),
    "meetings:detail": ("get", "meeting"),
    "meetings:edit": ("get", "meeting"),
    "meetings:status": ("post", "meeting"),
    "meetings:cancel": ("get", "meeting"),
    "meetings:rearrange": ("get", "meeting"),
    "meetings:ics": ("get", "meeting"),
    "meetings:record": ("get", "held_meeting"),
    "meetings:record_finalise": ("post", "held_meeting"),
    "meetings:record_amend": ("get", "held_meeting"),
    "meetings:version": ("get", "version"),
    "meetings:version_share": ("post", "version"),
    "meetings:action_status": ("post", "action"),
    "notices:pupil_log": ("get", "pupil"),
    "notices:parent_log": ("get", "parent"),
    "notices:detail": ("get", "message"),
    "notices:resend": ("post", "message"),
    "notices:retry": ("post", "message"),
    "notices:printed": ("post", "message"),
    "notices:call_outcome": ("post", "call"),
    "sen_letters:letter": ("get", "sen_letter"),
    "sen_letters:set_aside": ("post", "sen_letter"),
    "documents:record_pdf": ("get", "version"),
    "documents:letter_enclosure": ("get", "record_letter"),
    "documents:profile_pdf": ("get", "pupil"),
    "documents:plan_pdf": ("get", "plan"),
    "documents:timetable_pdf": ("get", "review_day"),
    "documents:day_records_batch": ("post", "review_day"),
    "documents:prepared": ("get", "prepared"),
    "documents:prepared_pdf": ("get", "prepared"),
    "booking:day": ("get", "review_day"),
    "booking:invite": ("get", "review_day"),
    "booking:invitations": ("get", "review_day"),
    "booking:invitation_decline": ("post", "review_day invitation"),
    "booking:find": ("get", "review_day"),
    "booking:pupil_slots": ("get", "review_day pupil"),
    "booking:book_siblings": ("post", "review_day pupil"),
    "booking:timetable": ("get", "review_day senco"),
    "booking:attendance": ("post", "review_day booking"),
    "booking:move": ("get", "booking"),
    "booking:cancel": ("get", "booking"),
    "portal:child": ("get", "pupil"),
    "portal:plan": ("get", "pupil"),
    "portal:targets": ("get", "pupil"),
    "portal:support": ("get", "pupil"),
    "portal:plan_version": ("get", "plan"),
    "portal:plan_pdf": ("get", "plan"),
    "portal:meetings": ("get", "pupil"),
    "portal:record": ("get", "version"),
    "portal:record_pdf": ("get", "version"),
    "portal:message": ("get", "message"),
    "overview:pupil_access_log": ("get", "pupil"),
    "overview:pupil_subject_access": ("get", "pupil"),
    "overview:parent_subject_access": ("get", "parent"),
    "audits:parents_answers": ("get", "questionnaire_audit"),
    "audits:questionnaire_set_up": ("get", "questionnaire_audit"),
    "audits:questionnaire_send": ("get", "questionnaire_audit"),
    "audits:questionnaire_paper": ("get", "questionnaire_audit"),
    "audits:questionnaire_answer": ("get", "questionnaire"),
    "audits:question": ("get", "audit_question"),
    "audits:question_hide": ("post", "audit_question"),
    "audits:question_add": ("get", "audit_section"),
    "audits:audit_detail": ("get", "audit"),
    "audits:reaudit": ("get", "audit"),
    "audits:respond": ("get", "audit audit_group audit_section"),
    "audits:consolidate": ("get", "audit audit_question"),
    "audits:compare": ("get", "reaudit"),
    "audits:action_points": ("get", "audit"),
    "audits:action_add": ("get", "audit"),
    "audits:action_edit": ("get", "audit_action"),
    "audits:audit_sheets_blank": ("get", "audit"),
    "audits:audit_sheets_completed": ("get", "audit"),
    "contacts:pupil_contacts": ("get", "pupil"),
    "contacts:contact_add": ("get", "pupil"),
    "contacts:respond": ("get", "concern"),
    "overview:pupil_timeline": ("get", "pupil"),
    "events:detail": ("get", "event"),
    "events:edit": ("get", "event"),
    "events:invite": ("get", "event"),
    "events:cancel": ("get", "event"),
    "events:handout_add": ("get", "event"),
    "events:attendance": ("get", "event"),
    "events:handout": ("get", "handout"),
    "library:item_detail": ("get", "library_item"),
    "library:item_edit": ("get", "library_item"),
    "library:copy_add": ("get", "library_item"),
    "library:copy_edit": ("get", "library_copy"),
    "library:lend": ("get", "library_copy"),
    "library:return": ("get", "loan"),
    "library:renew": ("get", "loan"),
    "library:pupil_loans": ("get", "pupil"),
    "services:edit": ("get", "support_service"),
    "school:term_edit": ("get", "term_dates"),
    "school:term_delete": ("get", "term_dates"),
    "school:closure_delete": ("get", "closure_day"),
    "provision:intervention": ("get", "intervention"),
    "provision:intervention_edit": ("get", "intervention"),
    "provision:group_add": ("get", "intervention"),
    "provision:cost_band_edit": ("get", "cost_band"),
    "provision:group": ("get", "provision_group"),
    "provision:group_edit": ("get", "provision_group"),
    "provision:places_add": ("get", "provision_group"),
    "provision:entry_scores": ("get", "provision_group"),
    "provision:exit_scores": ("get", "provision_group"),
    "provision:place_edit": ("get", "group_place"),
}

# What the office needs for every family: contact details, portal invitations, bookings and letters. None of these
# pages shows SEN detail (tests elsewhere check that).
OFFICE_FOR_ANY_FAMILY = {
    "pupils:family_detail",
    "pupils:parent_add",
    "pupils:parent_link",
    "pupils:parent_edit",
    "pupils:portal_invite",
    "pupils:portal_revoke",
    "notices:parent_log",
    "notices:detail",
    "notices:resend",
    "notices:retry",
    "notices:printed",
    "notices:call_outcome",  # a reminder call: who to ring and when, no SEN detail
    "documents:letter_enclosure",  # the record the office puts in the envelope of a letter it prints
    "documents:timetable_pdf",
    "booking:day",
    "booking:invitations",
    "booking:invitation_decline",
    "booking:find",
    "booking:pupil_slots",
    "booking:book_siblings",
    "booking:timetable",
    "booking:attendance",
    "booking:move",
    "booking:cancel",
    "contacts:contact_add",
}
# A member of staff prints their own review-day timetable, whoever is booked with them.
STAFF_FOR_ANY_FAMILY = {"documents:timetable_pdf"}
# The parents' questionnaire belongs to no family: the office types in paper replies, the head reads the answers
# (without names) and any parent answers it.
QUESTIONNAIRE_PAGES = {
    "office": {"audits:questionnaire_paper"},
    "head": {"audits:parents_answers"},
    "parent_a": {"audits:questionnaire_answer"},
}
MAY_SEE = {"office": OFFICE_FOR_ANY_FAMILY, "teacher": STAFF_FOR_ANY_FAMILY}
MAY_SEE = {role: MAY_SEE.get(role, set()) | QUESTIONNAIRE_PAGES.get(role, set()) for role in ROLES}
# The audit itself belongs to no family either: the head reads it (and changes nothing).
MAY_SEE["head"] |= {"audits:question", "audits:audit_detail", "audits:consolidate", "audits:compare"}
MAY_SEE["head"] |= {"audits:action_points", "audits:audit_sheets_blank", "audits:audit_sheets_completed"}
# Events and the library's items belong to the school. Staff open an event family B was invited to (its guest list
# shows only the families they work with); the office and staff lend any copy; the office handles any family's loans.
LIBRARY_ITEMS = {"library:item_detail", "library:item_edit", "library:copy_add", "library:copy_edit", "library:lend"}
MAY_SEE["teacher"] |= {"events:detail", "events:attendance", "events:handout"} | LIBRARY_ITEMS
MAY_SEE["office"] |= LIBRARY_ITEMS | {"library:return", "library:renew", "library:pupil_loans"}
MAY_SEE["office"] |= {"services:edit"}  # the directory of support services belongs to no family
MAY_SEE["office"] |= {"school:term_edit", "school:term_delete", "school:closure_delete"}  # nor does the calendar
MAY_SEE["head"] |= {"provision:intervention"}  # an intervention is the school's: its groups' figures, no pupil named


def patterns_with_ids():
    return (name for name, pattern in every_url_pattern() if pattern.pattern.converters)


@pytest.fixture
def family_b(senco, teacher, pupil_b, parent_b, office):
    review_day = review_day_with(senco, teacher)
    meeting = MeetingFactory(pupil=pupil_b, led_by=senco)
    return {
        "pupil": pupil_b,
        "parent": parent_b.parent_record,
        "professional": ProfessionalInvolvementFactory(pupil=pupil_b),
        **plans_world(pupil_b, senco),
        "meeting": meeting,
        "held_meeting": MeetingFactory(pupil=pupil_b, led_by=senco, held=True),
        "version": RecordVersionFactory(record__meeting__pupil=pupil_b, shared=True),
        "record_letter": record_delivery(
            RecordVersionFactory(record__meeting__pupil=pupil_b, shared=True),
            parent=parent_b.parent_record,
            channel=Channel.LETTER,
        ).message,
        "action": ActionPointFactory(meeting__pupil=pupil_b, for_parent=True, owner_parent=parent_b.parent_record),
        "message": make_message(meeting, parent=parent_b.parent_record),
        "call": make_message(
            meeting,
            parent=parent_b.parent_record,
            kind=MeetingMessageKind.PHONE_REMINDER,
            channel=Channel.PHONE,
            recipient_address="Mobile: 07700 900999",
        ),
        "review_day": review_day,
        "invitation": Invitation.objects.create(review_day=review_day, pupil=pupil_b, invited_by=senco),
        "booking": rules.book(review_day.slots.filter(staff=senco).first(), pupil_b, office),
        "prepared": PreparedDocument.objects.create(kind="letters", requested_by=senco),
        "senco": senco,
        "concern": concern_for(pupil_b, recorded_by=senco, assigned_to=senco),
        "sen_letter": waiting_sen_letter(pupil_b),
        "responsibility_request": responsibility.ask(
            PupilParentFactory(pupil=pupil_b, has_parental_responsibility=False), "responsibility", office
        ),
        **event_and_loan_for(pupil_b, parent_b.parent_record, senco),
        **questionnaire_world(senco, pupil_b),
        **running_world(senco),
        **acting_world(senco),
        **school_calendar_world(),
        **provision_for(pupil_b),
    }


def provision_for(pupil) -> dict:
    """A group with only this pupil in it, of an intervention (the school's) with its cost band."""
    place = GroupPlaceFactory(pupil=pupil)
    return {
        "intervention": place.group.intervention,
        "cost_band": place.group.intervention.cost_band,
        "provision_group": place.group,
        "group_place": place,
    }


def event_and_loan_for(pupil, parent, senco) -> dict:
    """An event the family was invited to, with a handout, and a copy lent to the family (another copy spare)."""
    guest = GuestFactory(event__created_by=senco, parent=parent, children=[pupil])
    copy = Copy.objects.create(item=Item.objects.create(title="Visual timetable"), label="LIB-100")
    return {
        "event": guest.event,
        "handout": Handout.objects.create(event=guest.event, title="Slides", file=ContentFile(b"x", name="s.pdf")),
        "library_item": copy.item,
        "library_copy": Copy.objects.create(item=copy.item, label="LIB-101"),
        "loan": lend(copy, parent, pupil, by=senco),
        "support_service": SupportService.objects.first(),
    }


def test_every_url_with_an_id_is_walked():
    found = {name for name in patterns_with_ids() if not name.startswith("admin:")}
    found.discard("welcome")  # a token, not an object id: tested in test_invitations
    found.discard("audits:questionnaire_link")  # a token too: tested in audits/tests/test_questionnaire
    found.discard("password_reset_confirm")  # a token too: tested in test_password_reset
    found.discard("replies:reply")  # a family's code: in test_access, and replies/tests/test_reply_page
    # A family's code too: in test_access, and plan_comments/tests/test_comment_page (never another family's plan)
    found -= {"plan_comments:comment", "plan_comments:plan_pdf"}
    found -= {"record_link", "record_link_pdf"}  # tokens too: tested in documents/tests/test_deliveries
    # The SENCO's own upload from the MIS, by token: another person's is refused (mis/tests/test_views.py)
    found -= {"mis:preview", "mis:encoding", "mis:columns", "mis:apply"}
    assert found - WALK.keys() == set(), "add these URL patterns to WALK"
    assert WALK.keys() - found == set(), "these URL names no longer exist"


@pytest.mark.parametrize("role", ROLES)
def test_nobody_reaches_another_familys_objects(client, request, family_b, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    reached = []
    for name, (method, keys) in WALK.items():
        if name in MAY_SEE.get(role, ()):
            continue
        url = reverse(name, args=[family_b[key].pk for key in keys.split()])
        response = getattr(client, method)(url)
        if response.status_code not in (403, 404):
            reached.append(f"{method.upper()} {name} {url}: {response.status_code}")
    assert reached == [], f"{role} reached family B's objects"


def test_the_office_pages_for_any_family_show_no_sen_detail(client, office, family_b, pupil_b):
    client.force_login(office)
    for name in ("pupils:family_detail", "booking:pupil_slots", "contacts:contact_add"):
        keys = WALK[name][1].split()
        page = client.get(reverse(name, args=[family_b[key].pk for key in keys])).content.decode()
        assert pupil_b.legal_last_name in page
        for sen_detail in ("SEN support", "Specific learning difficulty", "SPLD"):
            assert sen_detail not in page, f"{name} shows {sen_detail}"
