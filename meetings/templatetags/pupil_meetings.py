"""`{% load pupil_meetings %}{% meetings_this_year pupil %}`: on the pupil's page (pupils/, a lower layer), how many
of this year's three meetings are held and the family's pace, from the dashboard's own rule."""

from django import template
from django.utils import timezone

from pupils.models import Pupil
from school.years import academic_year_of

from ..compliance import MEETINGS_A_YEAR
from ..dashboard import family_meetings

register = template.Library()


@register.inclusion_tag("meetings/includes/meetings_this_year.html")
def meetings_this_year(pupil: Pupil) -> dict:
    today = timezone.localdate()
    year = academic_year_of(today)
    lines = family_meetings(Pupil.objects.filter(pk=pupil.pk), year, today)
    return {"this_year": lines[0] if lines else None, "academic_year": year, "meetings_a_year": MEETINGS_A_YEAR}
