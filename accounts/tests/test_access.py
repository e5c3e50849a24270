"""Every page, every role: who gets in, who is refused, who is told the page does not exist.

Roles: anon (signed out), senco, teacher (class teacher of pupil A), other_teacher (linked with nobody),
office, head, parent_a (pupil A's mother), young_person (a post-16 pupil with their own account, of neither family).
Pupil B belongs to a stranger family nobody here works with.

Every URL of every namespace needs a row (`test_every_url_pattern_is_in_the_table`, which asks the URL resolver).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pupils.tests.factories import (
    OutcomeFactory,
)
from school.models import School

ROLES = ["anon", "senco", "teacher", "other_teacher", "office", "head", "parent_a", "young_person"]
LOGIN = "login"  # a redirect to the sign-in page
STAFF_SIDE = {"office": 403, "head": 403, "parent_a": 403, "anon": LOGIN}


def only(*roles, others=403, **special):
    """Expected status per role: 200 for `roles`, `others` for the rest, anon redirected to sign in."""
    table = dict.fromkeys(roles, 200)
    for role in ROLES:
        table.setdefault(role, others)
    table["anon"] = LOGIN
    table.update(special)
    return table


SEN_TEAM = ("senco", "teacher", "other_teacher")
LINKED = only("senco", "teacher", other_teacher=404)
SENCO_ONLY = only("senco")
CONTACTS = only("senco", "office")
LENDERS = only("senco", "teacher", "other_teacher", "office")
FAMILY = only("parent_a", "young_person")
FAMILY_A = only("parent_a", young_person=404)  # pupil A is not the young person's record

# (url name, object the URL names, method, expected per role); a name may carry a query ("meetings:mine?records=all")
CASES = [
    ("accounts:home", None, "get", dict.fromkeys(ROLES, 302) | {"anon": LOGIN}),
    # The school's settings: the SENCO and the head keep them
    ("accounts:school_settings", None, "get", only("senco", "head")),
    ("login", None, "get", dict.fromkeys(ROLES, 302) | {"anon": 200}),
    ("password_change", None, "get", only(*ROLES)),
    ("password_reset", None, "get", dict.fromkeys(ROLES, 200)),
    ("password_change_done", None, "get", only(*ROLES)),
    ("password_reset_done", None, "get", dict.fromkeys(ROLES, 200)),
    # a link that does not work (a forged token) says so, to anyone
    ("password_reset_confirm", "reset_user+reset_token", "get", dict.fromkeys(ROLES, 200)),
    ("password_reset_complete", None, "get", dict.fromkeys(ROLES, 200)),
    ("security:account", None, "get", only(*ROLES)),
    ("security:code", None, "get", dict.fromkeys(ROLES, 302) | {"anon": LOGIN}),  # no code owed: on to the page
    ("security:set_up", None, "get", only(*ROLES)),
    ("security:recovery_codes", None, "get", only(*ROLES)),
    ("security:new_recovery_codes", None, "post", dict.fromkeys(ROLES, 302) | {"anon": LOGIN}),
    ("security:turn_off", None, "get", dict.fromkeys(ROLES, 302) | {"anon": LOGIN}),  # staff may not; parent_a: off
    ("logout", None, "post", dict.fromkeys(ROLES, 302)),
    ("pupils:register", None, "get", only(*SEN_TEAM)),
    ("pupils:register_export", None, "get", only(*SEN_TEAM)),
    ("pupils:import", None, "get", dict.fromkeys(ROLES, 302)),  # the old address: on to mis:upload
    ("pupils:import_template", None, "get", SENCO_ONLY),
    ("pupils:pupil_add", None, "get", SENCO_ONLY),
    # The import from the MIS: the SENCO's own upload only (another SENCO's token is sent back to the upload page)
    ("mis:upload", None, "get", SENCO_ONLY),
    ("mis:preview", "mis_upload", "get", SENCO_ONLY),
    ("mis:encoding", "mis_upload", "post", only(senco=302)),
    ("mis:columns", "mis_upload", "post", only(senco=302)),
    ("mis:apply", "mis_upload", "post", only(senco=302)),  # not previewed yet: back to the preview
    # A leaver's CTF and SEN file for the next school
    ("mis:pupil_ctf", "pupil_a", "get", SENCO_ONLY),
    ("mis:pupil_ctf", "pupil_b", "get", SENCO_ONLY),
    ("mis:pupil_sen_file", "pupil_a", "get", SENCO_ONLY),
    ("pupils:pupil_detail", "pupil_a", "get", LINKED),
    ("pupils:pupil_detail", "pupil_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("pupils:pupil_edit", "pupil_a", "get", SENCO_ONLY),
    ("pupils:pupil_remove", "pupil_a", "get", SENCO_ONLY),
    ("pupils:pupil_return", "pupil_a", "post", only(senco=302)),
    ("pupils:pupil_history", "pupil_a", "get", SENCO_ONLY),
    ("pupils:profile_edit", "pupil_a", "get", LINKED),
    ("pupils:profile_edit", "pupil_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("pupils:profile_print", "pupil_a", "get", LINKED),
    # SEN support plans: staff who may see the pupil read them, the SENCO writes them; never the office or families
    ("support_plans:pupil", "pupil_a", "get", LINKED),
    ("support_plans:pupil", "pupil_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("support_plans:plan", "plan_a", "get", LINKED),
    ("support_plans:plan", "draft_a", "get", LINKED),
    ("support_plans:plan", "plan_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("support_plans:start", "pupil_a", "post", only(senco=302)),  # the draft already started: opened
    ("support_plans:edit", "draft_a", "get", SENCO_ONLY),
    ("support_plans:edit", "draft_b", "get", SENCO_ONLY),
    ("support_plans:edit", "plan_a", "get", only(senco=302)),  # finalised: locked, back to the plan
    ("support_plans:outcome_add", "draft_a", "get", SENCO_ONLY),
    ("support_plans:outcome_edit", "plan_outcome_a", "get", SENCO_ONLY),
    ("support_plans:outcome_remove", "plan_outcome_a", "post", only(senco=302)),
    ("support_plans:support", "draft_a", "get", SENCO_ONLY),
    ("support_plans:finalise", "draft_a", "post", only(senco=302)),
    ("support_plans:discard", "draft_a", "post", only(senco=302)),
    ("support_plans:review", "plan_a", "get", SENCO_ONLY),
    ("support_plans:review", "draft_a", "get", only(senco=302)),  # only the current plan is reviewed
    # The plan as the family's PDF: staff who may see the pupil (a draft says it is one); never the office
    ("documents:plan_pdf", "plan_a", "get", LINKED),
    ("documents:plan_pdf", "draft_a", "get", LINKED),
    ("documents:plan_pdf", "plan_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("pupils:professional_add", "pupil_a", "get", SENCO_ONLY),
    ("pupils:professional_edit", "professional_a", "get", SENCO_ONLY),
    ("pupils:families", None, "get", CONTACTS),
    ("pupils:family_detail", "pupil_a", "get", CONTACTS),
    ("pupils:family_detail", "pupil_b", "get", CONTACTS),
    ("pupils:parent_add", "pupil_a", "get", CONTACTS),
    ("pupils:parent_link", "pupil_a", "get", CONTACTS),
    ("pupils:parent_edit", "parent_record_a", "get", CONTACTS),
    # Parental responsibility and first invitations entered by others: the SENCO alone answers
    ("pupils:responsibility_requests", None, "get", SENCO_ONLY),
    ("pupils:responsibility_approve", "responsibility_request", "post", only(senco=302)),
    ("pupils:responsibility_refuse", "responsibility_request", "post", only(senco=302)),
    # Portal access: parents (office and SENCO), a young person's own account and agreement (SENCO)
    ("pupils:portal_invite", "pupil_a+parent_record_a", "post", only(senco=302, office=302)),
    ("pupils:portal_invite", "pupil_a+parent_record_b", "post", only(senco=404, office=404)),
    ("pupils:portal_revoke", "pupil_a+parent_record_a", "get", CONTACTS),
    ("pupils:portal_revoke", "pupil_a+parent_record_b", "get", only(senco=404, office=404)),
    ("pupils:young_person_invite", "pupil_a", "get", SENCO_ONLY),
    ("pupils:young_person_revoke", "pupil_a", "get", SENCO_ONLY),
    ("pupils:parents_agreement", "pupil_a", "get", SENCO_ONLY),
    ("welcome", "welcome_link", "get", dict.fromkeys(ROLES, 200)),
    # A record emailed to a parent without an account opens from its link, signed out, for whoever holds the link
    ("record_link", "record_link", "get", dict.fromkeys(ROLES, 200)),
    ("record_link_pdf", "record_link", "get", dict.fromkeys(ROLES, 200)),
    ("pupils:figures", None, "get", only("senco", "head")),
    ("admin:index", None, "get", dict.fromkeys(ROLES, LOGIN)),
    # Meetings
    ("meetings:dashboard", None, "get", SENCO_ONLY),
    ("meetings:dashboard_to_book", None, "get", SENCO_ONLY),
    ("meetings:dashboard_overdue", None, "get", SENCO_ONLY),
    ("meetings:dashboard_waiting", None, "get", SENCO_ONLY),
    ("meetings:overdue_records", None, "get", only("senco", "teacher", "other_teacher")),
    ("meetings:annual_reviews_due", None, "get", SENCO_ONLY),
    ("meetings:schedule", "pupil_a", "get", LINKED),
    ("meetings:schedule", "pupil_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("meetings:detail", "meeting_a", "get", LINKED),
    ("meetings:detail", "meeting_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("meetings:edit", "meeting_a", "get", LINKED),
    ("meetings:status", "meeting_a", "post", only(senco=302, teacher=302, other_teacher=404)),
    ("meetings:cancel", "meeting_a", "get", LINKED),
    ("meetings:rearrange", "meeting_a", "get", LINKED),
    ("meetings:ics", "meeting_a", "get", LINKED),
    ("meetings:ics", "meeting_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("meetings:record", "held_meeting_a", "get", LINKED),
    ("meetings:record", "held_meeting_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("meetings:record_finalise", "held_meeting_b", "post", only(senco=302, teacher=404, other_teacher=404)),
    ("meetings:record_amend", "held_meeting_a", "get", LINKED),
    ("meetings:version", "version_a", "get", LINKED),
    ("meetings:version", "version_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("meetings:version_share", "version_b", "post", only(senco=302, teacher=404, other_teacher=404)),
    ("meetings:calendar", None, "get", only(*SEN_TEAM)),
    ("meetings:calendar?view=day", None, "get", only(*SEN_TEAM)),
    ("meetings:calendar?view=month&only=all", None, "get", only(*SEN_TEAM)),
    ("meetings:mine", None, "get", only(*SEN_TEAM)),
    ("meetings:mine?records=all", None, "get", only(*SEN_TEAM)),
    ("meetings:actions", None, "get", only(*SEN_TEAM)),
    ("meetings:action_status", "action_b", "post", only(senco=302, teacher=404, other_teacher=404)),
    # Documents (PDFs)
    ("documents:record_pdf", "version_a", "get", LINKED),
    ("documents:record_pdf", "version_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("documents:profile_pdf", "pupil_a", "get", LINKED),
    ("documents:profile_pdf", "pupil_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("documents:letters_pdf", None, "get", CONTACTS),
    ("documents:timetable_pdf", "review_day", "get", only("senco", "teacher", "office", other_teacher=404)),
    ("documents:day_records_batch", "review_day", "post", only(senco=302)),
    ("documents:letters_batch", None, "post", only(senco=302, office=302)),
    ("documents:prepared", "prepared_for_senco", "get", only("senco", office=404)),
    ("documents:prepared_pdf", "prepared_for_senco", "get", only(senco=302, office=404)),
    # Review days and booking (office and SENCO; only the SENCO sets up a day)
    ("booking:days", None, "get", CONTACTS),
    ("booking:day_create", None, "get", SENCO_ONLY),
    ("booking:series_create", None, "get", SENCO_ONLY),
    ("booking:day", "review_day", "get", CONTACTS),
    ("booking:find", "review_day", "get", CONTACTS),
    ("booking:invite", "review_day", "get", SENCO_ONLY),
    ("booking:invitations", "review_day", "get", CONTACTS),
    ("booking:invitation_decline", "review_day+invitation_a", "post", only(senco=302, office=302)),
    ("booking:pupil_slots", "review_day+pupil_a", "get", CONTACTS),
    ("booking:book_siblings", "review_day+pupil_a", "post", only(senco=409, office=409)),
    ("booking:move", "booking_a", "get", CONTACTS),
    # A timetable: the SENCO and office see anyone's, a member of staff only their own
    ("booking:timetable", "review_day+senco", "get", CONTACTS),
    ("booking:timetable", "review_day+teacher", "get", only("senco", "teacher", "office")),
    ("booking:attendance", "review_day+booking_a", "post", only(senco=302, office=302)),
    ("booking:cancel", "booking_a", "get", CONTACTS),
    # Privacy: the access log, subject access exports and retention (the SENCO only)
    ("overview:pupil_access_log", "pupil_a", "get", SENCO_ONLY),
    ("overview:pupil_access_log", "pupil_b", "get", SENCO_ONLY),
    ("overview:pupil_subject_access", "pupil_a", "post", SENCO_ONLY),
    ("overview:parent_subject_access", "parent_record_a", "post", SENCO_ONLY),
    ("overview:retention", None, "get", SENCO_ONLY),
    # Parents' questionnaire: the SENCO runs it, the office types in paper replies (no answers shown), the head reads
    # the answers without names, a parent answers in the portal, and an emailed link opens for anyone (signed out)
    ("audits:questionnaires", None, "get", only("senco", "office", "head")),
    ("audits:parents_answers", "questionnaire_audit", "get", only("senco", "head")),
    ("audits:questionnaire_set_up", "questionnaire_audit", "get", SENCO_ONLY),
    ("audits:questionnaire_send", "questionnaire_audit", "get", SENCO_ONLY),
    ("audits:questionnaire_paper", "questionnaire_audit", "get", only("senco", "office")),
    ("audits:questionnaire_answer", "questionnaire", "get", only("parent_a")),
    ("audits:questionnaire_link", "questionnaire_link", "get", dict.fromkeys(ROLES, 200)),
    # Running an audit: the SENCO runs it; the head (and governors) read it all and change nothing
    ("audits:questions", None, "get", only("senco", "head")),
    ("audits:question", "audit_question", "get", only("senco", "head")),
    ("audits:question_hide", "audit_question", "post", only(senco=302)),
    ("audits:question_add", "audit_section", "get", SENCO_ONLY),
    ("audits:audit_list", None, "get", only("senco", "head")),
    ("audits:audit_new", None, "get", SENCO_ONLY),
    ("audits:audit_detail", "audit", "get", only("senco", "head")),
    ("audits:reaudit", "audit", "get", SENCO_ONLY),
    ("audits:respond", "audit+audit_group+audit_section", "get", SENCO_ONLY),
    ("audits:consolidate", "audit+audit_question", "get", only("senco", "head")),
    ("audits:consolidate", "audit+audit_question", "post", only("senco")),  # no rating: the form again
    ("audits:compare", "reaudit", "get", only("senco", "head")),
    # Acting on the audit, reports and documents: the SENCO acts; the head reads and prints
    ("audits:action_points", "audit", "get", only("senco", "head")),
    ("audits:action_add", "audit", "get", SENCO_ONLY),
    ("audits:action_edit", "audit_action", "get", SENCO_ONLY),
    ("audits:action_plan", None, "get", only("senco", "head")),
    ("audits:action_plan_csv", None, "get", only("senco", "head")),
    ("audits:action_plan_pdf", None, "get", only("senco", "head")),
    ("audits:handover", None, "get", only("senco", "head")),
    ("audits:handover_pdf", None, "get", only("senco", "head")),
    ("audits:governors", None, "get", only("senco", "head")),
    ("audits:governors_pdf", None, "get", only("senco", "head")),
    ("audits:sheets_blank", None, "get", only("senco", "head")),
    ("audits:audit_sheets_blank", "audit", "get", only("senco", "head")),
    ("audits:audit_sheets_completed", "audit", "get", only("senco", "head")),
    # Contacts with families and concerns: staff for the pupils they work with; the office logs for any family
    ("contacts:pupil_contacts", "pupil_a", "get", LINKED),
    ("contacts:pupil_contacts", "pupil_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("contacts:contact_add", "pupil_a", "get", only("senco", "teacher", "office", other_teacher=404)),
    ("contacts:contact_add", "pupil_b", "get", only("senco", "office", teacher=404, other_teacher=404)),
    ("contacts:mine", None, "get", only(*SEN_TEAM)),
    ("contacts:overdue", None, "get", SENCO_ONLY),
    ("contacts:respond", "concern_a", "get", LINKED),
    ("contacts:respond", "concern_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("contacts:figures", None, "get", SENCO_ONLY),
    ("contacts:positive_news", None, "get", only(*SEN_TEAM)),
    ("overview:pupil_timeline", "pupil_a", "get", LINKED),
    ("overview:pupil_timeline", "pupil_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("overview:pupil_timeline?term=2026-autumn", "pupil_a", "get", LINKED),
    (
        "overview:pupil_timeline?term=2026-autumn&strand=contacts",
        "pupil_b",
        "get",
        only("senco", teacher=404, other_teacher=404),
    ),
    ("overview:pupil_timeline?term=bogus", "pupil_a", "get", LINKED),
    # Events for parents: the SENCO runs them; staff see them and take attendance for the families they work with
    ("events:list", None, "get", only(*SEN_TEAM)),
    ("events:add", None, "get", SENCO_ONLY),
    ("events:detail", "event", "get", only(*SEN_TEAM)),
    ("events:edit", "event", "get", SENCO_ONLY),
    ("events:invite", "event", "get", SENCO_ONLY),
    ("events:cancel", "event", "get", SENCO_ONLY),
    ("events:handout_add", "event", "get", SENCO_ONLY),
    ("events:handout", "handout", "get", only(*SEN_TEAM)),
    # (an event still to come: attendance opens on the day, so staff are sent back to the event)
    ("events:attendance", "event", "get", only(senco=302, teacher=302, other_teacher=302)),
    ("events:times_report", None, "get", SENCO_ONLY),
    # The lending library: the SENCO, staff and the office lend; a family sees what it has borrowed
    ("library:catalogue", None, "get", LENDERS),
    ("library:item_add", None, "get", LENDERS),
    ("library:item_detail", "library_item", "get", LENDERS),
    ("library:item_edit", "library_item", "get", LENDERS),
    ("library:copy_add", "library_item", "get", LENDERS),
    ("library:copy_edit", "library_copy", "get", LENDERS),
    ("library:lend", "library_copy", "get", LENDERS),
    ("library:loans", None, "get", LENDERS),
    ("library:return", "loan_a", "get", only("senco", "teacher", "office", other_teacher=404)),
    ("library:renew", "loan_a", "get", only("senco", "teacher", "office", other_teacher=404)),
    ("library:pupil_loans", "pupil_a", "get", only("senco", "teacher", "office", other_teacher=404)),
    ("library:family_loans", None, "get", FAMILY),
    # The directory of support services: the SENCO and the office keep it; staff and the head read it
    ("services:list", None, "get", only("senco", "teacher", "other_teacher", "office", "head")),
    ("services:add", None, "get", CONTACTS),
    ("services:edit", "support_service", "get", CONTACTS),
    # The school calendar: term dates, half terms and closure days, kept by the SENCO and the office
    ("school:calendar", None, "get", CONTACTS),
    ("school:term_add", None, "get", CONTACTS),
    ("school:term_edit", "term_dates", "get", CONTACTS),
    ("school:term_delete", "term_dates", "get", CONTACTS),
    ("school:closure_add", None, "get", CONTACTS),
    ("school:closure_delete", "closure_day", "get", CONTACTS),
    ("school:calendar_upload", None, "get", CONTACTS),
    ("school:calendar_file", None, "get", CONTACTS),
    # Messages to families and staff: the log of a pupil's (SENCO and staff who work with the pupil), of a family's
    # (the office too, without SEN detail); the SENCO retries what did not go; the SENCO and office print letters
    ("notices:pupil_log", "pupil_a", "get", LINKED),
    ("notices:pupil_log", "pupil_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("notices:parent_log", "parent_record_a", "get", only("senco", "teacher", "office", other_teacher=404)),
    ("notices:parent_log", "parent_record_b", "get", only("senco", "office", teacher=404, other_teacher=404)),
    ("notices:detail", "message_a", "get", only("senco", "teacher", "office", other_teacher=404)),
    ("notices:resend", "message_a", "post", only(senco=302, teacher=302, office=302, other_teacher=404)),
    ("notices:failed", None, "get", SENCO_ONLY),
    ("notices:retry", "message_a", "post", only(senco=302)),
    ("notices:letters", None, "get", CONTACTS),
    ("notices:letters_printed", None, "post", only(senco=302, office=302)),
    ("notices:printed", "letter_a", "post", only(senco=302, office=302)),
    # The office's call list (day-before reminders by phone): the SENCO and the office ring, and tick how it went
    ("notices:calls", None, "get", CONTACTS),
    ("notices:call_outcome", "call_a", "post", only(senco=302, office=302)),
    # the record a letter on the print list encloses: whoever prints the letters
    ("documents:letter_enclosure", "record_letter_a", "get", CONTACTS),
    # Letters telling parents of a change in SEN support: the SENCO checks, changes, sends or sets them aside
    ("sen_letters:list", None, "get", SENCO_ONLY),
    ("sen_letters:letter", "sen_letter_b", "get", SENCO_ONLY),
    ("sen_letters:set_aside", "sen_letter_b", "post", only(senco=302)),
    # The parents' portal: a parent sees their own children, a young person their own record; nobody else
    ("portal:home", None, "get", FAMILY),
    ("portal:child", "pupil_a", "get", FAMILY_A),
    ("portal:child", "pupil_b", "get", only(parent_a=404, young_person=404)),
    # The child's SEN support plan: the agreed versions only, never a draft; the old Targets and Support pages open it
    ("portal:plan", "pupil_a", "get", FAMILY_A),
    ("portal:plan", "pupil_b", "get", only(parent_a=404, young_person=404)),
    ("portal:targets", "pupil_a", "get", only(parent_a=302, young_person=404)),
    ("portal:support", "pupil_a", "get", only(parent_a=302, young_person=404)),
    ("portal:plan_version", "plan_a", "get", FAMILY_A),
    ("portal:plan_version", "draft_a", "get", only(parent_a=404, young_person=404)),
    ("portal:plan_version", "plan_b", "get", only(parent_a=404, young_person=404)),
    ("portal:plan_pdf", "plan_a", "get", FAMILY_A),
    ("portal:plan_pdf", "draft_a", "get", only(parent_a=404, young_person=404)),
    ("portal:meetings", "pupil_a", "get", FAMILY_A),
    ("portal:record", "shared_version_a", "get", FAMILY_A),
    ("portal:record", "version_a", "get", only(parent_a=404, young_person=404)),  # not shared with the family
    ("portal:record_pdf", "shared_version_a", "get", FAMILY_A),
    ("portal:actions", None, "get", FAMILY),
    ("portal:messages", None, "get", FAMILY),
    ("portal:message", "message_a", "get", FAMILY_A),
    ("portal:contacts", None, "get", FAMILY),
    ("portal:services", None, "get", FAMILY),
    ("portal:glossary", None, "get", FAMILY),
    ("portal:settings", None, "get", FAMILY),
    # the text size is remembered on the device, for anyone (the portal offers it), then back to the home page
    ("portal:text_size", None, "post", dict.fromkeys(ROLES, 302)),
    # A family's personal link from a notice: it opens the family's own meeting for whoever holds it, signed in or
    # not (another family's parent, staff); an altered one opens nothing, for anyone
    ("replies:reply", "reply_link", "get", dict.fromkeys(ROLES, 200)),
    ("replies:reply", "altered_reply_link", "get", dict.fromkeys(ROLES, 404)),
    # The personal link that sent the stranger family their child's plan before its review: it opens that plan for
    # whoever holds it, signed in or not; an altered one opens nothing, for anyone
    ("plan_comments:comment", "plan_comment_link", "get", dict.fromkeys(ROLES, 200)),
    ("plan_comments:comment", "altered_plan_comment_link", "get", dict.fromkeys(ROLES, 404)),
    ("plan_comments:plan_pdf", "plan_comment_link", "get", dict.fromkeys(ROLES, 200)),
    # The provision map: the SENCO runs it; the head reads its figures (no child named); staff see the groups of
    # the pupils they work with and score them; the office sees when and where groups meet; families see none of it
    ("provision:map", None, "get", only("senco", "head")),
    ("provision:map_csv", None, "get", only("senco", "head")),
    ("documents:provision_map_pdf", None, "get", only("senco", "head")),
    ("provision:impact", None, "get", only("senco", "head")),
    ("provision:interventions", None, "get", only("senco", "head")),
    ("provision:intervention", "intervention", "get", only("senco", "head")),
    ("provision:intervention_add", None, "get", SENCO_ONLY),
    ("provision:intervention_edit", "intervention", "get", SENCO_ONLY),
    ("provision:group_add", "intervention", "get", SENCO_ONLY),
    ("provision:cost_bands", None, "get", SENCO_ONLY),
    ("provision:cost_band_edit", "cost_band", "get", SENCO_ONLY),
    ("provision:timetable", None, "get", CONTACTS),
    # One day at a time (?day=): any day, or a tampered one (ignored: today), opens for nobody else
    ("provision:timetable?day=2027-02-04", None, "get", CONTACTS),
    ("provision:timetable?day=bogus&week=9999-12-31", None, "get", CONTACTS),
    ("provision:groups", None, "get", only(*SEN_TEAM)),
    ("provision:group", "provision_group_a", "get", LINKED),
    ("provision:group", "provision_group_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("provision:group_edit", "provision_group_a", "get", SENCO_ONLY),
    ("provision:places_add", "provision_group_a", "get", SENCO_ONLY),
    ("provision:place_edit", "group_place_a", "get", SENCO_ONLY),
    ("provision:place_edit", "group_place_b", "get", SENCO_ONLY),
    ("provision:entry_scores", "provision_group_a", "get", LINKED),
    ("provision:entry_scores", "provision_group_b", "get", only("senco", teacher=404, other_teacher=404)),
    ("provision:exit_scores", "provision_group_a", "get", LINKED),
    # Monitoring: open to all (503 here: the test world has no worker heartbeat)
    ("health:status", None, "get", dict.fromkeys(ROLES, 503)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("url_name", "obj", "method", "expected"), CASES, ids=[f"{c[0]}[{c[1] or '-'}]" for c in CASES]
)
def test_url_role_table(client, world, role, url_name, obj, method, expected):
    # "review_day+pupil_a": a URL naming two objects; "name?day=...": with a query
    url_name, _, query = url_name.partition("?")
    url = reverse(url_name, args=[world[name].pk for name in obj.split("+")] if obj else [])
    url += f"?{query}" if query else ""
    if role != "anon":
        client.force_login(world[role])
    response = getattr(client, method)(url)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302
        assert "login" in response["Location"]
    else:
        assert response.status_code == want, f"{role} {method.upper()} {url}"


def every_url_pattern(resolver: URLResolver | None = None, namespace: str = ""):
    """(name, pattern) for every named URL the site answers, with its namespace, found from the URL resolver."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from every_url_pattern(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def test_every_url_pattern_is_in_the_table():
    names_in_table = {case[0].partition("?")[0] for case in CASES}
    # Django's admin site checks `is_staff` on every one of its pages; admin:index stands for them all here.
    found = {name for name, _ in every_url_pattern() if not name.startswith("admin:")} | {"admin:index"}
    assert found - names_in_table == set(), "these URLs have no row in the access table"
    assert names_in_table - found == set(), "these URL names no longer exist"


