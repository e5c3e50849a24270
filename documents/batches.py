"""Batches rendered by the worker: claimed once, rendered, stored for download."""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone

from .day_records import day_records_pdf
from .letters import letters_pdf
from .models import PreparedDocument, PreparedKind, PreparedStatus

logger = logging.getLogger(__name__)


def prepare(pk: int) -> str:
    # Claimed with a conditional UPDATE, so a redelivered task does not render twice.
    if not PreparedDocument.objects.filter(pk=pk, status=PreparedStatus.WAITING).update(status=PreparedStatus.WORKING):
        return "not claimed"
    document = PreparedDocument.objects.select_related("requested_by", "review_day").get(pk=pk)
    try:
        if document.kind == PreparedKind.DAY_RECORDS:
            pdf, document.left_out = day_records_pdf(document.review_day, document.requested_by)
        else:
            pdf = letters_pdf(document.requested_by)
    except Exception as error:  # shown on the page, so the office knows to ask for help
        logger.exception("Preparing document %s failed", pk)
        document.status, document.error = PreparedStatus.FAILED, f"{type(error).__name__}: {error}"
    else:
        document.pdf.save(f"{document.kind}.pdf", ContentFile(pdf), save=False)
        document.status = PreparedStatus.READY
    document.finished_at = timezone.now()
    document.save()
    return document.status
