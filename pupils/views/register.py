import csv

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.views.generic import ListView, View

from accounts.permissions import ActionRequiredMixin
from common import when
from common.downloads import content_disposition
from common.links import link_to
from privacy import access_log
from privacy.access_log import AccessAction

from ..filters import REGISTER_SORTS, RegisterFilter
from ..models import AreaOfNeed, Pupil, SenStatus, YearGroup
from ..templatetags.sen_status import sen_status_badge


def filtered_register(request) -> RegisterFilter:
    """The register as the signed-in person may see it, filtered and sorted by the query string."""
    pupils = Pupil.objects.visible_to(request.user).select_related("key_worker")
    return RegisterFilter(request.GET, queryset=pupils)


def register_sort(request) -> str:
    sort = request.GET.get("sort", "name")
    return sort if sort in REGISTER_SORTS else "name"


class RegisterView(ActionRequiredMixin, ListView):
    """The SEND register: search, filter, sort, counts at the top, one page at a time."""

    required_action = "register.view"
    template_name = "pupils/register.html"
    context_object_name = "pupils"
    paginate_by = settings.REGISTER_PAGE_SIZE

    def get_queryset(self):
        self.filter = filtered_register(self.request)
        self.sort = register_sort(self.request)
        return self.filter.qs.order_by(*REGISTER_SORTS[self.sort])

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        # The counts at the top include how many there are: the paginator need not count them again.
        self.counts = self.filter.qs.status_counts()
        paginator.count = self.counts["total"]
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        without_sort = query.copy()
        without_sort.pop("sort", None)
        with_row_words(context["pupils"])
        context.update(
            filter=self.filter,
            counts=self.counts,
            sort=self.sort,
            query_string=query.urlencode(),
            query_without_sort=without_sort.urlencode(),
        )
        return context


NEED_LABELS, YEAR_LABELS = dict(AreaOfNeed.choices), dict(YearGroup.choices)


def with_row_words(pupils) -> None:
    """Each row's link, badge, labels and dates worked out here once: a `{% url %}`, an include, `get_..._display`
    and `|date` for each of fifty rows cost the register more than its query (issue 24)."""
    pupil_link = link_to("pupils:pupil_detail")
    for pupil in pupils:
        pupil.detail_url = pupil_link(pupil.pk)
        pupil.status_badge = sen_status_badge(pupil.sen_status)
        pupil.year_words = YEAR_LABELS.get(pupil.year_group, pupil.year_group)
        pupil.need_words = NEED_LABELS.get(pupil.primary_need, pupil.primary_need)
        pupil.secondary_need_words = NEED_LABELS.get(pupil.secondary_need, pupil.secondary_need)
        pupil.removed_words = when.date(pupil.removed_from_register_on, short=True)
        on_register = pupil.sen_status != SenStatus.NO_SEN
        pupil.added_words = when.date(pupil.added_to_register_on, short=True) if on_register else ""
        pupil.left_words = when.date(pupil.left_school_on, short=True)


class Echo:
    def write(self, value):
        return value


EXPORT_COLUMNS = [
    ("UPN", lambda p: p.upn or ""),
    ("Legal Surname", lambda p: p.legal_last_name),
    ("Legal Forename", lambda p: p.legal_first_name),
    ("Preferred Forename", lambda p: p.preferred_name),
    ("DOB", lambda p: p.date_of_birth.strftime("%d/%m/%Y")),
    ("Year", lambda p: p.get_year_group_display()),
    ("Reg Group", lambda p: p.form),
    ("SEN Status", lambda p: p.sen_status),
    ("Primary Need", lambda p: p.primary_need),
    ("Secondary Need", lambda p: p.secondary_need),
    ("Date Added", lambda p: p.added_to_register_on.strftime("%d/%m/%Y")),
    ("Date Removed", lambda p: p.removed_from_register_on.strftime("%d/%m/%Y") if p.removed_from_register_on else ""),
    ("Removal Reason", lambda p: p.removal_reason),
    ("Key Worker", lambda p: p.key_worker.get_full_name() if p.key_worker else ""),
    ("Class Teacher or Form Tutor", lambda p: p.class_teacher.get_full_name() if p.class_teacher else ""),
]


def csv_safe(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs: neutralise it.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


class RegisterExportView(ActionRequiredMixin, View):
    """The filtered register as CSV, in the same columns the import reads."""

    required_action = "register.view"

    def get(self, request):
        sort = register_sort(request)
        pupils = filtered_register(request).qs.select_related("class_teacher").order_by(*REGISTER_SORTS[sort])
        writer = csv.writer(Echo())

        def rows():
            yield writer.writerow([name for name, _ in EXPORT_COLUMNS])
            for pupil in pupils.iterator(chunk_size=500):
                yield writer.writerow([csv_safe(str(value(pupil))) for _, value in EXPORT_COLUMNS])

        filename = f"send-register-{timezone.localdate():%Y-%m-%d}.csv"
        access_log.record(request, AccessAction.EXPORTED, what="SEND register export (CSV)")
        return StreamingHttpResponse(
            rows(),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": content_disposition(filename)},
        )
