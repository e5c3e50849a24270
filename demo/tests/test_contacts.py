from accounts.models import Role
from accounts.tests.factories import UserFactory
from contacts.models import Concern, Contact
from demo.contacts import build_demo_contacts
from pupils.tests.factories import ParentCarerFactory, PupilFactory, PupilParentFactory


def test_the_demo_families_have_good_news_answered_concerns_and_one_overdue(db):
    senco = UserFactory(email="senco@demo.school.example", role=Role.SENCO)
    teacher = UserFactory(email="class.teacher@demo.school.example", role=Role.STAFF)
    for n in range(6):
        pupil = PupilFactory(class_teacher=teacher if n == 0 else None, key_worker=senco)
        PupilParentFactory(pupil=pupil, parent=ParentCarerFactory())

    created = build_demo_contacts()

    assert Contact.objects.filter(is_positive_news=True).exists()
    assert Concern.objects.filter(responded_at__isnull=False).count() == created["concerns answered"] == 6
    assert list(Concern.objects.overdue().values_list("assigned_to__email", flat=True)) == [senco.email]
    assert Concern.objects.open().filter(assigned_to=teacher, due_at__gt=Concern.objects.overdue().get().due_at)
    assert build_demo_contacts() == {}  # safe to run again
