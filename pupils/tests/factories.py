import datetime

import factory

from pupils.models import (
    AreaOfNeed,
    OnePageProfile,
    Outcome,
    ParentCarer,
    ProfessionalInvolvement,
    Provision,
    Pupil,
    PupilParent,
    Relationship,
    SenStatus,
    Service,
)
from pupils.upn import check_letter


def make_upn(n: int) -> str:
    body = f"820200126{n % 1000:03d}"
    return check_letter(body) + body


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    legal_first_name = factory.Faker("first_name", locale="en_GB")
    legal_last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = datetime.date(2015, 3, 14)
    year_group = 5
    form = "5B"
    upn = factory.Sequence(make_upn)
    sen_status = SenStatus.SEN_SUPPORT
    primary_need = AreaOfNeed.SPLD
    added_to_register_on = datetime.date(2025, 9, 10)


class ParentCarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentCarer

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"parent{n}@home.example")
    mobile_phone = "07700 900123"


class PupilParentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PupilParent

    pupil = factory.SubFactory(PupilFactory)
    parent = factory.SubFactory(ParentCarerFactory)
    relationship = Relationship.MOTHER
    has_parental_responsibility = True


class OnePageProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OnePageProfile

    pupil = factory.SubFactory(PupilFactory)
    liked_and_admired = "Kind to younger children; makes everyone laugh."
    important_to_me = "My dog Biscuit and football on Saturdays."
    how_to_support_me = "Give me instructions one at a time and check I have understood."


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    pupil = factory.SubFactory(PupilFactory)
    description = "Read 30 common words by sight."
    success_measure = "Reads all 30 words on the card in two checks a week apart."
    who_helps = "Mrs Patel (TA), reading at home 10 minutes a night"
    review_date = datetime.date(2026, 12, 12)


class ProvisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provision

    pupil = factory.SubFactory(PupilFactory)
    intervention = "Precision teaching"
    frequency = "3 times a week, 10 minutes"
    group_size = 1


class ProfessionalInvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfessionalInvolvement

    pupil = factory.SubFactory(PupilFactory)
    service = Service.SALT
    name = "Dana Lewis"
