import django_filters
from django.db.models import Q

from .forms import school_staff
from .models import AreaOfNeed, Pupil, SenStatus, YearGroup

# ?sort= values the register accepts, and what each orders by.
REGISTER_SORTS = {
    "name": ("legal_last_name", "legal_first_name", "pk"),
    "-name": ("-legal_last_name", "-legal_first_name", "-pk"),
    "year": ("year_group", "form", "legal_last_name", "pk"),
    "-year": ("-year_group", "form", "legal_last_name", "pk"),
    "status": ("sen_status", "legal_last_name", "pk"),
    "need": ("primary_need", "legal_last_name", "pk"),
    "added": ("added_to_register_on", "pk"),
    "-added": ("-added_to_register_on", "-pk"),
}


class RegisterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or UPN")
    year_group = django_filters.ChoiceFilter(choices=YearGroup.choices, label="Year", empty_label="All years")
    form = django_filters.ChoiceFilter(label="Class or form", empty_label="All classes")
    sen_status = django_filters.ChoiceFilter(choices=SenStatus.choices, label="SEN status", empty_label="All")
    need = django_filters.ChoiceFilter(
        choices=AreaOfNeed.choices, method="filter_need", label="Area of need", empty_label="All needs"
    )
    key_worker = django_filters.ModelChoiceFilter(queryset=lambda request: school_staff(), empty_label="Anyone")
    show = django_filters.ChoiceFilter(
        choices=[
            ("current", "On the register now"),
            ("school", "Whole school"),
            ("past", "Past pupils"),
            ("all", "Everyone, leavers too"),
        ],
        method="filter_show",
        label="Show",
        empty_label=None,
        null_label=None,
    )

    class Meta:
        model = Pupil
        fields = ["q", "year_group", "form", "sen_status", "need", "key_worker", "show"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("show", "current")
        super().__init__(data, *args, **kwargs)
        forms = Pupil.objects.exclude(form="").order_by("form").values_list("form", flat=True).distinct()
        self.filters["form"].extra["choices"] = [(f, f) for f in forms]
        for name, field in self.form.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"

    def search(self, queryset, name, value):
        return queryset.matching(value)

    def filter_need(self, queryset, name, value):
        return queryset.filter(Q(primary_need=value) | Q(secondary_need=value))

    def filter_show(self, queryset, name, value):
        if value == "past":
            return queryset.past()
        if value == "all":
            return queryset
        if value == "school":
            return queryset.in_school()
        return queryset.on_register()
