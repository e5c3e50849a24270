"""The shared test world of the access tests: one of everything a URL can name, for family A (pupil A, parent A,
whose class teacher is the teacher) and for the stranger family B, and the school's own things (audits, events,
the library, review days)."""

from datetime import date, timedelta
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.tests.factories import portal_invitation
from audits.models import Audit, AuditAction, AuditQuestion, QuestionnaireLink
from audits.questionnaire import hash_token, link_expiry, set_up
from booking import rules
from booking.models import Invitation
from booking.tests.factories import review_day_with
from contacts.tests.factories import contacts_world
from documents.models import PreparedDocument
from documents.tests.factories import record_delivery
from events.models import Handout
from events.tests.factories import EventFactory
from library.loans import lend
from library.models import Copy, Item
from meetings.notices import MeetingMessageKind
from meetings.tests.factories import ActionPointFactory, MeetingFactory, RecordVersionFactory
from mis.models import PendingImport
from mis.tests.builders import ctf_xml
from notices.models import Channel, Message
from notices.tests.test_views import make_message
from plan_comments.models import PlanCommentLink
from provision.tests.factories import GroupPlaceFactory, InterventionGroupFactory
from pupils import responsibility
from pupils.tests.factories import (
    ProfessionalInvolvementFactory,
    PupilParentFactory,
)
from replies.links import hash_code
from replies.models import ReplyLink
from school.models import ClosureDay, TermDates
from sen_letters.models import LetterChange, SenStatusLetter
from services.models import SupportService
from support_plans.tests.factories import finalised_plan, plans_world


def build_world(senco, teacher, other_teacher, office, head, pupil_a, pupil_b, parent_a, parent_b, young_person):
    review_day = review_day_with(senco, teacher)
    meeting_a = MeetingFactory(pupil=pupil_a, led_by=senco)
    meeting_b = MeetingFactory(pupil=pupil_b, led_by=senco)
    return {
        "senco": senco,
        "teacher": teacher,
        "other_teacher": other_teacher,
        "office": office,
        "head": head,
        "parent_a": parent_a,
        "young_person": young_person,
        "pupil_a": pupil_a,
        "pupil_b": pupil_b,
        "professional_a": ProfessionalInvolvementFactory(pupil=pupil_a),
        **{f"{name}_a": thing for name, thing in plans_world(pupil_a, senco).items()},
        **{f"{name}_b": thing for name, thing in plans_world(pupil_b, senco).items()},
        "parent_record_a": parent_a.parent_record,
        "parent_record_b": parent_b.parent_record,
        # a link sent to the stranger family's other parent, who has no account yet: it opens for anyone
        "welcome_link": SimpleNamespace(pk="link-for-bruno"),
        "invitation_b": portal_invitation(
            PupilParentFactory(pupil=pupil_b, parent__first_name="Bruno").parent, token="link-for-bruno"
        ),
        "responsibility_request": responsibility.ask(
            PupilParentFactory(pupil=pupil_b, has_parental_responsibility=False), "responsibility", office
        ),
        "meeting_a": meeting_a,
        "meeting_b": meeting_b,
        "held_meeting_a": MeetingFactory(pupil=pupil_a, led_by=senco, held=True),
        "held_meeting_b": MeetingFactory(pupil=pupil_b, led_by=senco, held=True),
        "version_a": RecordVersionFactory(record__meeting__pupil=pupil_a),
        "version_b": RecordVersionFactory(record__meeting__pupil=pupil_b),
        "shared_version_a": RecordVersionFactory(record__meeting__pupil=pupil_a, shared=True),
        # a record emailed to the stranger family's other parent, who has no account: its link opens for anyone
        "record_link": SimpleNamespace(pk="record-for-bianca"),
        **record_link_world(pupil_b),
        "record_letter_a": record_delivery(
            RecordVersionFactory(record__meeting__pupil=pupil_a, shared=True),
            parent=parent_a.parent_record,
            channel=Channel.LETTER,
        ).message,
        "message_a": make_message(meeting_a, parent=parent_a.parent_record),
        "letter_a": make_message(meeting_a, parent=parent_a.parent_record, channel=Channel.LETTER),
        "call_a": make_message(
            meeting_a,
            parent=parent_a.parent_record,
            kind=MeetingMessageKind.PHONE_REMINDER,
            channel=Channel.PHONE,
            recipient_address="Mobile: 07700 900123",
        ),
        "reset_user": SimpleNamespace(pk="MQ"),
        "reset_token": SimpleNamespace(pk="not-a-token"),
        # The SENCO's upload from the MIS, waiting for its preview (its URLs name it by token)
        "mis_upload": SimpleNamespace(
            pk=PendingImport.objects.create(
                token="senco-upload", uploaded_by=senco, file_name="school.xml", data=ctf_xml()
            ).token
        ),
        "action_b": ActionPointFactory(meeting__pupil=pupil_b),
        "sen_letter_b": waiting_sen_letter(pupil_b),
        "prepared_for_senco": PreparedDocument.objects.create(kind="letters", requested_by=senco),
        "review_day": review_day,
        "booking_a": rules.book(review_day.slots.filter(staff=senco).first(), pupil_a, office),
        "invitation_a": Invitation.objects.create(review_day=review_day, pupil=pupil_a, invited_by=senco),
        **questionnaire_world(senco, pupil_b),
        **running_world(senco),
        **acting_world(senco),
        **contacts_world(senco, teacher, pupil_a, pupil_b),
        **events_and_library_world(senco, pupil_a, parent_a.parent_record),
        **school_calendar_world(),
        **replies_world(meeting_b, parent_b.parent_record),
        **plan_comments_world(senco, parent_b.parent_record),
        **provision_world(pupil_a, pupil_b),
    }


