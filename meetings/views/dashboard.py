"""The SENCO's dashboard: the three-meetings-a-year picture and what needs doing."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
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
    family_lines,
    family_page_with_counts,
    first_and_count,
    not_met_this_term,
    overdue_actions,
    overdue_records,
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


def with_links(lines: list) -> None:
    """Each family's links and dates, worked out here once (`common.links.link_to`, `common.when`) rather than a
    `{% url %}` and a `|date` for every line."""
    pupil_link, book_link = link_to("pupils:pupil_detail"), link_to("meetings:schedule")
    for line in lines:
        line.pupil_link, line.book_link = pupil_link(line.pupil.pk), book_link(line.pupil.pk)
        line.last_held_words = when.date(line.last_held, short=True)
        line.next_booked_words = when.date(line.next_booked, short=True)


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
        pace = next((pace for pace in Pace if pace.value == self.request.GET.get("pace")), None)  # else: all
        wanted = pace.value if pace else None
        lines = family_lines(found, year, today)
        page, counts = family_page_with_counts(lines, pace, self.request.GET.get("page"), PAGE_SIZE)
        current = academic_year_of(today)
        with_links(page.object_list)
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
            parts=[part for part in DASHBOARD_PARTS if is_current or not part.this_term_only],
            **kwargs,
        )


@dataclass(frozen=True)
class DashboardPart:
    """A block of the dashboard's side column, fetched once the page has come (static/js/site.js,
    `data-load-together`): the families' table comes first, and each block is a request of its own, costing a page's
    share rather than adding to the page (issue 24)."""

    name: str  # its URL's name and template: meetings:dashboard_<name>, meetings/dashboard/<name>.html
    title: str  # while it loads, and its page of its own
    this_term_only: bool = False  # only shown with the current year

    @property
    def url(self) -> str:
        return reverse(f"meetings:dashboard_{self.name}")


DASHBOARD_PARTS = (
    DashboardPart("to_book", "Families to book, and their replies", this_term_only=True),
    DashboardPart("overdue", "Records, action points and annual reviews overdue"),
    DashboardPart("waiting", "Waiting for you, and the school's figures"),
)


class DashboardPartView(ActionRequiredMixin, TemplateView):
    """One of `DASHBOARD_PARTS`. Fetched by the dashboard's script, the block alone; opened as a page (the
    dashboard's link to it, for a browser with no script), the block on a page of its own."""

    required_action = "dashboard.view"
    part: DashboardPart = DASHBOARD_PARTS[0]  # each URL names its own (`of`)

    @classmethod
    def of(cls, name: str):
        return cls.as_view(part=next(part for part in DASHBOARD_PARTS if part.name == name))

    @property
    def fetched(self) -> bool:
        return self.request.headers.get("X-Requested-With") == "XMLHttpRequest"

    def get_template_names(self) -> list[str]:
        return [f"meetings/dashboard/{self.part.name}.html" if self.fetched else "meetings/dashboard/part_page.html"]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        patch_vary_headers(response, ["X-Requested-With"])
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(part=self.part, **kwargs)
        return context | getattr(self, f"{self.part.name}_context")(self.request.user, timezone.localdate())

    def to_book_context(self, user, today) -> dict:
        year = academic_year_of(today)
        not_met = not_met_this_term(Pupil.objects.visible_to(user), year, today)
        not_met, count = first_and_count(not_met, NOT_BOOKED_SHOWN)
        book_link = link_to("meetings:schedule")
        for pupil in not_met:
            pupil.book_link = book_link(pupil.pk)
        return {"not_booked_this_term": not_met, "not_booked_count": count, "see_all_behind": count > NOT_BOOKED_SHOWN}

    def overdue_context(self, user, today) -> dict:
        annual_reviews = annual_reviews_due(Pupil.objects.visible_to(user), today)
        return {
            # A count and the first few: the full lists are pages of their own.
            **shortlist("overdue_records", overdue_records(Meeting.objects.visible_to(user), today), 8),
            **shortlist("overdue_actions", overdue_actions(ActionPoint.objects.visible_to(user), today), 6),
            "annual_reviews": annual_reviews[:ANNUAL_REVIEWS_SHOWN],
            "annual_reviews_count": len(annual_reviews),
        }

    def waiting_context(self, user, today) -> dict:
        return {}  # its template tags ask for their own figures, together (overview's dashboard_figures)


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
