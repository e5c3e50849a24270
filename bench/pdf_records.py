"""How fast meeting records render as PDFs. Not a test: run it by hand and read the figures.

    .venv/bin/python bench/pdf_records.py [COUNT]

Builds COUNT finalised records (test factories; needs requirements-test.txt) in a throwaway SQLite database,
renders each to a PDF the way the download view does, and prints documents per second and the median time.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "senco_portal.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402


def build_versions(count: int) -> list:
    from meetings.models import ActionOwner
    from meetings.records import finalise
    from meetings.tests.factories import ActionPointFactory, InviteeFactory, MeetingFactory, MeetingRecordFactory
    from pupils.tests.factories import ParentCarerFactory

    versions = []
    for _ in range(count):
        meeting = MeetingFactory(held=True)
        parent = ParentCarerFactory()
        InviteeFactory(meeting=meeting, kind="parent", user=None, parent=parent, role="Mother")
        InviteeFactory(meeting=meeting)
        ActionPointFactory(meeting=meeting)
        ActionPointFactory(meeting=meeting, owner=ActionOwner.PARENT, owner_staff=None, owner_parent=parent)
        record = MeetingRecordFactory(meeting=meeting, support_agreed="Precision teaching; a SALT assessment.")
        versions.append(finalise(record, meeting.led_by))
    return versions


def main(count: int) -> None:
    from documents.records import record_pdf

    call_command("migrate", verbosity=0)
    versions = build_versions(count)
    record_pdf(versions[0], large_print=False)  # warm-up: imports, font loading
    timings = []
    started = time.perf_counter()
    for version in versions:
        begun = time.perf_counter()
        record_pdf(version, large_print=False)
        timings.append(time.perf_counter() - begun)
    elapsed = time.perf_counter() - started
    print(f"{count} meeting records in {elapsed:.1f} s: {count / elapsed:.1f} documents per second")
    print(f"median {statistics.median(timings) * 1000:.0f} ms per document, slowest {max(timings) * 1000:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