def plan_comments_world(senco, parent) -> dict:
    """The personal link in the message that sent the stranger family their younger child's plan, a month before
    its review: it opens that plan for anyone who holds it; one character changed, for nobody."""
    sibling = PupilParentFactory(parent=parent, pupil__legal_first_name="Bea").pupil
    plan = finalised_plan(sibling, senco, review_on=timezone.localdate() + timedelta(days=30))
    message = Message.objects.filter(support_plan=plan, parent=parent).get()
    PlanCommentLink.objects.create(token_hash=hash_code("CCCC-DDDD-EEEE"), parent=parent, plan=plan, message=message)
    return {
        "plan_comment_link": SimpleNamespace(pk="CCCC-DDDD-EEEE"),
        "altered_plan_comment_link": SimpleNamespace(pk="CCCC-DDDD-EEEF"),
    }


def provision_world(pupil_a, pupil_b) -> dict:
    """An intervention (the school's) with two groups: one with pupil A (the teacher's class), one with only the
    stranger family's pupil B."""
    group_a = InterventionGroupFactory(name="Group A")
    group_b = InterventionGroupFactory(intervention=group_a.intervention, name="Group B")
    return {
        "intervention": group_a.intervention,
        "cost_band": group_a.intervention.cost_band,
        "provision_group_a": group_a,
        "provision_group_b": group_b,
        "group_place_a": GroupPlaceFactory(group=group_a, pupil=pupil_a),
        "group_place_b": GroupPlaceFactory(group=group_b, pupil=pupil_b),
    }


def replies_world(meeting, parent) -> dict:
    """The personal link in the notice the stranger family was sent about their meeting: it opens for anyone who
    holds it (their family's page, and no other), signed in or not; one character changed, for nobody."""
    meeting.invitees.create(kind="parent", parent=parent, role="Mother")
    ReplyLink.objects.create(
        token_hash=hash_code("BBBB-CCCC-DDDD"),
        parent=parent,
        meeting=meeting,
        message=make_message(meeting, parent=parent),
    )
    return {
        "reply_link": SimpleNamespace(pk="BBBB-CCCC-DDDD"),
        "altered_reply_link": SimpleNamespace(pk="BBBB-CCCC-DDDE"),
    }


