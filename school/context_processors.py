from django.utils.functional import SimpleLazyObject

from .models import School


def school(request):
    # Lazy, so pages that never print the school's name cost no query.
    return {"school": SimpleLazyObject(School.load)}
