"""The guide's audit questions (seed 004), as data in `content/partnership_audit.json`: loaded by a data migration,
and again by anyone who wants the guide's wording back (`load_guide`)."""

import json
from pathlib import Path

GUIDE = Path(__file__).resolve().parent / "content" / "partnership_audit.json"


def guide_content() -> dict:
    return json.loads(GUIDE.read_text(encoding="utf-8"))


def load_guide(section_model, question_model) -> int:
    """Add the guide's sections and questions that are missing; the school's own changes are left alone.
    The models are passed in so that a migration can use its historical models. Returns questions added."""
    added = 0
    for section_data in guide_content()["sections"]:
        section, _ = section_model.objects.get_or_create(
            key=section_data["key"],
            defaults={
                "number": section_data["number"],
                "title": section_data["title"],
                "introduction": section_data.get("introduction", ""),
                "closing": section_data.get("closing", ""),
            },
        )
        for question in section_data["questions"]:
            _, created = question_model.objects.get_or_create(
                section=section,
                number=question["number"],
                defaults={
                    "text": question["text"],
                    "prompts": question.get("prompts", []),
                    "parents_say": question.get("parents_say", []),
                    "practice_examples": question.get("practice_examples", []),
                    "sheet_prompt": question.get("sheet_prompt", ""),
                    "parent_wording": question.get("parent_wording", ""),
                },
            )
            added += created
    return added
