"""National services every family in England can use. Schools add their own local ones in the admin site."""

from django.db import migrations

NATIONAL = [
    (
        "Information, Advice and Support Services (SENDIASS)",
        "Free, confidential and impartial advice about SEND for parents and young people. Every area has one: "
        "this network helps you find yours.",
        "",
        "https://councilfordisabledchildren.org.uk/about-us-0/networks/information-advice-and-support-services-network",
    ),
    (
        "IPSEA",
        "Free advice, based on the law, about special educational needs, EHC needs assessments and plans, and "
        "appeals.",
        "",
        "https://www.ipsea.org.uk",
    ),
    (
        "Contact",
        "A charity for families with disabled children: a free helpline, and advice on education, benefits and "
        "local support.",
        "0808 808 3555",
        "https://contact.org.uk",
    ),
    (
        "National Autistic Society",
        "Information and a helpline for autistic people and their families.",
        "0808 800 4104",
        "https://www.autism.org.uk",
    ),
    (
        "YoungMinds parents helpline",
        "Advice for parents worried about a child's mental health or wellbeing.",
        "0808 802 5544",
        "https://www.youngminds.org.uk",
    ),
    (
        "National Deaf Children's Society",
        "Support for families of deaf children: a helpline and advice on education.",
        "0808 800 8880",
        "https://www.ndcs.org.uk",
    ),
    (
        "RNIB",
        "Support for families of children with sight loss.",
        "0303 123 9999",
        "https://www.rnib.org.uk",
    ),
    (
        "GOV.UK: children with SEND",
        "The government's plain guide to support for children with special educational needs and disabilities.",
        "",
        "https://www.gov.uk/children-with-special-educational-needs",
    ),
]


def support_service_model(apps):
    """The model as this migration saw it (in portal/); the test suite re-seeds with today's, which moved to
    services/ (services/migrations/0001_moved_from_portal.py)."""
    try:
        return apps.get_model("portal", "SupportService")
    except LookupError:
        return apps.get_model("services", "SupportService")


def add_national_services(apps, schema_editor):
    SupportService = support_service_model(apps)
    for order, (name, what, phone, website) in enumerate(NATIONAL, start=1):
        SupportService.objects.get_or_create(
            name=name, defaults={"what_they_do": what, "phone": phone, "website": website, "reach": "national", "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(add_national_services, migrations.RunPython.noop)]
