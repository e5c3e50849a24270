"""The SENCO's dashboard: the three-meetings-a-year picture and what needs doing."""

from django.utils import timezone
from django.views.generic import TemplateView

from accounts.models import Role
from accounts.permissions import ActionRequiredMixin
from common import when
from common.links import link_to
from pupils.models import Pupil
from school.years import AcademicYear, academic_year_of

from ..compliance import Pace
from ..dashboard import (
    annual_reviews_due,
    family_counts,
    family_lines,
    family_page,
    first_and_count,
    not_met_this_term,
    overdue_actions,
    overdue_records,
    pupils_in_year,
)
from ..models import ActionPoint, Meeting

PAGE_SIZE = 50
NOT_BOOKED_SHOWN = 15
ANNUAL_REVIEWS_SHOWN = 8


def chosen_year(request, today) -> AcademicYear:
    current = academic_year_of(today)
    try:
        start_year = int(request.GET.get("year", current.start_year))
    except ValueError:
        return current
    return AcademicYear(start_year) if 2000 <= start_year <= current.start_year else current


def shortlist(name: str, rows, size: int) -> dict:
    first, count = first_and_count(rows, size)
    return {name: first, f"{name}_count": count}


def with_links(lines: list, not_met) -> None:
    """Each family's links and dates, worked out here once (`common.links.link_to`, `common.when`) rather than a
    `{% url %}` and a `|date` for every line."""
    pupil_link, book_link = link_to("pupils:pupil_detail"), link_to("meetings:schedule")
    for line in lines:
        line.pupil_link, line.book_link = pupil_link(line.pupil.pk), book_link(line.pupil.pk)
        line.last_held_words = when.date(line.last_held, short=True)
        line.next_booked_words = when.date(line.next_booked, short=True)
    for pupil in not_met:
        pupil.book_link = book_link(pupil.pk)


class DashboardView(ActionRequiredMixin, TemplateView):
    required_action = "dashboard.view"
    template_name = "meetings/dashboard.html"

    def get_context_data(self, **kwargs):
        user, today = self.request.user, timezone.localdate()
        year = chosen_year(self.request, today)
        is_current = today in year
        pupils = Pupil.objects.visible_to(user)
        query = self.request.GET.get("q", "").strip()
        found = pupils.matching(query) if query else pupils
        lines = family_lines(found, year, today)
        counts = family_counts(lines)
        pace = next((pace for pace in Pace if pace.value == self.request.GET.get("pace")), None)  # else: all
        wanted = pace.value if pace else None
        families = pupils_in_year(found, year, today)
        page = family_page(families, lines, counts, pace, self.request.GET.get("page"), PAGE_SIZE)
        not_met = list(not_met_this_term(found, year, today)[:NOT_BOOKED_SHOWN]) if is_current else []
        current = academic_year_of(today)
        with_links(page.object_list, not_met)
        annual_reviews = annual_reviews_due(pupils, today)
        return super().get_context_data(
            year=year,
            is_current_year=is_current,
            term=year.term_of(today) if is_current else None,
            years=[AcademicYear(y) for y in range(current.start_year, current.start_year - 4, -1)],
            paces=[(pace, counts.paces[pace]) for pace in Pace],
            wanted_pace=wanted,
            query=query,
            page_obj=page,
            total=counts.families,
            not_booked_this_term=not_met,
            not_booked_count=counts.not_met_this_term if is_current else 0,
            # A count and the first few: the full lists are pages of their own.
            **shortlist("overdue_records", overdue_records(Meeting.objects.visible_to(user), today), 8),
            **shortlist("overdue_actions", overdue_actions(ActionPoint.objects.visible_to(user), today), 6),
            annual_reviews=annual_reviews[:ANNUAL_REVIEWS_SHOWN],
            annual_reviews_count=len(annual_reviews),
            **kwargs,
        )


class OverdueRecordsView(ActionRequiredMixin, TemplateView):
    required_action = "meetings.work"
    template_name = "meetings/overdue_records.html"

    def get_context_data(self, **kwargs):
        meetings = Meeting.objects.visible_to(self.request.user)
        if self.request.user.role == Role.STAFF:
            meetings = meetings.involving(self.request.user)
        return super().get_context_data(meetings=overdue_records(meetings, timezone.localdate()), **kwargs)


class AnnualReviewsDueView(ActionRequiredMixin, TemplateView):
    """Every EHC plan annual review due in the next 8 weeks or overdue: the dashboard shows the first few."""

    required_action = "annual_reviews.view"
    template_name = "meetings/annual_reviews_due.html"

    def get_context_data(self, **kwargs):
        pupils = Pupil.objects.visible_to(self.request.user)
        return super().get_context_data(annual_reviews=annual_reviews_due(pupils, timezone.localdate()), **kwargs)
