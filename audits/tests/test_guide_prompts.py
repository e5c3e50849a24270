"""Every question's key prompt on the audit sheets is the guide's own (seed 004's audit tool sheets, kept in
data/audit_tool_sheets.txt): as loaded for a new school, and as put right for a school that had the slips."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from audits.guide import guide_content
from audits.models import AuditQuestion

SHEETS = Path(__file__).resolve().parent / "data" / "audit_tool_sheets.txt"
QUESTION_LINE = re.compile(r"^<p>(\d+)\.\s*(.*?)</p>(.*)$")
# Where the guide's sheet is wrong, and what the sheet should say instead.
SLIPS = {("involvement", 3): ""}  # its sheet repeats Communication 3's "(Response time, messages, answer phone)"


def sheet_prompts() -> dict[tuple[str, int], str]:
    """The key prompts under each question of the guide's sheets: a bracketed line, or a list of points."""
    prompts, section = {}, None
    for line in SHEETS.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif match := QUESTION_LINE.match(line):
            points = re.sub(r"<[^>]+>", " ", match.group(3)).split("●")
            prompts[(section, int(match.group(1)))] = " ".join(point.strip().strip("()") for point in points).strip()
    return prompts


def same_words(text: str) -> str:
    """Compared by their letters and digits alone: the guide's sheets write "re.options", "environment:-"."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def test_the_sheets_hold_every_question_of_the_three_sections():
    sections = [section for section, _ in sheet_prompts()]
    assert [sections.count(key) for key in ("communication", "involvement", "support")] == [15, 13, 12]


def test_the_slip_is_the_guides_own():
    prompts = sheet_prompts()
    assert prompts[("involvement", 3)] == prompts[("communication", 3)] == "Response time, messages, answer phone"


@pytest.mark.parametrize("where", ["content file", "database"])
def test_every_key_prompt_is_the_guides(db, where):
    if where == "content file":
        loaded = {
            (section["key"], question["number"]): question.get("sheet_prompt", "")
            for section in guide_content()["sections"]
            for question in section["questions"]
        }
    else:
        loaded = {
            (question.section.key, question.number): question.sheet_prompt
            for question in AuditQuestion.objects.filter(added_by_school=False).select_related("section")
        }
    guide = {**sheet_prompts(), **SLIPS}
    assert loaded.keys() == guide.keys()
    wrong = [
        f"{key}: {loaded[key]!r}, the guide: {guide[key]!r}"
        for key in guide
        if same_words(loaded[key]) != same_words(guide[key])
    ]
    assert wrong == []


def test_support_12_and_involvement_3_read_as_the_guide_on_the_question_page(client, senco):
    client.force_login(senco)
    support_12 = AuditQuestion.objects.get(section__key="support", number=12)
    involvement_3 = AuditQuestion.objects.get(section__key="involvement", number=3)
    assert (
        "Overcome school&#x27;s barriers to inclusion"
        in client.get(reverse("audits:question", args=[support_12.pk])).content.decode()
    )
    assert (
        "Response time, messages, answer phone"
        not in client.get(reverse("audits:question", args=[involvement_3.pk])).content.decode()
    )


def test_a_school_with_the_slips_has_them_put_right_and_its_own_wording_kept(db):
    migration = importlib.import_module("audits.migrations.0004_sheet_prompts_as_in_the_guide")
    support_12 = AuditQuestion.objects.get(section__key="support", number=12)
    involvement_3 = AuditQuestion.objects.get(section__key="involvement", number=3)
    communication_3 = AuditQuestion.objects.get(section__key="communication", number=3)
    support_12.sheet_prompt = ""
    support_12.save()
    involvement_3.sheet_prompt = "Response time, messages, answer phone"
    involvement_3.save()
    migration.put_right(apps, None)
    support_12.refresh_from_db()
    involvement_3.refresh_from_db()
    communication_3.refresh_from_db()
    assert support_12.sheet_prompt == "Overcome school's barriers to inclusion"
    assert involvement_3.sheet_prompt == ""
    assert communication_3.sheet_prompt == "Response time, messages, answer phone"

    involvement_3.sheet_prompt = "Homework diary; how much help we expect"  # the school's own words
    involvement_3.save()
    migration.put_right(apps, None)
    involvement_3.refresh_from_db()
    assert involvement_3.sheet_prompt == "Homework diary; how much help we expect"
