"""A phone number as people write it becomes a link a phone can dial, with nothing the W3C checker refuses."""

import pytest
from django.template import Context, Template

from common.phone import tel_href


@pytest.mark.parametrize(
    "written, href",
    [
        ("07700 900442", "tel:07700900442"),
        ("0115 496 0500", "tel:01154960500"),
        ("+44 (0)115 496 0500", "tel:+441154960500"),
        ("+44 7700-900-442", "tel:+447700900442"),
        ("(0115) 496 0500", "tel:01154960500"),
        ("0115 496 0500 ext. 23", "tel:01154960500;ext=23"),
        ("0115 496 0500 x23", "tel:01154960500;ext=23"),
        ("", ""),
        ("ask at reception", ""),
    ],
)
def test_a_number_as_written_becomes_one_to_dial(written, href):
    assert tel_href(written) == href


def test_every_template_has_the_filter_without_loading_it():
    page = Template('<a href="{{ number|tel }}">{{ number }}</a>').render(Context({"number": "07700 900442"}))
    assert page == '<a href="tel:07700900442">07700 900442</a>'
