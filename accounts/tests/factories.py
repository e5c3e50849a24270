import factory

from accounts.models import Role, User

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"user{n}@school.example")
    role = Role.STAFF
    password = factory.django.Password(TEST_PASSWORD)


def portal_invitation(person, token: str = "a-test-link-token", **fields):
    """An open invitation to the portal whose link carries `token` (real tokens are random and only emailed).

    `person` is a ParentCarer, or a Pupil for a young person.
    """
    from django.utils import timezone

    from accounts.models import PortalInvitation
    from pupils.invitations import email_of, hash_token, is_young_person

    now = fields.pop("created_at", None) or timezone.now()
    return PortalInvitation.objects.create(
        **{"pupil" if is_young_person(person) else "parent": person},
        email=email_of(person),
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + PortalInvitation.VALID_FOR,
        **fields,
    )
