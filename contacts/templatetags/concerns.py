"""The blocks about families that other apps' pages show: `{% load concerns %}{% concerns_overdue %}`,
`{% positive_news_block %}`, `{% positive_news_weeks %}`.

Tags, so that the meetings dashboards (another app's views) need not know about contacts."""

from django import template
from django.utils import timezone

from common.scalars import Scalar, ask_together, count
from school.years import academic_year_of

from .. import positive_news
from ..figures import figures_for_term
from ..models import Concern

register = template.Library()


def overdue_figures(user) -> dict[str, Scalar]:
    """The concerns block's count, to be asked together with the rest of the dashboard's figures."""
    return {"overdue": count(Concern.objects.visible_to(user).overdue())}


@register.inclusion_tag("contacts/dashboard_block.html", takes_context=True)
def concerns_overdue(context, figures: dict | None = None) -> dict:
    """Overdue concerns, and this term's response figures (median time, share within 24 hours)."""
    user = context["request"].user
    today = timezone.localdate()
    year = academic_year_of(today)
    this_term = figures_for_term(year.term_of(today), Concern.objects.visible_to(user))
    return {"overdue": (figures or ask_together(overdue_figures(user)))["overdue"], "term": this_term}


def positive_news_figures(user, now) -> dict[str, Scalar]:
    """The good news block's counts, to be asked together with the rest of the dashboard's figures: the person's
    own, and for those who oversee concerns the school's this week."""
    figures = {
        "my_count": count(positive_news.mine_this_week(user, now)),
        "quiet": count(positive_news.quiet_families(user, now)),
    }
    if user.can("concerns.oversee"):
        figures |= positive_news.school_week_figures(now)
    return figures


@register.inclusion_tag("contacts/positive_news_block.html", takes_context=True)
def positive_news_block(context, figures: dict | None = None) -> dict:
    user, now = context["request"].user, timezone.now()
    figures = figures or ask_together(positive_news_figures(user, now))
    block = {"my_count": figures["my_count"], "quiet": figures["quiet"]}
    if user.can("concerns.oversee"):
        block["this_week"] = positive_news.school_week(now, figures)
    return block


@register.inclusion_tag("contacts/positive_news_weeks.html")
def positive_news_weeks() -> dict:
    """The school's good news to families week by week, for the register's anonymous figures (pupils/)."""
    return {"positive_weeks": positive_news.school_weeks()}
