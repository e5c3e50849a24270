"""Sort the national services into the directory's kinds, and name the needs the specialist charities serve."""

import importlib

from django.db import migrations

KINDS = {
    "Information, Advice and Support Services (SENDIASS)": ("sendiass", []),
    "IPSEA": ("legal_advice", []),
    "Contact": ("national_charity", []),
    "National Autistic Society": ("national_charity", ["ASD"]),
    "YoungMinds parents helpline": ("national_charity", ["SEMH"]),
    "National Deaf Children's Society": ("national_charity", ["HI", "MSI"]),
    "RNIB": ("national_charity", ["VI", "MSI"]),
    "GOV.UK: children with SEND": ("other", []),
}


def support_service_model(apps):
    """The model as this migration saw it (in portal/); the test suite re-seeds with today's, which moved to
    services/ (services/migrations/0001_moved_from_portal.py)."""
    try:
        return apps.get_model("portal", "SupportService")
    except LookupError:
        return apps.get_model("services", "SupportService")


def sort_national_services(apps, schema_editor):
    SupportService = support_service_model(apps)
    for name, (kind, needs) in KINDS.items():
        SupportService.objects.filter(name=name, kind="other").update(kind=kind, needs=needs)


def add_national_services(apps, schema_editor):
    """The seeded rows as they stand after this migration: what the test suite puts back after emptying tables."""
    importlib.import_module("portal.migrations.0002_national_services").add_national_services(apps, schema_editor)
    sort_national_services(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_service_directory")]

    operations = [migrations.RunPython(sort_national_services, migrations.RunPython.noop)]
