from django.utils.functional import SimpleLazyObject

from .text_size import wants_large_text


def text_size(request):
    # Lazy: only pages that ask pay the parent-record query.
    return {"large_text": SimpleLazyObject(lambda: wants_large_text(request))}
