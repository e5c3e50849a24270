"""The school calendar page: the SENCO and the office enter the year's term dates, half terms and closure days, or
load them from a file. School days, terms, the three-a-year pace, reminders and the response clock follow them."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import CreateView, DeleteView, UpdateView

from common import when
from common.downloads import content_disposition, file_name

from .calendar import (
    academic_year_start,
    closed_runs,
    closure_days_of_year,
    holidays,
    in_holiday,
    is_school_day,
    weekdays,
)
from .calendar_file import CalendarFileError, calendar_as_csv, decode, load_calendar
from .forms import CalendarFileForm, ClosureDaysForm, TermDatesForm
from .models import TERM_ORDER, ClosureDay, TermDates, TermName
from .years import AcademicYear, academic_year_of, span

YEARS_BACK, YEARS_AHEAD = 3, 2  # schools publish next year's dates a year or so ahead


class KeepsTheCalendar(UserPassesTestMixin):
    """The people whose role may keep the school calendar (`school.calendar` in accounts/permissions.py): others are
    refused, visitors sent to sign in. The school app sits below accounts in the layers, so it asks the person
    (`user.can`), who asks the same table."""

    permission_denied_message = "Your role does not give access to this page."

    def test_func(self) -> bool:
        user = self.request.user
        return user.is_authenticated and user.can("school.calendar")


def chosen_year(request) -> AcademicYear:
    """`?year=2026` for 2026/27, a few years either side of this one; this year for anything else."""
    current = academic_year_of(timezone.localdate())
    try:
        start_year = int(request.GET.get("year", current.start_year))
    except ValueError:
        return current
    if current.start_year - YEARS_BACK <= start_year <= current.start_year + YEARS_AHEAD:
        return AcademicYear(start_year)
    return current


def calendar_url(start_year: int) -> str:
    return f"{reverse('school:calendar')}?year={start_year}"


def school_days(first: date, last: date) -> int:
    return sum(1 for day in weekdays(first, last) if is_school_day(day))


def calendar_page(request, year: AcademicYear, **forms) -> HttpResponse:
    entered = {term.term: term for term in TermDates.of_year(year.start_year)}
    terms = [
        {
            "name": name,
            "label": TermName(name).label,
            "entered": (dates := entered.get(name)),
            "half_term": span(dates.half_term_starts_on, dates.half_term_ends_on)
            if dates and dates.half_term_starts_on
            else "",
            "term": term,
            "school_days": school_days(*term.teaching_days),
        }
        for name, term in zip(TERM_ORDER, year.terms, strict=True)
    ]
    runs = closed_runs(closure_days_of_year(year.start_year))
    current = academic_year_of(timezone.localdate())
    return render(
        request,
        "school/calendar.html",
        {
            "year": year,
            "terms": terms,
            "all_entered": len(entered) == len(TERM_ORDER),
            "holidays": holidays(year.start_year),
            "closed": [(run, all(in_holiday(day.date) for day in run.days)) for run in runs],
            "previous": year.previous() if year.start_year > current.start_year - YEARS_BACK else None,
            "next": year.next() if year.start_year < current.start_year + YEARS_AHEAD else None,
            "closure_form": forms.get("closure_form") or ClosureDaysForm(),
            "file_form": forms.get("file_form") or CalendarFileForm(),
        },
    )


class CalendarView(KeepsTheCalendar, View):
    def get(self, request):
        return calendar_page(request, chosen_year(request))


class TermFormMixin(KeepsTheCalendar):
    model = TermDates
    form_class = TermDatesForm
    template_name = "school/term_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"Saved: the {self.object}.")
        return response

    def get_success_url(self) -> str:
        return calendar_url(self.object.academic_year_start)


class TermAddView(TermFormMixin, CreateView):
    def get_initial(self):
        """From the calendar's 'Enter the dates' link: ?term=spring&year=2026."""
        name = self.request.GET.get("term")
        return {"term": name} if name in TERM_ORDER else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=chosen_year(self.request), **kwargs)


class TermEditView(TermFormMixin, UpdateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(year=AcademicYear(self.object.academic_year_start), **kwargs)


class TermDeleteView(KeepsTheCalendar, DeleteView):
    model = TermDates
    template_name = "school/term_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=AcademicYear(self.object.academic_year_start), **kwargs)

    def form_valid(self, form):
        start_year = self.object.academic_year_start
        messages.success(
            self.request,
            f"The {self.object} is deleted. Until its dates are entered again, every weekday of the term counts as a "
            "school day.",
        )
        self.object.delete()
        return redirect(calendar_url(start_year))


class ClosureAddView(KeepsTheCalendar, View):
    template_name = "school/closure_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ClosureDaysForm(), "year": chosen_year(request)})

    def post(self, request):
        form = ClosureDaysForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "year": chosen_year(request)})
        added = form.save()
        note = ""
        if form.already:
            kept = ", ".join(f"{when.date(day)} ({reason})" for day, reason in sorted(form.already.items()))
            note = f" Already closure days, left as they were: {kept}."
        days = f"{when.day(added[0].date)}" if len(added) == 1 else f"{len(added)} closure days"
        messages.success(request, f"Added {days}: {form.cleaned_data['reason']}.{note}")
        return redirect(calendar_url(academic_year_start(form.cleaned_data["first_day"])))


class ClosureDeleteView(KeepsTheCalendar, View):
    """A closure day, or the run of closure days it begins (`through` the run's last day, as the page links it)."""

    template_name = "school/closure_delete.html"

    def run_of(self, request, pk: int) -> list[ClosureDay]:
        first = get_object_or_404(ClosureDay, pk=pk)
        through = request.POST.get("through") or request.GET.get("through") or ""
        try:
            last = date.fromisoformat(through)
        except ValueError:
            return [first]
        days = ClosureDay.objects.filter(date__range=(first.date, last), reason=first.reason)
        run = next((run for run in closed_runs(days) if run.first == first.date), None)
        return run.days if run else [first]

    def get(self, request, pk: int):
        run = closed_runs(self.run_of(request, pk))[0]
        return render(request, self.template_name, {"run": run, "year": academic_year_of(run.first)})

    def post(self, request, pk: int):
        days = self.run_of(request, pk)
        run = closed_runs(days)[0]
        ClosureDay.objects.filter(pk__in=[day.pk for day in days]).delete()
        messages.success(request, f"No longer closure days: {run.dates} ({run.reason}).")
        return redirect(calendar_url(academic_year_start(run.first)))


class CalendarUploadView(KeepsTheCalendar, View):
    template_name = "school/calendar_upload.html"

    def get(self, request):
        return render(request, self.template_name, {"form": CalendarFileForm(), "year": chosen_year(request)})

    def post(self, request):
        form = CalendarFileForm(request.POST, request.FILES)
        year = chosen_year(request)
        if form.is_valid():
            try:
                loaded = load_calendar(decode(form.cleaned_data["file"].read()))
            except CalendarFileError as error:
                form.add_error("file", "Nothing was loaded from the file. Put these right, then load it again:")
                return render(request, self.template_name, {"form": form, "year": year, "problems": error.problems})
            messages.success(request, str(loaded))
            terms = loaded.terms_added + loaded.terms_changed
            return redirect(calendar_url(terms[0].academic_year_start if terms else year.start_year))
        return render(request, self.template_name, {"form": form, "year": year})


class CalendarFileView(KeepsTheCalendar, View):
    """The year as a CSV file, to keep, edit and load back."""

    def get(self, request):
        year = chosen_year(request)
        response = HttpResponse(calendar_as_csv(year.start_year), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition(file_name("school-calendar", year.label, ending=".csv"))
        return response
