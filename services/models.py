"""The directory of support services outside school: kept by the SENCO and the office, listed in the parents'
portal, signposted by meeting records."""

from django.core.exceptions import ValidationError
from django.db import models

from common.text import ADDRESS, SENTENCES, long_text_field, one_line_field
from pupils.models import AreaOfNeed


class Reach(models.TextChoices):
    LOCAL = "local", "Near you"
    NATIONAL = "national", "Across the country"


class ServiceKind(models.TextChoices):
    """What sort of service it is: the directory and the portal list them in these groups, in this order."""

    SENDIASS = "sendiass", "SEND information, advice and support (SENDIASS)"
    PARENT_CARER_FORUM = "parent_carer_forum", "Parent carer forum"
    CITIZENS_ADVICE = "citizens_advice", "Citizens Advice"
    EARLY_HELP = "early_help", "Early help"
    HOUSING = "housing", "Housing"
    LEGAL_ADVICE = "legal_advice", "Legal advice"
    VOLUNTARY = "voluntary", "Voluntary organisation"
    NATIONAL_CHARITY = "national_charity", "National charity"
    OTHER = "other", "Other help"


GROUP_HEADINGS = {
    ServiceKind.PARENT_CARER_FORUM: "Parent carer forums",
    ServiceKind.VOLUNTARY: "Voluntary organisations",
    ServiceKind.NATIONAL_CHARITY: "National charities",
}


def validate_needs(value) -> None:
    """The needs a service serves: a list of pupil areas of need (census codes), each once. Empty means all."""
    if not isinstance(value, list):
        raise ValidationError("Give the needs as a list.")
    unknown = [need for need in value if need not in AreaOfNeed.values]
    if unknown:
        raise ValidationError("Not an area of need: %(unknown)s.", params={"unknown": ", ".join(map(str, unknown))})
    if len(set(value)) != len(value):
        raise ValidationError("Each area of need should be listed once.")


class SupportServiceQuerySet(models.QuerySet):
    def active(self) -> "SupportServiceQuerySet":
        """The services families see and staff can signpost; hidden ones stay for the records that name them."""
        return self.filter(active=True)


class SupportService(models.Model):
    """A service outside school that helps families of children with SEND: the directory staff keep, the
    parents' portal lists, and a meeting record can signpost.

    Kept as data: each school adds its own local offer and information, advice and support service (SENDIASS).
    """

    name = one_line_field(max_length=150)
    kind = models.CharField(max_length=20, choices=ServiceKind.choices, default=ServiceKind.OTHER)
    what_they_do = long_text_field(
        "what it helps with", max_length=SENTENCES, help_text="One or two short sentences in everyday words."
    )
    needs = models.JSONField(
        "needs it serves",
        default=list,
        blank=True,
        validators=[validate_needs],
        help_text="Leave all unticked if it helps with any need.",
    )
    reach = models.CharField(max_length=10, choices=Reach.choices, default=Reach.LOCAL)
    phone = one_line_field(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    address = long_text_field(max_length=ADDRESS, blank=True)
    opening_times = one_line_field(max_length=200, blank=True, help_text="For example 'Monday to Friday, 9am to 5pm'.")
    active = models.BooleanField(
        "shown to families and staff",
        default=True,
        help_text="Untick to hide a service that has closed. Records that named it keep what they said.",
    )
    order = models.PositiveSmallIntegerField(default=10, help_text="Lower numbers are listed first.")

    objects = SupportServiceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "support service for families"
        verbose_name_plural = "support services for families"
        db_table = "portal_supportservice"  # its table from when it lived in portal/: moving the app moved no rows

    def __str__(self) -> str:
        return self.name

    def serves(self, need: str) -> bool:
        """Whether it helps with this area of need: a service that names no needs helps with all of them."""
        return not self.needs or need in self.needs

    def serves_any_of(self, needs) -> bool:
        """Whether it names one of these needs: the services picked out for a child come first."""
        return bool(set(self.needs) & set(needs))

    def get_needs_display(self) -> list[str]:
        labels = dict(AreaOfNeed.choices)
        return [labels[need] for need in self.needs if need in labels]

    def contact_details(self) -> dict:
        """The details a record copies when it signposts this service, so the record never changes later."""
        return {
            "name": self.name,
            "kind": self.get_kind_display(),
            "what_they_do": self.what_they_do,
            "phone": self.phone,
            "email": self.email,
            "website": self.website,
            "address": self.address,
            "opening_times": self.opening_times,
        }


def grouped_by_kind(services) -> list[tuple[str, list[SupportService]]]:
    """(heading, services) for each kind that has any, in the order of ServiceKind."""
    groups = {kind: [] for kind in ServiceKind.values}
    for service in services:
        groups.setdefault(service.kind, []).append(service)
    return [(GROUP_HEADINGS.get(kind, ServiceKind(kind).label), listed) for kind, listed in groups.items() if listed]


def needs_of(pupil) -> list[str]:
    """A pupil's areas of need, primary first."""
    return [need for need in (pupil.primary_need, pupil.secondary_need) if need]
