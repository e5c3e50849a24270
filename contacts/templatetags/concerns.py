"""The blocks about families that other apps' pages show: `{% load concerns %}{% concerns_overdue %}`,
`{% positive_news_block %}`, `{% positive_news_weeks %}`.

Tags, so that the meetings dashboards (another app's views) need not know about contacts."""

from django import template
from django.utils import timezone

from school.years import academic_year_of

from .. import positive_news
from ..figures import figures_for_term
from ..models import Concern

register = template.Library()


@register.inclusion_tag("contacts/dashboard_block.html", takes_context=True)
def concerns_overdue(context) -> dict:
    """Overdue concerns, and this term's response figures (median time, share within 24 hours)."""
    concerns = Concern.objects.visible_to(context["request"].user)
    today = timezone.localdate()
    year = academic_year_of(today)
    this_term = figures_for_term(year.term_of(today), concerns)
    return {"overdue": concerns.overdue().count(), "term": this_term}


@register.inclusion_tag("contacts/positive_news_block.html", takes_context=True)
def positive_news_block(context) -> dict:
    user, now = context["request"].user, timezone.now()
    block = {
        "my_count": positive_news.my_count_this_week(user, now),
        "quiet": positive_news.quiet_families(user, now).count(),
    }
    if user.can("concerns.oversee"):
        block["this_week"] = positive_news.school_weeks(now, weeks=1)[0]
    return block


@register.inclusion_tag("contacts/positive_news_weeks.html")
def positive_news_weeks() -> dict:
    """The school's good news to families week by week, for the register's anonymous figures (pupils/)."""
    return {"positive_weeks": positive_news.school_weeks()}
