"""Telling parents when their child's SEN support starts, changes or ends: a draft per change, checked and sent once by
the SENCO to each parent with parental responsibility."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from mis.apply import apply_plan
from mis.ctf import read_ctf
from mis.importer import plan_import
from mis.tests.builders import contact_xml, ctf_xml, sen_xml, upn
from mis.tests.test_importer import child
from notices.models import Channel, Message, MessageStatus
from notices.sending import deliver
from notices.views import letters_to_print
from pupils.models import ContactMethod, ParentCarer, Pupil, SenStatus
from pupils.tests.factories import ParentCarerFactory, PupilFactory, PupilParentFactory
from school.models import School
from sen_letters.models import LetterChange, SenStatusLetter
from sen_letters.sending import LetterRefused, approve
from services.models import Reach, ServiceKind, SupportService

pytestmark = pytest.mark.django_db

REPORT = "https://oakfield.example/send/information-report"
LOCAL_OFFER = "https://council.example/local-offer"


@pytest.fixture
def school():
    school = School.load()
    school.name, school.phone, school.office_hours = "Oakfield Primary", "0115 496 0000", "8.15am to 4pm"
    school.sen_information_report_url, school.local_offer_url = REPORT, LOCAL_OFFER
    school.save()
    SupportService.objects.create(
        name="Notts SENDIASS",
        kind=ServiceKind.SENDIASS,
        reach=Reach.LOCAL,
        what_they_do="Free advice.",
        phone="0115 804 0000",
        website="https://sendiass.example",
    )
    return school


@pytest.fixture
def senco_client(client, senco):
    client.force_login(senco)
    return client


@pytest.fixture
def family():
    """Rosie, not on SEN support yet: her mother by email, her father by letter, her step-father without parental
    responsibility."""
    rosie = PupilFactory(legal_first_name="Rosie", legal_last_name="Khan", sen_status=SenStatus.NO_SEN, primary_need="")
    mother = ParentCarerFactory(title="Mrs", first_name="Amina", last_name="Khan", email="amina@home.example")
    father = ParentCarerFactory(
        title="Mr",
        first_name="Imran",
        last_name="Khan",
        email="",
        address="3 Mill Lane\nAshby\nAB1 2CD",
        preferred_contact_method=ContactMethod.LETTER,
    )
    step = ParentCarerFactory(first_name="Dave", last_name="Price", email="dave@home.example")
    PupilParentFactory(pupil=rosie, parent=mother)
    PupilParentFactory(pupil=rosie, parent=father, relationship="father")
    PupilParentFactory(pupil=rosie, parent=step, relationship="step_parent", has_parental_responsibility=False)
    return {"rosie": rosie, "mother": mother, "father": father, "step": step}


def edit_status(client, pupil, status: str, need: str = "SPLD"):
    form = client.get(reverse("pupils:pupil_edit", args=[pupil.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "teaching_assistants"}
    return client.post(
        reverse("pupils:pupil_edit", args=[pupil.pk]), data | {"sen_status": status, "primary_need": need}
    )


def send(client, letter, text: str | None = None):
    if text is None:
        text = client.get(reverse("sen_letters:letter", args=[letter.pk])).context["form"]["text"].value()
    return client.post(reverse("sen_letters:letter", args=[letter.pk]), {"text": text, "send": "1"}, follow=True)


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


def test_adding_a_pupil_to_sen_support_by_hand_drafts_one_letter(senco_client, senco, family, school):
    rosie = family["rosie"]

    edit_status(senco_client, rosie, SenStatus.SEN_SUPPORT)
    edit_status(senco_client, rosie, SenStatus.SEN_SUPPORT)  # saved again: no second change, no second letter

    [letter] = SenStatusLetter.objects.all()
    assert (letter.change, letter.from_status, letter.to_status) == (LetterChange.SEN_SUPPORT, "N", "K")
    assert (letter.changed_on, letter.changed_by, letter.is_waiting) == (timezone.localdate(), senco, True)
    assert Message.objects.count() == 0  # nothing goes until the SENCO sends it
    pupil_page = page_text(senco_client.get(reverse("pupils:pupil_detail", args=[rosie.pk])))
    assert "A letter telling Rosie's parents of the change (starts sen support) is waiting for you" in pupil_page
    dashboard = page_text(senco_client.get(reverse("meetings:dashboard_waiting")))
    assert "Letters to parents about SEN changes (1)" in dashboard


def test_the_default_words_say_what_it_means_who_to_talk_to_and_where_to_find_out_more(
    senco_client, senco, family, school
):
    edit_status(senco_client, family["rosie"], SenStatus.SEN_SUPPORT)
    letter = SenStatusLetter.objects.get()

    words = senco_client.get(reverse("sen_letters:letter", args=[letter.pk])).context["form"]["text"].value()

    assert words.startswith(
        f"We are writing to let you know that Rosie is now getting SEN support at Oakfield Primary, from "
        f"{timezone.localdate():%-d %B %Y}."
    )
    for said in (
        "SEN means special educational needs.",
        "I am the school's SENCO (special educational needs co-ordinator).",
        "- Email me: senco@school.example",
        "- Phone the school office: 0115 496 0000 (8.15am to 4pm)",
        "We would like to meet you soon",
        f"- Our SEN Information Report, how the school supports children with SEND: {REPORT}",
        "- Notts SENDIASS: free, independent and confidential advice for families about SEND. Phone 0115 804 0000.",
        f"near you: {LOCAL_OFFER}",
    ):
        assert said in words


def test_sending_writes_once_to_each_parent_with_parental_responsibility_by_their_way(
    senco_client, office, family, school
):
    edit_status(senco_client, family["rosie"], SenStatus.SEN_SUPPORT)
    letter = SenStatusLetter.objects.get()

    response = send(senco_client, letter)

    assert (
        "Sent to Mrs Amina Khan (by email to amina@home.example), Mr Imran Khan (by letter, printed by the office)"
        in (page_text(response))
    )
    messages = Message.objects.order_by("parent__first_name")
    assert [(m.parent, m.channel) for m in messages] == [
        (family["mother"], Channel.EMAIL),
        (family["father"], Channel.LETTER),
    ]  # never to the step-father, who has no parental responsibility
    assert [deliver(m.pk) for m in messages] == [MessageStatus.SENT, MessageStatus.SENT]
    [email] = mail.outbox
    assert email.to == ["Mrs Amina Khan <amina@home.example>"]
    assert email.subject == "Rosie is getting SEN support at school"
    assert email.body.startswith("Dear Mrs Khan,\n\nWhat: Rosie starts SEN support\nFrom when: ")  # key facts first
    assert "\nWe are writing to let you know that Rosie is now getting SEN" in email.body
    assert "Best wishes,\n\nSam Senco" in email.body
    html = email.alternatives[0][0]
    assert f'<a href="{REPORT}"' in html and ">What this means</h2>" in html
    [printed] = letters_to_print(office)
    assert (printed.parent, printed.recipient_address) == (family["father"], "3 Mill Lane\nAshby\nAB1 2CD")
    assert printed.body_text.startswith("Dear Mr Khan,")

    rosie = family["rosie"]
    timeline = page_text(senco_client.get(reverse("overview:pupil_timeline", args=[rosie.pk])))
    message_log = page_text(senco_client.get(reverse("notices:pupil_log", args=[rosie.pk])))
    assert "Letter about a change in SEN support sent to Mrs Amina Khan" in timeline
    assert "Letter about Rosie&#x27;s support" in message_log

    again = send(senco_client, letter, "Sent again")  # the same letter sent twice (a second tab, a back button)

    assert "it goes once" in page_text(again)
    with pytest.raises(LetterRefused):
        approve(letter, letter.approved_by)
    assert Message.objects.count() == 2 and len(mail.outbox) == 1


def test_the_words_the_senco_changed_are_what_is_sent(senco_client, family, school):
    edit_status(senco_client, family["rosie"], SenStatus.SEN_SUPPORT)
    letter = SenStatusLetter.objects.get()
    words = "Rosie will have reading help with Mrs Patel each morning.\n\nCome and see us on Tuesday."

    saved = senco_client.post(
        reverse("sen_letters:letter", args=[letter.pk]), {"text": words, "save": "1"}, follow=True
    )
    assert "Saved. The letter has not been sent" in page_text(saved) and Message.objects.count() == 0
    send(senco_client, letter, words + "\n\nPS: bring Rosie's reading book.")

    mother = Message.objects.get(parent=family["mother"])
    deliver(mother.pk)
    [email] = mail.outbox
    assert (
        "Rosie will have reading help with Mrs Patel each morning.\n\nCome and see us on Tuesday.\n\nPS:" in email.body
    )
    assert "SEN means special educational needs" not in email.body
    letter.refresh_from_db()
    assert letter.text.endswith("PS: bring Rosie's reading book.")


def test_an_empty_letter_is_refused_and_the_default_words_can_come_back(senco_client, family, school):
    edit_status(senco_client, family["rosie"], SenStatus.SEN_SUPPORT)
    letter = SenStatusLetter.objects.get()
    url = reverse("sen_letters:letter", args=[letter.pk])

    refused = senco_client.post(url, {"text": "  ", "send": "1"})
    senco_client.post(url, {"text": "Our own words.", "save": "1"})
    senco_client.post(url, {"default": "1"})

    assert "The letter has no words" in page_text(refused) and Message.objects.count() == 0
    letter.refresh_from_db()
    assert letter.text == ""  # following the school's settings again


def test_an_import_from_the_mis_moving_pupils_to_sen_support_drafts_their_letters(client, senco, school):
    def school_file(daniel_sen: str, ruth_sen: str, *more: str):
        pupils = (
            child(1, sen=daniel_sen),
            child(2, forename="Ruth", sen=ruth_sen, contacts=contact_xml(email="ruth.mum@example.org")),
            *more,
        )
        plan = plan_import(read_ctf(ctf_xml(*pupils)), partial=False)
        assert plan.ok
        apply_plan(plan, user=senco)

    no_sen, support = sen_xml(provision="N", needs=()), sen_xml("2026-10-01", "K", (("SPLD", "1"),))
    school_file(no_sen, no_sen)
    assert SenStatusLetter.objects.count() == 0  # the first import brings statuses long held: no letters

    # Daniel and Ruth start SEN support; Kofi arrives new with SEN support from his last school (no letter here)
    school_file(support, support, child(3, forename="Kofi", sen=support, contacts=contact_xml(email="k@example.org")))

    letters = SenStatusLetter.objects.order_by("pupil__legal_first_name")
    assert [(x.pupil.upn, x.change, x.from_status, x.to_status) for x in letters] == [
        (upn(1), LetterChange.SEN_SUPPORT, "N", "K"),
        (upn(2), LetterChange.SEN_SUPPORT, "N", "K"),
    ]
    assert [(x.source, x.changed_by) for x in letters] == [("From the MIS (Common Transfer File)", senco)] * 2

    client.force_login(senco)  # where the import lands
    register = page_text(client.get(reverse("pupils:register") + "?show=school"))
    assert "2 letters to parents about changes in SEN support are waiting for you." in register


def test_drafting_for_an_import_takes_as_many_queries_for_twelve_pupils_as_for_two(senco):
    def counted(pupils: int) -> int:
        Pupil.objects.all().delete()
        ParentCarer.objects.all().delete()

        def school(sen: str) -> list[str]:
            return [
                child(n, surname=f"Family{n}", sen=sen, contacts=contact_xml(surname=f"Family{n}", email=f"{n}@x.org"))
                for n in range(1, pupils + 1)
            ]

        apply_plan(plan_import(read_ctf(ctf_xml(*school(sen_xml(provision="N", needs=()))))), user=senco)
        plan = plan_import(read_ctf(ctf_xml(*school(sen_xml("2026-10-01", "K", (("SPLD", "1"),))))))
        with CaptureQueriesContext(connection) as applying:
            apply_plan(plan, user=senco)
        assert SenStatusLetter.objects.waiting().count() == pupils
        return len(applying)

    counted(1)  # the school's settings, read once per request or task
    assert counted(2) == counted(12)


def test_a_correction_before_the_letter_went_leaves_nothing_to_send(senco_client, family, school):
    rosie = family["rosie"]
    edit_status(senco_client, rosie, SenStatus.SEN_SUPPORT)
    edit_status(senco_client, rosie, SenStatus.NO_SEN, need="")  # entered by mistake, put right

    [letter] = SenStatusLetter.objects.all()
    assert not letter.is_waiting and letter.discard_reason.startswith("Overtaken on")

    edit_status(senco_client, rosie, SenStatus.SEN_SUPPORT)
    edit_status(senco_client, rosie, SenStatus.EHC_PLAN)  # support, then a plan, before anything went: one letter

    [waiting] = SenStatusLetter.objects.waiting()
    assert (waiting.change, waiting.from_status, waiting.to_status) == (LetterChange.EHC_PLAN, "N", "E")


def test_coming_off_the_register_and_back_drafts_letters(senco_client, family, school):
    rosie = family["rosie"]
    rosie.sen_status, rosie.primary_need = SenStatus.SEN_SUPPORT, "SPLD"
    rosie.save()

    senco_client.post(
        reverse("pupils:pupil_remove", args=[rosie.pk]),
        {"removed_from_register_on": timezone.localdate().isoformat(), "removal_reason": "No longer needs SEN support"},
    )
    letter = SenStatusLetter.objects.get()
    assert (letter.change, letter.from_status, letter.to_status) == (LetterChange.OFF_SEN_SUPPORT, "K", "N")
    send(senco_client, letter)
    email_to_mum = Message.objects.get(parent=family["mother"])
    deliver(email_to_mum.pk)
    assert mail.outbox[0].subject == "Rosie no longer gets SEN support"
    assert "no longer on the school's SEN register" in mail.outbox[0].body

    senco_client.post(reverse("pupils:pupil_return", args=[rosie.pk]))

    back = SenStatusLetter.objects.waiting().get()
    assert (back.change, back.from_status, back.to_status) == (LetterChange.SEN_SUPPORT, "N", "K")


def test_the_senco_sets_a_letter_aside_with_a_reason(senco_client, family, school):
    edit_status(senco_client, family["rosie"], SenStatus.SEN_SUPPORT)
    letter = SenStatusLetter.objects.get()
    url = reverse("sen_letters:set_aside", args=[letter.pk])

    without_reason = senco_client.post(url, {"reason": ""}, follow=True)
    senco_client.post(url, {"reason": "Told Mrs Khan in person at the meeting"})
    after = send(senco_client, letter, "Sent after all")

    assert "Say why this letter is not being sent" in page_text(without_reason)
    letter.refresh_from_db()
    assert (letter.discard_reason, letter.is_sent) == ("Told Mrs Khan in person at the meeting", False)
    assert "This letter was set aside, so it cannot be sent." in page_text(after)
    assert Message.objects.count() == 0


def test_no_letter_to_the_parents_of_a_young_person_who_decides_for_themself(senco_client, school):
    today = timezone.localdate()
    born = datetime.date(today.year - 18, 1, 10)
    student = PupilFactory(date_of_birth=born, year_group=13, form="13A", sen_status=SenStatus.NO_SEN, primary_need="")
    PupilParentFactory(pupil=student)

    edit_status(senco_client, student, SenStatus.SEN_SUPPORT)

    assert SenStatusLetter.objects.count() == 0


def test_only_the_senco_may_check_and_send(client, family, school):
    senco = UserFactory(role=Role.SENCO)
    client.force_login(senco)
    edit_status(client, family["rosie"], SenStatus.SEN_SUPPORT)
    letter = SenStatusLetter.objects.get()
    for role in (Role.STAFF, Role.OFFICE, Role.HEAD):
        client.force_login(UserFactory(role=role))
        assert (
            client.post(reverse("sen_letters:letter", args=[letter.pk]), {"text": "x", "send": "1"}).status_code == 403
        )
    assert Message.objects.count() == 0
