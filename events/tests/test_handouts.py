"""Handouts are documents and pictures a parent can open: a script, a web page or an SVG is refused, by its name
and by what is inside it, with a message naming what is allowed."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import Handout
from events.tests.factories import EventFactory


def zipped(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<xml/>")
    return buffer.getvalue()


def add_handout(client, senco, name: str, content: bytes):
    client.force_login(senco)
    event = EventFactory(created_by=senco)
    upload = SimpleUploadedFile(name, content)
    return client.post(reverse("events:handout_add", args=[event.pk]), {"title": "For parents", "file": upload})


@pytest.mark.parametrize(
    "name, content",
    [
        ("slides.pdf", b"%PDF-1.7 slides"),
        ("leaflet.docx", zipped("word/document.xml")),
        ("leaflet.odt", zipped("content.xml")),
        ("slides.pptx", zipped("ppt/presentation.xml")),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        ("letter.rtf", b"{\\rtf1\\ansi Hello}"),
        ("notes.txt", "Café at nine.".encode()),
        ("map.PNG", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("sign.gif", b"GIF89a" + b"\x00" * 20),
    ],
)
def test_documents_and_pictures_are_accepted(client, senco, name, content):
    response = add_handout(client, senco, name, content)
    assert response.status_code == 302
    assert Handout.objects.get().title == "For parents"


@pytest.mark.parametrize(
    "name, content",
    [
        ("script.js", b"alert(1)"),
        ("page.html", b"<script>alert(1)</script>"),
        ("drawing.svg", b"<svg onload='alert(1)'/>"),
        ("no-ending", b"%PDF-1.7"),
    ],
)
def test_scripts_web_pages_and_svg_are_refused_by_name(client, senco, name, content):
    page = add_handout(client, senco, name, content).content.decode()
    assert "Handouts must be PDF, Word (.docx or .doc)" in page and "This file is not one of those." in page
    assert not Handout.objects.exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("leaflet.pdf", b"<html><script>alert(1)</script></html>"),
        ("leaflet.docx", zipped("other.xml")),
        ("leaflet.docx", b"PK\x03\x04 but not a zip"),
        ("photo.jpg", b"<svg onload='alert(1)'/>"),
        ("notes.txt", b"\x00\x01binary"),
    ],
)
def test_a_file_renamed_to_look_allowed_is_refused_by_its_contents(client, senco, name, content):
    page = add_handout(client, senco, name, content).content.decode()
    kind = name.rsplit(".", 1)[1].upper()
    assert f"This file is not really a {kind} file, whatever its name says." in page
    assert not Handout.objects.exists()


def test_the_form_says_what_is_allowed(client, senco):
    client.force_login(senco)
    page = client.get(reverse("events:handout_add", args=[EventFactory(created_by=senco).pk])).content.decode()
    assert 'accept=".pdf,.docx,' in page and "or a picture (.png, .jpg or .gif); up to 10 MB." in page
