"""Several counts and first values in one query, converted as Django would."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.scalars import ask_together, count, first_value
from pupils.models import Pupil
from pupils.tests.factories import PupilFactory


def test_counts_and_first_values_in_one_query(db):
    PupilFactory(legal_last_name="Able", date_of_birth=datetime.date(2016, 3, 1))
    PupilFactory(legal_last_name="Baker", date_of_birth=datetime.date(2015, 9, 2))
    PupilFactory(legal_last_name="Cole", date_of_birth=datetime.date(2017, 1, 5))
    pupils = Pupil.objects.all()
    with CaptureQueriesContext(connection) as queries:
        figures = ask_together(
            {
                "all": count(pupils),
                "b_or_later": count(pupils.filter(legal_last_name__gte="B")),
                "distinct": count(pupils.filter(legal_last_name__gte="A").distinct()),
                "none": count(pupils.filter(legal_last_name="Zed")),
                "oldest": first_value(pupils, "date_of_birth"),
                "nobody": first_value(pupils.filter(legal_last_name="Zed"), "date_of_birth"),
                "added": first_value(pupils, "added_to_register_on"),
            }
        )
    assert len(queries) == 1
    assert figures["all"] == 3 and figures["b_or_later"] == 2 and figures["distinct"] == 3 and figures["none"] == 0
    assert figures["oldest"] == datetime.date(2015, 9, 2) and figures["nobody"] is None
    assert isinstance(figures["added"], datetime.date)


def test_a_date_and_time_comes_back_aware(db, senco):
    from accounts.models import User

    figures = ask_together({"joined": first_value(User.objects.filter(pk=senco.pk), "date_joined")})
    assert timezone.is_aware(figures["joined"]) and figures["joined"] == User.objects.get(pk=senco.pk).date_joined


def test_nothing_to_ask_is_no_query(db):
    with CaptureQueriesContext(connection) as queries:
        assert ask_together({}) == {}
    assert not queries
