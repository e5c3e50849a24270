from celery import shared_task

from .batches import prepare


@shared_task(acks_late=True, ignore_result=True)
def prepare_document(pk: int) -> str:
    return prepare(pk)
