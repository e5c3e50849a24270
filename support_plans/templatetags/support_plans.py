"""The plan's block on the pupil's page (pupils sits below this app, so its page loads the block by name)."""

from django import template

from pupils.models import Pupil

from ..cycle import PupilPlans, plans_of

register = template.Library()


@register.simple_tag
def plans_for(pupil: Pupil) -> PupilPlans:
    """The pupil's draft, current and earlier plans, in one query: `{% plans_for pupil as plans %}`."""
    return plans_of(pupil)
