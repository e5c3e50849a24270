"""How fast meeting records render as PDFs. Not a test: run it by hand and read the figures.

    .venv/bin/python bench/pdf_records.py [COUNT]

Builds COUNT finalised records (test factories, through the real `finalise`; needs requirements-test.txt) in its
own PostgreSQL database (senco_bench_pdf), renders each to a PDF the way the download view does, one after
another in one process, and prints documents per second and the median and slowest time.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_database, use_database  # noqa: E402

DATABASE = "senco_bench_pdf"


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


def run(count: int = 100) -> dict:
    fresh_database(DATABASE)
    use_database(DATABASE)
    from documents.records import record_pdf

    versions = build_versions(count)
    record_pdf(versions[0], large_print=False)  # warm-up: imports, font loading
    timings = []
    started = time.perf_counter()
    for version in versions:
        begun = time.perf_counter()
        record_pdf(version, large_print=False)
        timings.append(time.perf_counter() - begun)
    elapsed = time.perf_counter() - started
    return {
        "count": count,
        "seconds": elapsed,
        "per_second": count / elapsed,
        "median_ms": statistics.median(timings) * 1000,
        "slowest_ms": max(timings) * 1000,
    }


def main() -> None:
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
    print(
        f"{result['count']} meeting records in {result['seconds']:.1f} s: {result['per_second']:.1f} documents per "
        f"second; median {result['median_ms']:.0f} ms per document, slowest {result['slowest_ms']:.0f} ms"
    )


if __name__ == "__main__":
    main()
