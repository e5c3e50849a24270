import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Role, User
from accounts.tests.factories import TEST_PASSWORD, UserFactory, portal_invitation
from contacts.tests.factories import concern_for
from events.models import Handout
from events.tests.factories import GuestFactory
from meetings.notice_planning import plan_meeting
from meetings.records import finalise, start_record
from meetings.tests.factories import ActionPointFactory, InviteeFactory, MeetingFactory
from pupils.models import ProgressNote
from pupils.tests.factories import (
    OnePageProfileFactory,
    OutcomeFactory,
    ParentCarerFactory,
    ProfessionalInvolvementFactory,
    ProvisionFactory,
    PupilFactory,
    PupilParentFactory,
)

REGISTERED = [
    model
    for model in admin.site._registry
    if model._meta.app_label in ("accounts", "pupils", "meetings", "notices", "contacts", "events")
]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser(db):
    return UserFactory(email="it@school.example", role=Role.SENCO, is_staff=True, is_superuser=True)


@pytest.fixture
def one_of_everything(teacher):
    pupil = PupilFactory(key_worker=teacher, class_teacher=teacher)
    pupil.teaching_assistants.add(teacher)
    portal_invitation(PupilParentFactory(pupil=pupil, parent=ParentCarerFactory()).parent)
    OnePageProfileFactory(pupil=pupil)
    outcome = OutcomeFactory(pupil=pupil)
    ProgressNote.objects.create(outcome=outcome, note="Read 12 of the 30 words.", recorded_by=teacher)
    ProvisionFactory(pupil=pupil, staff=teacher)
    ProfessionalInvolvementFactory(pupil=pupil)
    meeting = MeetingFactory(pupil=pupil, led_by=teacher, held=True)
    InviteeFactory(meeting=meeting, user=teacher)
    ActionPointFactory(meeting=meeting, owner_staff=teacher)
    record = start_record(meeting)
    finalise(record, teacher)
    plan_meeting(meeting)
    concern_for(pupil, recorded_by=teacher, assigned_to=teacher)
    guest = GuestFactory(event__created_by=teacher, parent=pupil.parent_links.first().parent, children=[pupil])
    Handout.objects.create(event=guest.event, title="Slides", file=ContentFile(b"%PDF-1.4", name="slides.pdf"))
    return pupil


def test_every_model_is_registered():
    names = {model._meta.label for model in REGISTERED}
    assert names >= {
        "accounts.User",
        "pupils.Pupil",
        "pupils.ParentCarer",
        "pupils.PupilParent",
        "pupils.OnePageProfile",
        "pupils.Outcome",
        "pupils.ProgressNote",
        "pupils.Provision",
        "pupils.ProfessionalInvolvement",
        "meetings.Meeting",
        "meetings.MeetingTypeSetting",
        "meetings.Invitee",
        "meetings.MeetingRecord",
        "meetings.RecordVersion",
        "meetings.OutcomeReview",
        "meetings.ActionPoint",
        "notices.Message",
    }


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_pages_open(client, superuser, one_of_everything, model):
    client.force_login(superuser)
    obj = model._default_manager.first()
    assert obj is not None, f"no {model._meta.label} to open"

    assert client.get(admin_url(model, "changelist")).status_code == 200
    request = RequestFactory().get("/")
    request.user = superuser
    can_add = admin.site._registry[model].has_add_permission(request)
    assert client.get(admin_url(model, "add")).status_code == (200 if can_add else 403)
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert client.get(admin_url(model, "history", obj.pk)).status_code == 200


def test_pupil_changelist_search_by_upn_finds_the_pupil(client, superuser, pupil_a, pupil_b):
    client.force_login(superuser)

    response = client.get(admin_url(pupil_a.__class__, "changelist"), {"q": pupil_a.upn.lower()})

    assert list(response.context["cl"].result_list) == [pupil_a]


def test_pupil_changelist_filters_past_pupils(client, superuser, pupil_a, pupil_b):
    pupil_b.removed_from_register_on, pupil_b.removal_reason = pupil_b.added_to_register_on, "Moved away"
    pupil_b.save()
    client.force_login(superuser)

    response = client.get(admin_url(pupil_a.__class__, "changelist"), {"on_register": "no"})

    assert list(response.context["cl"].result_list) == [pupil_b]


def test_add_user_with_email_instead_of_username(client, superuser):
    client.force_login(superuser)

    response = client.post(
        admin_url(User, "add"),
        {
            "email": "New.Teacher@School.Example",
            "first_name": "Nia",
            "last_name": "New",
            "role": Role.STAFF,
            "job_title": "Year 2 class teacher",
            "usable_password": "true",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new.teacher@school.example")
    assert user.check_password(TEST_PASSWORD) and user.role == Role.STAFF
    duplicate = client.post(admin_url(User, "add"), {"email": "NEW.teacher@school.example", "role": Role.STAFF})
    assert "already has an account" in duplicate.content.decode()


def test_senco_on_the_admin_site_cannot_hand_out_superuser_status(client, senco, teacher, superuser):
    senco.is_staff = True
    senco.save()
    senco.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    client.force_login(senco)

    form = client.get(admin_url(User, "change", teacher.pk)).context["adminform"].form

    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields
    assert client.post(admin_url(User, "change", superuser.pk), {"is_active": ""}).status_code == 403


def test_key_worker_autocomplete_offers_school_staff_only(client, superuser, teacher, parent_a):
    client.force_login(superuser)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "pupils", "model_name": "pupil", "field_name": "key_worker", "term": ""},
    )

    offered = {int(result["id"]) for result in response.json()["results"]}
    assert teacher.pk in offered and parent_a.pk not in offered
