"""What the browser is told: a content security policy that allows no inline script, pages that need none, and
production settings that Django's deployment checklist finds nothing wrong with."""

import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from meetings.notices import MeetingMessageKind
from meetings.tests.factories import MeetingFactory
from notices.models import Channel, Message, MessageStatus

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# In template source (which is not HTML until rendered): a <script> with no src, an on...="..." attribute.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=\s*[\"']", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=\s*[\"']", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)


class InlineCode(HTMLParser):
    """Everything in a rendered page that a policy without 'unsafe-inline' would refuse."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> with no src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"<{tag} {name}=...>" for name in sorted(names) if name.startswith("on") or name == "style"]


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def test_pages_carry_a_content_security_policy_with_no_inline_script(client, senco):
    client.force_login(senco)

    directives = policy(client.get(reverse("meetings:dashboard")))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert not any("unsafe" in value for values in directives.values() for value in values)


def test_the_sign_in_page_carries_it_too(client, db):
    assert policy(client.get(reverse("login")))["script-src"] == ["'self'"]


def test_only_the_page_showing_an_email_as_sent_allows_inline_style(client, senco, sent_email):
    """The email sits in a sandboxed frame that takes the page's policy, and emails carry their styles inline."""
    client.force_login(senco)

    directives = policy(client.get(reverse("notices:detail", args=[sent_email.pk])))

    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["script-src"] == ["'self'"]


def test_other_protective_headers(client, senco):
    client.force_login(senco)

    response = client.get(reverse("meetings:dashboard"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.fixture
def sent_email(senco, pupil_a, parent_a):
    """An email as sent: its HTML has inline style, as emails must; the page shows it in a sandboxed frame."""
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco)
    now = timezone.now()
    return Message.objects.create(
        meeting=meeting,
        parent=parent_a.parent_record,
        kind=MeetingMessageKind.NOTICE,
        channel=Channel.EMAIL,
        status=MessageStatus.SENT,
        due_at=now,
        for_starts_at=meeting.starts_at,
        expires_at=meeting.starts_at,
        next_attempt_at=now,
        sent_at=now,
        attempts=1,
        recipient_name="Alice Ashworth",
        recipient_address=parent_a.email,
        subject="Meeting about Amelia",
        body_text="Dear Mrs Ashworth,",
        body_html='<p style="margin:0 0 1em;">Dear Mrs Ashworth,</p>',
    )


def page_urls(pupil_a, sent_email):
    """The main pages of each role, with what they need to show."""
    return {
        "senco": [
            reverse("meetings:dashboard"),
            reverse("pupils:register"),
            reverse("pupils:pupil_detail", args=[pupil_a.pk]),
            reverse("pupils:profile_print", args=[pupil_a.pk]),
            reverse("meetings:calendar"),
            f"{reverse('meetings:calendar')}?view=month",
            reverse("meetings:actions"),
            reverse("pupils:families"),
            reverse("booking:days"),
            reverse("notices:letters"),
            reverse("notices:detail", args=[sent_email.pk]),
            reverse("security:account"),
            reverse("security:set_up"),
            reverse("password_change"),
            reverse("admin:index"),
        ],
        "teacher": [reverse("meetings:mine"), reverse("pupils:register")],
        "office": [reverse("pupils:families"), reverse("booking:days")],
        "head": [reverse("pupils:figures")],
        "parent_a": [reverse("security:account")],
    }


def test_no_page_has_inline_script_event_handlers_or_inline_style(client, request, pupil_a, sent_email):
    for role, urls in page_urls(pupil_a, sent_email).items():
        user = request.getfixturevalue(role)
        user.is_superuser = user.is_staff = role == "senco"
        user.save()
        client.force_login(user)
        for url in urls:
            response = client.get(url, follow=True)
            assert response.status_code == 200, (role, url)
            assert InlineCode(response.content.decode()).found == [], (role, url)
    client.logout()
    assert InlineCode(client.get(reverse("login")).content.decode()).found == []


def test_no_template_has_inline_script_or_event_handlers():
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if INLINE_SCRIPT.search(path.read_text()) or HANDLER_ATTRIBUTE.search(path.read_text())
    ]
    assert offenders == []


def test_only_pdf_and_email_templates_have_inline_style():
    """PDFs (WeasyPrint) and emails (mail programs drop <style>) need inline style; browsers never load them as
    pages. An email shown on a page sits in a sandboxed frame."""
    page_templates = [
        path
        for path in TEMPLATES.rglob("*.html")
        if not path.is_relative_to(TEMPLATES / "documents") and not is_email(path)
    ]
    assert len(page_templates) > 50
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in page_templates
        if STYLE_ATTRIBUTE.search(path.read_text()) or STYLE_ELEMENT.search(path.read_text())
    ]
    assert offenders == []


def is_email(path: Path) -> bool:
    """Each email's HTML is a body.html (notices/<kind>/, accounts/invitation/) and the notices' shared parts."""
    relative = path.relative_to(TEMPLATES)
    return relative.name == "body.html" or (
        relative.parts[:2] == ("notices", "includes") and relative.name != "status_badge.html"
    )


# Production settings


def production_environment(**overrides) -> dict[str, str]:
    """This machine's environment without the tests' relaxations, plus what a real deployment sets."""
    relaxed = (
        "DJANGO_DEBUG",
        "DJANGO_SECURE_COOKIES",
        "DJANGO_SECURE_SSL_REDIRECT",
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    )
    env = {name: value for name, value in os.environ.items() if name not in relaxed and not name.startswith("PYTEST")}
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="portal.school.example",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://portal.school.example",
        SITE_URL="https://portal.school.example",
        **overrides,
    )
    return env


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_finds_nothing_wrong_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_environment())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_come_from_the_environment():
    show = (
        "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,"
        " s.SECURE_PROXY_SSL_HEADER, s.SECURE_REFERRER_POLICY, s.SESSION_COOKIE_AGE)"
    )

    defaults = manage("shell", "-v", "0", "-c", show, env=production_environment())
    behind_a_proxy = manage(
        "shell",
        "-v",
        "0",
        "-c",
        show,
        env=production_environment(
            DJANGO_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
            DJANGO_SECURE_HSTS_PRELOAD="true",
            DJANGO_SECURE_HSTS_SECONDS="600",
        ),
    )

    assert defaults.stdout.split() == [
        "False", "True", "True", "True", "31536000", "True", "False", "None", "same-origin", "43200"
    ]  # fmt: skip
    assert behind_a_proxy.stdout.split()[4:9] == ["600", "True", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')"]
