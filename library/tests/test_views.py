"""The staff pages: what SENCO, staff and the office see and do; everyone else is turned away."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UserFactory
from library.loans import lend
from library.models import Copy, Item, Loan
from notices.models import Message, MessageStatus
from pupils.models import AreaOfNeed
from pupils.tests.factories import PupilFactory

from .conftest import TODAY

pytestmark = pytest.mark.usefixtures("on_today")


@pytest.fixture
def loan_a(copy, pupil_a, alice, senco):
    return lend(copy, alice, pupil_a, by=senco, lent_on=TODAY, due_back_on=datetime.date(2026, 12, 18))


@pytest.fixture
def overdue_b(item, pupil_b, bella, senco):
    """The stranger family's copy, lent in November and due back last Friday."""
    copy = Copy.objects.create(item=item, label="LIB-009")
    return Loan.objects.create(
        copy=copy,
        parent=bella,
        pupil=pupil_b,
        lent_on=datetime.date(2026, 11, 2),
        due_back_on=datetime.date(2026, 11, 27),
        lent_by=senco,
    )


def signed_in(client, user):
    client.force_login(user)
    return client


# The catalogue


def test_catalogue_counts_copies_available(client, office, item, copy, second_copy, loan_a):
    Copy.objects.create(item=item, label="LIB-003", withdrawn=True)
    all_out = Item.objects.create(title="Feelings Fan", kind="visual")
    lent = Copy.objects.create(item=all_out, label="LIB-050")
    lend(lent, loan_a.parent, loan_a.pupil, by=office)
    Item.objects.create(title="Calm Down Jar", kind="sensory")
    page = signed_in(client, office).get(reverse("library:catalogue")).content.decode()
    red_tree = page.split(f'data-item="{item.pk}"')[1].split("</tr>")[0]
    assert "<td data-copies>2</td>" in red_tree  # the withdrawn copy is not counted
    assert "1 available" in red_tree
    assert "All out" in page.split(f'data-item="{all_out.pk}"')[1].split("</tr>")[0]
    assert "No copies" in page


def test_catalogue_search_by_title_and_need(client, senco, item):
    Item.objects.create(title="Talking Cards", need=AreaOfNeed.SLCN)
    Item.objects.create(title="Red Ted", need=AreaOfNeed.SLCN)
    signed_in(client, senco)
    page = client.get(reverse("library:catalogue"), {"q": "red"}).content.decode()
    assert "The Red Tree" in page and "Red Ted" in page and "Talking Cards" not in page
    assert 'value="red"' in page  # the search box keeps what was typed
    page = client.get(reverse("library:catalogue"), {"q": "red", "need": "SLCN"}).content.decode()
    assert "Red Ted" in page and "The Red Tree" not in page
    page = client.get(reverse("library:catalogue"), {"q": "zebra"}).content.decode()
    assert "Nothing in the catalogue matches that search" in page


def test_adding_an_item_then_a_copy(client, office):
    signed_in(client, office)
    response = client.post(
        reverse("library:item_add"), {"title": "Social Stories", "kind": "book", "need": "ASD", "loan_days": 21}
    )
    item = Item.objects.get(title="Social Stories")
    assert response.url == reverse("library:item_detail", args=[item.pk])
    client.post(reverse("library:copy_add", args=[item.pk]), {"label": "LIB-100", "condition": "New"})
    page = client.get(reverse("library:item_detail", args=[item.pk])).content.decode()
    assert "LIB-100" in page and "Available" in page


