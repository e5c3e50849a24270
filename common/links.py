"""Links to one page of many (a pupil's, a meeting's) for every row of a long list, each reversed once.

    pupil_link = link_to("pupils:pupil_detail")
    pupil_link(pupil.pk)  # "/pupils/42/", as reverse("pupils:pupil_detail", args=[42]) writes it

Django's `reverse` (and `{% url %}`) looks the path up each time it is asked: fifty rows of four links each cost a
list page more than its rows' data. Here the path is looked up once, with a number no row has, and each row's
number put in its place.
"""

from collections.abc import Callable

from django.urls import reverse

_PLACEHOLDER = 987654321987654321


def link_to(name: str) -> Callable[[int], str]:
    """A function from a row's primary key to the path `name` (a URL name taking one integer) gives it."""
    before, placeholder, after = reverse(name, args=[_PLACEHOLDER]).rpartition(str(_PLACEHOLDER))
    assert placeholder, f"{name} takes its number in its path"
    return lambda pk: f"{before}{int(pk)}{after}"
