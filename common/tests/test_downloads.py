"""Names of downloads and zip entries are made from slugs: whatever a name holds, the header is valid and every
path stays inside the zip's folder."""

import pytest
from django.http import HttpResponse

from common.downloads import archive_path, content_disposition, file_name

HOSTILE = ["Mai\r\nX-Injected: yes", "../../etc/passwd", 'Zoë "quoted"', "Мария", "李小龙", "..", "\x00", ""]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_makes_a_valid_header(name):
    response = HttpResponse()
    response["Content-Disposition"] = content_disposition(file_name("record", name, "2025-03-04", ending=".pdf"))
    header = response["Content-Disposition"]
    assert header.startswith('attachment; filename="record-') and header.endswith('2025-03-04.pdf"')
    assert header.count('"') == 2 and "/" not in header and "\n" not in header


def test_names_keep_letters_drop_accents_and_other_scripts():
    assert file_name("record", "Zoë", "2025-03-04", "v2", ending=".pdf") == "record-Zoe-2025-03-04-v2.pdf"
    assert file_name("subject-access", "Мария", "pupil-7", ending=".zip") == "subject-access-pupil-7.zip"
    assert file_name("Мария", ending=".pdf") == "download.pdf"
    assert file_name("Mai\r\nX-Injected: yes", ending=".pdf") == "Mai-X-Injected-yes.pdf"


@pytest.mark.parametrize(
    "parts, path",
    [
        (("pdfs/records", "record-Amelia.pdf"), "pdfs/records/record-Amelia.pdf"),
        (("pdfs/records", "../../etc/passwd"), "pdfs/records/etc/passwd"),
        (("/abs", "..\\..\\x.pdf"), "abs/x.pdf"),
        (("..", ".."), "file"),
    ],
)
def test_archive_paths_stay_inside_the_zip(parts, path):
    assert archive_path(*parts) == path


def test_a_name_that_slipped_past_is_still_made_safe_in_the_header():
    assert content_disposition('a"b\r\n.pdf', inline=True) == 'inline; filename="a-b-.pdf"'
