"""Named people shared by the tests: one per role, and a stranger family in every access test."""

import importlib

import pytest
from django.apps import apps
from django.http import HttpRequest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from accounts.tests.factories import UserFactory
from pupils.tests.factories import ParentCarerFactory, PupilFactory, PupilParentFactory
from security.tests.helpers import give_authenticator_app
from security.two_step import must_use

# On PostgreSQL with xdist, the workers' test databases are copies of one migrated once per run.
pytest_plugins = ["senco_portal.pytest_template_db"]


class TwoStepClient(Client):
    """Django's test client, whose force_login() and login() also stand for the code step of signing in: staff
    (who always need a code) get an authenticator app if they have none, and the session counts as verified by
    it, as it does for a family member who turned two-step sign-in on. The sign-in steps themselves are tested
    with `plain_client` (security/tests/)."""

    def login(self, **credentials):
        credentials.setdefault("request", HttpRequest())  # django-axes checks every sign-in against its request
        return super().login(**credentials)

    def _login(self, user, backend=None):
        super()._login(user, backend)
        device = (
            give_authenticator_app(user)
            if must_use(user)
            else TOTPDevice.objects.filter(user=user, confirmed=True).first()
        )
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client():
    return TwoStepClient()


@pytest.fixture
def plain_client():
    """A client that signs in only as a person would: the password, then the code."""
    return Client()


@pytest.fixture
def senco(db):
    return UserFactory(email="senco@school.example", first_name="Sam", last_name="Senco", role=Role.SENCO)


@pytest.fixture
def teacher(db):
    return UserFactory(email="teacher@school.example", first_name="Tia", last_name="Teacher", role=Role.STAFF)


@pytest.fixture
def other_teacher(db):
    return UserFactory(email="other@school.example", first_name="Owen", last_name="Other", role=Role.STAFF)


@pytest.fixture
def office(db):
    return UserFactory(email="office@school.example", first_name="Olu", last_name="Office", role=Role.OFFICE)


@pytest.fixture
def head(db):
    return UserFactory(email="head@school.example", first_name="Hana", last_name="Head", role=Role.HEAD)


@pytest.fixture
def pupil_a(teacher):
    """Family A's child; the teacher is the class teacher."""
    return PupilFactory(legal_first_name="Amelia", legal_last_name="Ashworth", class_teacher=teacher)


@pytest.fixture
def pupil_b(db):
    """The stranger family's child: nobody in the fixtures above works with them."""
    return PupilFactory(legal_first_name="Ben", legal_last_name="Barker", year_group=8, form="8R")


@pytest.fixture
def parent_a(pupil_a):
    user = UserFactory(email="parent.a@home.example", role=Role.PARENT)
    parent = ParentCarerFactory(first_name="Alice", last_name="Ashworth", user=user, email=user.email)
    PupilParentFactory(pupil=pupil_a, parent=parent)
    return user


@pytest.fixture
def parent_b(pupil_b):
    user = UserFactory(email="parent.b@home.example", role=Role.PARENT)
    parent = ParentCarerFactory(first_name="Bella", last_name="Barker", user=user, email=user.email)
    PupilParentFactory(pupil=pupil_b, parent=parent)
    return user


@pytest.fixture
def young_person(db):
    """A post-16 pupil with their own portal account, of neither family above."""
    user = UserFactory(email="young@home.example", role=Role.YOUNG_PERSON)
    PupilFactory(user=user, year_group=13, form="13A")
    return user


# Rows the data migrations add. A transactional test (a browser test, say) empties every table when it ends, and
# with the suite spread over several workers other tests may run after it: each database test gets them back.
SEED_ROWS = [
    ("school.migrations.0002_the_school_row", "create_school", "school.School"),
    ("documents.migrations.0002_glossary_terms", "load_terms", "documents.GlossaryTerm"),
    ("documents.migrations.0007_plan_glossary_terms", "load_terms", "documents.GlossaryTerm", {"term": "SMART"}),
    ("documents.migrations.0008_classroom_words", "load_terms", "documents.GlossaryTerm", {"term": "word mat"}),
    ("meetings.migrations.0002_meeting_type_settings", "create_settings", "meetings.MeetingTypeSetting"),
    ("portal.migrations.0004_kinds_of_national_services", "add_national_services", "services.SupportService"),
    ("audits.migrations.0002_the_guides_questions", "load", "audits.AuditQuestion"),
]


@pytest.fixture(autouse=True)
def _seed_rows(request):
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if names & {"transactional_db", "live_server"} or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        return
    load_seed_rows()


def load_seed_rows() -> None:
    """The data migrations' rows, where a table lacks them: every migration that fills a table found empty, in order,
    and one that adds rows to a table an earlier one filled when the row it names is missing."""
    empty = {model for _, _, model, *_ in SEED_ROWS if not apps.get_model(model).objects.exists()}
    for module, function, model, *one_of_its_rows in SEED_ROWS:
        missing = one_of_its_rows and not apps.get_model(model).objects.filter(**one_of_its_rows[0]).exists()
        if model in empty or missing:
            getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def _school_settings_read_afresh():
    # School.load keeps the settings for the process while their stamp holds; each test starts as a new process, so
    # its counts of queries do not depend on the tests run before it.
    from school.models import School

    School.forget_kept()
    yield
    School.forget_kept()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests render pages without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Sharing a record stores its PDF under MEDIA_ROOT: keep test files out of the project folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing is deliberately slow; the tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, driven by Playwright: never a browser downloaded at run time."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    # A desk screen: the staff menu is open from 1200 px up (it folds into a button below).
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
