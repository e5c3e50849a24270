"""`make bench` fails loudly on a missed target (issue 24): bench/run.py's evaluate() names each page over the floor
multiple or the query limit, each count that changes with size, and a floor too far above bare Django; with every
target met it names none."""

from bench import run
from bench.pages import BARE, DAILY, FLOOR

SIZES = [(200, 10), (2000, 10), (20000, 2)]


def row(page: str, median_ms: float, queries: int = 8, errors: int = 0) -> dict:
    return {
        "page": page,
        "requests": 100,
        "median_ms": median_ms,
        "p95_ms": median_ms * 1.5,
        "per_second": 1000 / median_ms,
        "queries": queries,
        "queries_min": queries,
        "queries_max": queries,
        "errors": errors,
        "first_error": "/x/: HTTP 500" if errors else "",
    }


def facts(pages: dict[str, tuple[float, int]] | None = None, bare_ms: float = 12.0, **at_sizes) -> dict:
    """A run's figures: every page at 40 ms and 8 queries (the floor 20 ms), unless `pages` says otherwise; a size
    given in `at_sizes` (e.g. s200={...}) has its own queries for the pages named."""
    pages = pages or {}

    def rows(queries_at_size: dict[str, int]) -> list[dict]:
        return [row(BARE, bare_ms, 0), row(FLOOR, 20.0, 4)] + [
            row(page, pages.get(page, (40.0, 8))[0], queries_at_size.get(page, pages.get(page, (40.0, 8))[1]))
            for page in DAILY
        ]

    growth = {pupils: rows(at_sizes.get(f"s{pupils}", {})) for pupils, _ in SIZES}
    return {
        "pages": growth[run.SCHOOL],
        "growth": growth,
        "growth_sizes": SIZES,
        "pdf": {"median_ms": 90.0},
        "notices": {"count": 10_000, "seconds": 55.0, "emails": 10_000, "twice": 0, "missing": 0, "exactly_once": True},
        "booking": {"slots_twice": 0, "families_twice": 0, "ok": True},
    }


def test_every_target_met_names_none():
    rows, missed = run.evaluate(facts())
    assert missed == []
    assert rows and all(line.endswith("| met |") for line in rows)


def test_a_page_over_three_times_the_floor_is_named():
    _, missed = run.evaluate(facts({"dashboard": (68.0, 8)}))
    assert missed == ["dashboard median 3.4x the floor (target 3x)"]


def test_too_many_queries_and_queries_growing_with_size_are_named():
    _, missed = run.evaluate(facts({"timeline": (40.0, 14)}, s20000={"register": 9}))
    assert "timeline 14 queries (14 at 200, 14 at 2,000, 14 at 20,000 pupils; target at most 10)" in missed
    assert any(line.startswith("register queries differ with size: 8, 8, 9") for line in missed)
    assert len(missed) == 2


def test_a_floor_over_twice_bare_django_is_named():
    _, missed = run.evaluate(facts(bare_ms=8.0))
    assert missed == ["floor median 2.5x bare Django (target 2x)"]


def test_slow_notices_are_named():
    figures = facts()
    figures["notices"]["seconds"] = 64.0
    _, missed = run.evaluate(figures)
    assert missed == ["10,000 notices took 64.0 s (target under 60 s)"]


def test_a_multiple_just_over_is_not_rounded_down_to_the_target():
    _, missed = run.evaluate(facts({"profile": (60.8, 8)}))
    assert missed == ["profile median 3.04x the floor (target 3x)"]