def test_item_form_errors_keep_what_was_typed(client, senco):
    response = signed_in(client, senco).post(
        reverse("library:item_add"), {"title": "", "kind": "book", "description": "Pictures of each feeling"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required" in page
    assert "Pictures of each feeling" in page
    assert not Item.objects.exists()


def test_editing_an_item(client, teacher, item):
    signed_in(client, teacher).post(
        reverse("library:item_edit", args=[item.pk]),
        {"title": "The Red Tree (2nd ed.)", "kind": "book", "loan_days": 7},
    )
    item.refresh_from_db()
    assert (item.title, item.loan_days) == ("The Red Tree (2nd ed.)", 7)


def test_item_detail_shows_who_has_each_copy(client, office, item, loan_a, second_copy, overdue_b):
    page = signed_in(client, office).get(reverse("library:item_detail", args=[item.pk])).content.decode()
    assert "Lent to Alice Ashworth for" in page and "Amelia Ashworth" in page
    assert "Due back Fri 18 Dec 2026" in page
    assert "Bella Barker" in page and "Overdue" in page
    assert reverse("library:lend", args=[second_copy.pk]) in page


def test_item_detail_hides_families_the_teacher_cannot_see(client, teacher, item, overdue_b):
    page = signed_in(client, teacher).get(reverse("library:item_detail", args=[item.pk])).content.decode()
    assert "Out with another family" in page
    assert "Bella" not in page and "Ben Barker" not in page


# Lending


def test_lending_chooses_a_child_then_a_parent(client, teacher, copy, alice, pupil_a, pupil_b):
    signed_in(client, teacher)
    url = reverse("library:lend", args=[copy.pk])
    step_one = client.get(url).content.decode()
    assert "Amelia Ashworth" in step_one and "Ben Barker" not in step_one
    step_two = client.get(url, {"pupil": pupil_a.pk}).content.decode()
    assert "Alice Ashworth (Mother)" in step_two
    assert 'value="2026-12-18"' in step_two  # today + the item's 16 days
    response = client.post(url, {"pupil": pupil_a.pk, "parent": alice.pk, "due_back_on": "2026-12-18"})
    assert response.url == reverse("library:item_detail", args=[copy.item_id])
    loan = Loan.objects.get()
    assert (loan.parent, loan.pupil, loan.lent_by) == (alice, pupil_a, teacher)
    assert Message.objects.filter(loan=loan, status=MessageStatus.PLANNED).count() == 2
    page = client.get(response.url).content.decode()
    assert "Copy LIB-001 lent to Alice Ashworth, due back on Friday 18 December 2026." in page


def test_lending_lists_only_pupils_on_the_register(client, senco, copy, pupil_a):
    PupilFactory(
        legal_first_name="Rita", legal_last_name="Removed", removed_from_register_on=TODAY, removal_reason="Left"
    )
    page = signed_in(client, senco).get(reverse("library:lend", args=[copy.pk])).content.decode()
    assert "Amelia Ashworth" in page and "Rita Removed" not in page


def test_lending_for_a_child_the_teacher_cannot_see_is_404(client, teacher, copy, pupil_b, bella):
    signed_in(client, teacher)
    url = reverse("library:lend", args=[copy.pk])
    assert client.get(url, {"pupil": pupil_b.pk}).status_code == 404
    response = client.post(url, {"pupil": pupil_b.pk, "parent": bella.pk, "due_back_on": "2026-12-18"})
    assert response.status_code == 404
    assert not Loan.objects.exists()


def test_lending_form_errors_keep_input(client, office, copy, alice, pupil_a, bella):
    signed_in(client, office)
    url = reverse("library:lend", args=[copy.pk])
    response = client.post(url, {"pupil": pupil_a.pk, "parent": alice.pk, "due_back_on": "2026-11-30"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The due-back date is in the past." in page
    assert 'value="2026-11-30"' in page
    assert f'value="{alice.pk}"' in page and "checked" in page
    response = client.post(url, {"pupil": pupil_a.pk, "parent": bella.pk, "due_back_on": "2026-12-18"})
    assert "Select a valid choice" in response.content.decode()
    assert not Loan.objects.exists()


def test_lending_a_copy_already_out(client, office, loan_a, pupil_a, alice):
    signed_in(client, office)
    url = reverse("library:lend", args=[loan_a.copy.pk])
    response = client.get(url, follow=True)
    assert "Copy LIB-001 is already out on loan: it cannot be lent now." in response.content.decode()
    # Someone else lent it while this form was open.
    response = client.post(url, {"pupil": pupil_a.pk, "parent": alice.pk, "due_back_on": "2026-12-20"})
    assert "Copy LIB-001 is already out on loan. Record its return before lending it again." in (
        response.content.decode()
    )
    assert Loan.objects.count() == 1


def test_lending_a_withdrawn_copy(client, office, copy):
    Copy.objects.filter(pk=copy.pk).update(withdrawn=True)
    response = signed_in(client, office).get(reverse("library:lend", args=[copy.pk]), follow=True)
    assert "Copy LIB-001 has been withdrawn: it cannot be lent now." in response.content.decode()


# Returning and renewing


def test_return_asks_then_records(client, office, loan_a):
    signed_in(client, office)
    url = reverse("library:return", args=[loan_a.pk])
    confirm = client.get(url).content.decode()
    assert "Is copy LIB-001 back?" in confirm
    assert Loan.objects.out().exists()  # looking at the page changes nothing
    response = client.post(url, {"returned_on": "2026-12-02"}, follow=True)
    assert "Copy LIB-001 is back. It can be lent again." in response.content.decode()
    loan_a.refresh_from_db()
    assert (loan_a.returned_on, loan_a.returned_to) == (TODAY, office)
    assert not Message.objects.filter(loan=loan_a, status=MessageStatus.PLANNED).exists()
    response = client.get(url, follow=True)
    assert "Copy LIB-001 was returned on 2 December 2026." in response.content.decode()


def test_return_before_it_was_lent_is_refused(client, office, loan_a):
    response = signed_in(client, office).post(
        reverse("library:return", args=[loan_a.pk]), {"returned_on": "2026-12-01"}
    )
    assert "It was lent on 2 December 2026: it cannot be back before then." in response.content.decode()
    assert 'value="2026-12-01"' in response.content.decode()
    assert Loan.objects.out().exists()


def test_renewal_moves_the_due_back_date(client, teacher, loan_a):
    signed_in(client, teacher)
    url = reverse("library:renew", args=[loan_a.pk])
    assert 'value="2027-01-03"' in client.get(url).content.decode()  # the due date + 16 days
    response = client.post(url, {"due_back_on": "2027-01-08"}, follow=True)
    assert "Copy LIB-001 is now due back on Friday 8 January 2027." in response.content.decode()
    loan_a.refresh_from_db()
    assert loan_a.due_back_on == datetime.date(2027, 1, 8)


def test_renewal_to_the_same_date_says_so(client, teacher, loan_a):
    response = signed_in(client, teacher).post(
        reverse("library:renew", args=[loan_a.pk]), {"due_back_on": "2026-12-18"}
    )
    assert "It is already due back on 18 December 2026: choose another date." in response.content.decode()


# Loans out, and one family's loans


def test_loans_out_overdue_first_and_marked(client, office, loan_a, overdue_b):
    page = signed_in(client, office).get(reverse("library:loans")).content.decode()
    assert "2 copies out, <strong>1 overdue</strong>" in page
    assert page.index(f'data-loan="{overdue_b.pk}"') < page.index(f'data-loan="{loan_a.pk}"')
    overdue_row = page.split(f'data-loan="{overdue_b.pk}"')[1].split("</tr>")[0]
    assert "Overdue" in overdue_row and "Fri 27 Nov 2026" in overdue_row
    assert "Overdue" not in page.split(f'data-loan="{loan_a.pk}"')[1].split("</tr>")[0]


def test_returned_loans_are_not_listed_as_out(client, office, loan_a):
    Loan.objects.filter(pk=loan_a.pk).update(returned_on=TODAY)
    assert "Nothing is out on loan." in signed_in(client, office).get(reverse("library:loans")).content.decode()


def test_teacher_sees_only_their_pupils_loans(client, teacher, loan_a, overdue_b):
    page = signed_in(client, teacher).get(reverse("library:loans")).content.decode()
    assert "Amelia Ashworth" in page and "Ben Barker" not in page


def test_pupil_loans_shows_the_familys_loans(client, teacher, loan_a, overdue_b, pupil_a):
    page = signed_in(client, teacher).get(reverse("library:pupil_loans", args=[pupil_a.pk])).content.decode()
    assert "The Red Tree" in page and "LIB-001" in page and "Due back Fri 18 Dec 2026" in page
    assert "LIB-009" not in page


# Who may open what


STAFF_PAGES = [
    ("library:catalogue", None),
    ("library:item_add", None),
    ("library:item_detail", "item"),
    ("library:item_edit", "item"),
    ("library:copy_add", "item"),
    ("library:copy_edit", "copy"),
    ("library:lend", "spare_copy"),
    ("library:return", "loan"),
    ("library:renew", "loan"),
    ("library:loans", None),
    ("library:pupil_loans", "pupil"),
]


@pytest.fixture
def objects(item, loan_a, pupil_a):
    return {
        "item": item.pk,
        "copy": loan_a.copy.pk,
        "spare_copy": Copy.objects.create(item=item, label="LIB-777").pk,
        "loan": loan_a.pk,
        "pupil": pupil_a.pk,
    }


def url_for(name, about, objects):
    return reverse(name, args=[objects[about]] if about else [])


@pytest.mark.parametrize("name,about", STAFF_PAGES)
@pytest.mark.parametrize("role", ["senco", "teacher", "office"])
def test_school_staff_open_every_library_page(client, request, objects, role, name, about):
    user = request.getfixturevalue(role)
    assert signed_in(client, user).get(url_for(name, about, objects)).status_code == 200


@pytest.mark.parametrize("name,about", STAFF_PAGES)
@pytest.mark.parametrize("role", [Role.HEAD, Role.PARENT, Role.YOUNG_PERSON])
def test_others_are_refused_every_library_page(client, objects, role, name, about):
    user = UserFactory(email=f"{role}@example.org", role=role)
    assert signed_in(client, user).get(url_for(name, about, objects)).status_code == 403
    assert signed_in(client, user).post(url_for(name, about, objects)).status_code == 403


@pytest.mark.parametrize("name", ["library:return", "library:renew"])
def test_stranger_familys_loan_is_404_for_a_teacher(client, teacher, overdue_b, name):
    signed_in(client, teacher)
    assert client.get(reverse(name, args=[overdue_b.pk])).status_code == 404
    assert client.post(reverse(name, args=[overdue_b.pk]), {"returned_on": "2026-12-02"}).status_code == 404
    overdue_b.refresh_from_db()
    assert overdue_b.returned_on is None


def test_stranger_pupils_loans_are_404_for_a_teacher(client, teacher, pupil_b):
    assert signed_in(client, teacher).get(reverse("library:pupil_loans", args=[pupil_b.pk])).status_code == 404