def record_link_world(pupil_b) -> dict:
    """A record of the stranger family's, emailed with its own link to their other parent (no account)."""
    bianca = PupilParentFactory(pupil=pupil_b, parent__first_name="Bianca").parent
    version = RecordVersionFactory(record__meeting__pupil=pupil_b, shared=True)
    return {"record_delivery_b": record_delivery(version, parent=bianca, token="record-for-bianca")}


def school_calendar_world() -> dict:
    """A term and a closure day in the school calendar (they belong to no family), years ago: school days now are
    every weekday, as the other tests expect."""
    return {
        "term_dates": TermDates.objects.create(term="autumn", starts_on=date(2020, 9, 3), ends_on=date(2020, 12, 18)),
        "closure_day": ClosureDay.objects.create(date=date(2020, 11, 27), reason="INSET day"),
    }


def waiting_sen_letter(pupil) -> SenStatusLetter:
    """A letter to the pupil's parents about starting SEN support, waiting for the SENCO."""
    return SenStatusLetter.objects.create(
        pupil=pupil, change=LetterChange.SEN_SUPPORT, from_status="N", to_status="K", changed_on=timezone.localdate()
    )


def events_and_library_world(senco, pupil, parent) -> dict:
    """An event with a handout, and a copy from the lending library lent to the family (events and library items
    belong to the school; a loan belongs to a family)."""
    event = EventFactory(created_by=senco)
    copy = Copy.objects.create(item=Item.objects.create(title="Sensory fidget kit"), label="LIB-001")
    return {
        "event": event,
        "handout": Handout.objects.create(
            event=event, title="Slides", file=ContentFile(b"%PDF-1.4 slides", name="slides.pdf")
        ),
        "library_item": copy.item,
        "library_copy": Copy.objects.create(item=copy.item, label="LIB-002"),
        "loan_a": lend(copy, parent, pupil, by=senco),
        "support_service": SupportService.objects.first(),
    }


def acting_world(senco) -> dict:
    """An action from an audit (audit actions belong to no family)."""
    audit = Audit.objects.create(title="Acting", review_on=timezone.localdate() + timedelta(days=365), created_by=senco)
    action = AuditAction.objects.create(
        audit=audit, description="Signs", owner=senco, due_on=audit.review_on, created_by=senco
    )
    return {"audit_action": action}


def running_world(senco) -> dict:
    """An audit asking the whole staff, and a re-audit started from it (audit pages belong to no family)."""
    audit = Audit.objects.create(
        title="Audit", review_on=timezone.localdate() + timedelta(days=365), groups=["whole_staff"], created_by=senco
    )
    question = AuditQuestion.objects.select_related("section").first()
    return {
        "audit": audit,
        "reaudit": Audit.objects.create(
            title="Again", review_on=audit.review_on, groups=audit.groups, started_from=audit, created_by=senco
        ),
        "audit_question": question,
        "audit_section": question.section,
        "audit_group": SimpleNamespace(pk="whole_staff"),
    }


def questionnaire_world(senco, pupil_b) -> dict:
    """An audit with an open parents' questionnaire, and a link emailed to the stranger family's other parent."""
    audit = Audit.objects.create(title="Audit", review_on=timezone.localdate() + timedelta(days=90), created_by=senco)
    questionnaire = set_up(audit, questions=[], introduction="x", closes_on=audit.review_on, by=senco)
    QuestionnaireLink.objects.create(
        questionnaire=questionnaire,
        parent=PupilParentFactory(pupil=pupil_b, parent__first_name="Bonnie").parent,
        token_hash=hash_token("questionnaire-for-bonnie"),
        sent_by=senco,
        expires_at=link_expiry(questionnaire.closes_on),
    )
    return {
        "questionnaire_audit": audit,
        "questionnaire": questionnaire,
        "questionnaire_link": SimpleNamespace(pk="questionnaire-for-bonnie"),
    }
