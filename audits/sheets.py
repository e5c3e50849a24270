"""The audit's printed documents, drawn by documents/rendering.py in the parent-friendly print style (14 pt, 1.5
spacing, Atkinson Hyperlegible), landscape where a table needs the width:

- the audit tool sheets (seed 004): per section, each question with its key prompt beside two columns, Current
  Practice and Points for Action; blank (for photocopying and writing on) or completed with the agreed positions;
- the action plan, for the school improvement plan;
- the handover for a new SENCO, and the governors' figures (for parents: their glossary box explains the words).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from documents.rendering import render_pdf

from .models import AgreedPosition, Audit, AuditAction, AuditQuestion, AuditSection
from .reports import GovernorsFigures, Handover


@dataclass
class SheetRow:
    question: AuditQuestion
    agreed: AgreedPosition | None = None


@dataclass
class Sheet:
    """One section's audit sheet."""

    section: AuditSection
    rows: list[SheetRow] = field(default_factory=list)


def sheets_for(questions: QuerySet[AuditQuestion], agreed: dict[int, AgreedPosition] | None = None) -> list[Sheet]:
    sheets: dict[int, Sheet] = {}
    for question in questions.select_related("section").order_by("section__number", "number"):
        sheet = sheets.setdefault(question.section_id, Sheet(question.section))
        sheet.rows.append(SheetRow(question, (agreed or {}).get(question.pk)))
    return list(sheets.values())


def blank_sheets_pdf(audit: Audit | None = None, request=None) -> bytes:
    """Every question in use, or the audit's scope, with room to write: to photocopy for each group asked."""
    questions = audit.questions_in_scope() if audit else AuditQuestion.objects.in_use()
    title = f"Audit tool sheets: {audit.title}" if audit else "Audit tool sheets: working with parents"
    return render_pdf(
        "documents/audits/sheets.html",
        {"sheets": sheets_for(questions), "audit": audit, "blank": True},
        title=title,
        request=request,
        glossary=False,
    )


def completed_sheets_pdf(audit: Audit, request=None) -> bytes:
    """The audit's agreed Current Practice and Points for Action, with the rating, for each question in scope."""
    agreed = {position.question_id: position for position in audit.agreed.all()}
    return render_pdf(
        "documents/audits/sheets.html",
        {"sheets": sheets_for(audit.questions_in_scope(), agreed), "audit": audit, "blank": False},
        title=f"Audit tool sheets, completed: {audit.title}",
        request=request,
        glossary=False,
    )


def action_plan_pdf(actions: QuerySet[AuditAction], *, heading: str, today: date, request=None) -> bytes:
    return render_pdf(
        "documents/audits/action_plan.html",
        {"actions": actions, "heading": heading, "today": today},
        title=f"Parent partnership action plan: {heading}",
        request=request,
        glossary=False,
    )


def handover_pdf(summary: Handover, request=None) -> bytes:
    return render_pdf(
        "documents/audits/handover.html",
        {"handover": summary},
        title="Parent partnership: handover for a new SENCO",
        request=request,
        glossary=False,  # for the next SENCO, who knows the words
    )


def governors_pdf(figures: GovernorsFigures, request=None) -> bytes:
    return render_pdf(
        "documents/audits/governors.html",
        {"figures": figures},
        title=f"Special educational needs: figures for the governors' report, {figures.year.label}",
        request=request,
    )
