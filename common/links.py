"""Links to one page of many (a pupil's, a meeting's) for every row of a long list, each reversed once.

    pupil_link = link_to("pupils:pupil_detail")
    pupil_link(pupil.pk)  # "/pupils/42/", as reverse("pupils:pupil_detail", args=[42]) writes it
    link_to("booking:attendance", day.pk)(booking.pk)  # the arguments before the row's number, given once

Django's `reverse` (and `{% url %}`) looks the path up each time it is asked: fifty rows of four links each cost a
list page more than its rows' data. Here the path is looked up once, with a number no row has, and each row's
number put in its place.
"""

from collections.abc import Callable

from django.urls import reverse

_PLACEHOLDER = 987654321987654321


def link_to(name: str, *args) -> Callable[[int], str]:
    """A function from a row's primary key to the path `name` gives it (a URL name whose last argument is that
    integer, after `args`, the same for every row)."""
    before, placeholder, after = reverse(name, args=[*args, _PLACEHOLDER]).rpartition(str(_PLACEHOLDER))
    assert placeholder, f"{name} takes its number in its path"
    return lambda pk: f"{before}{int(pk)}{after}"