def test_school_setting_widens_staff_view_to_whole_register(client, other_teacher, pupil_b):
    client.force_login(other_teacher)
    assert client.get(reverse("pupils:pupil_detail", args=[pupil_b.pk])).status_code == 404
    school = School.load()
    school.staff_see_whole_register = True
    school.save()
    assert client.get(reverse("pupils:pupil_detail", args=[pupil_b.pk])).status_code == 200


def test_staff_register_lists_only_linked_pupils(client, teacher, pupil_a, pupil_b):
    client.force_login(teacher)
    response = client.get(reverse("pupils:register"))
    assert list(response.context["pupils"]) == [pupil_a]


def test_office_sees_contacts_but_no_sen_detail(client, office, pupil_a, parent_a):
    pupil_a.primary_need = "SEMH"
    pupil_a.save()
    OutcomeFactory(pupil=pupil_a, description="Use the calm box when upset")
    client.force_login(office)
    page = client.get(reverse("pupils:family_detail", args=[pupil_a.pk])).content.decode()
    assert "Alice Ashworth" in page and "07700 900123" in page
    for sen_detail in ("SEN support", "SEMH", "Social, emotional", "calm box", pupil_a.upn):
        assert sen_detail not in page
    listing = client.get(reverse("pupils:families")).content.decode()
    assert "Ashworth" in listing and "SEN support" not in listing and "SEMH" not in listing


def test_parent_landing_page_names_only_their_own_child(client, parent_a, pupil_a, pupil_b):
    client.force_login(parent_a)
    page = client.get(reverse("portal:home")).content.decode()
    assert pupil_a.full_name in page
    assert pupil_b.full_name not in page
