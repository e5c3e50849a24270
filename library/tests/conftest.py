"""The library's shared data: one item ('The Red Tree', two copies), and Alice Ashworth, Amelia's mother."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from library.models import Copy, Item
from pupils.models import AreaOfNeed

LONDON = ZoneInfo("Europe/London")


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


# Wednesday 2 December 2026, mid-morning: 'today' in these tests.
TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def on_today():
    with time_machine.travel(london(2026, 12, 2, 10, 0), tick=False):
        yield


@pytest.fixture
def item(db):
    return Item.objects.create(title="The Red Tree", need=AreaOfNeed.SEMH, loan_days=16)


@pytest.fixture
def copy(item):
    return Copy.objects.create(item=item, label="LIB-001")


@pytest.fixture
def second_copy(item):
    return Copy.objects.create(item=item, label="LIB-002")


@pytest.fixture
def alice(parent_a):
    """Alice Ashworth's parent record (parent_a is her sign-in)."""
    return parent_a.parent_record


@pytest.fixture
def bella(parent_b):
    return parent_b.parent_record
