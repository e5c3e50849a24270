import datetime

import pytest

from library.loans import lend
from library.timeline import loans_for

from .conftest import TODAY


@pytest.mark.usefixtures("on_today")
def test_loans_for_pupils_with_item_and_parent_in_one_query(
    copy, second_copy, pupil_a, alice, pupil_b, bella, senco, django_assert_num_queries
):
    lend(copy, alice, pupil_a, by=senco, lent_on=TODAY, due_back_on=datetime.date(2026, 12, 18))
    lend(second_copy, bella, pupil_b, by=senco, lent_on=TODAY, due_back_on=datetime.date(2026, 12, 18))
    with django_assert_num_queries(1):
        rows = [(loan.copy.item.title, loan.copy.label, loan.parent.full_name) for loan in loans_for([pupil_a.pk])]
    assert rows == [("The Red Tree", "LIB-001", "Alice Ashworth")]
