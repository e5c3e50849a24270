"""`make bench`: every benchmark, one after another, then bench/results.md (Markdown tables), printed too, and the
same figures in bench/results.json.

    .venv/bin/python bench/run.py            # the full run (every page at three sizes: 20 minutes or more on 2 cores)
    BENCH_QUICK=1 .venv/bin/python bench/run.py   # small sizes and short loads, to try the machinery
    .venv/bin/python bench/run.py --docs          # docs/performance.md's tables again from results.md
    .venv/bin/python bench/run.py --only mis_import   # the MIS import alone: its section of results.md and the docs

docs/performance.md gets the same tables, between its markers. Each step runs in a process of its
own (Django is set up once per process, on one database) and hands back its figures as JSON. The bench databases
(senco_bench_*, or senco_bench_<BENCH_NAME>_*) are dropped at the end unless BENCH_KEEP=1.

Then every target is checked (evaluate(): issue 24's, each page against the floor measured in the same run, and the
earlier ones still held): for each one missed a line `MISSED: ...` naming it, and the exit status is 1, so `make
bench` fails when something regresses.
"""

import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PREFIX, ROOT, TEMPLATE, drop_database, make_template  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK") == "1"
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "2" if QUICK else "10"))
GROWTH_SECONDS = float(os.environ.get("BENCH_GROWTH_SECONDS", "1" if QUICK else "5"))
SCHOOL = 200 if QUICK else 2000  # pupils in the main school
GROWTH = [(20, 10), (200, 10), (1000, 5)] if QUICK else [(200, 10), (2000, 10), (20000, 2)]  # (pupils, meetings each)
NOTICES = 500 if QUICK else 10_000
PDFS = 10 if QUICK else 100
FAMILIES = 40 if QUICK else 150
# A quick run writes apart, and leaves docs/performance.md alone: its small figures are not the school's.
RESULTS = ROOT / "bench" / ("results-quick.md" if QUICK else "results.md")
PROFILES = ROOT / "bench" / ("profiles-quick" if QUICK else "profiles")

WARM_UP_SECONDS = 0.5 if QUICK else 2  # each page, before any is measured
PROFILED = int(os.environ.get("BENCH_PROFILED", "3" if QUICK else "40"))  # at most this many missed pages profiled

# Targets (issue 24, superseding issue 11's p95 and requests per second): each page's median against the floor's in
# the same run (absolute figures move by tens of percent on a shared machine; the multiples hold better), and the
# floor's against a bare Django view's.
FLOOR_MULTIPLE, BARE_MULTIPLE, MAX_QUERIES = 3.0, 2.0, 10
PDF_MEDIAN_MS, NOTICES_SECONDS = 500, 60
MEDIAN_MS = 150  # the provision map and impact report (issue 22): a median, in a constant number of queries


def school_name(pupils: int) -> str:
    return f"{PREFIX}school_{pupils}"


# Steps, each run in a child process: `run.py --step NAME JSON_ARGS OUTPUT_FILE`.


def step_build(pupils: int, per_pupil: int) -> dict:
    from bench.common import fresh_database, use_database

    fresh_database(school_name(pupils))
    use_database(school_name(pupils))
    from bench.school import build

    created, seconds = build(pupils, per_pupil)
    return {"created": dict(created), "seconds": seconds}


def step_pages(pupils: int, seconds: float, concurrency: int) -> list[dict]:
    from bench.pages import measure

    return [result.summary() for result in measure(school_name(pupils), seconds, concurrency, warm_up=WARM_UP_SECONDS)]


def step_profile(pupils: int, page: str) -> str:
    from bench.profile_page import profile

    return profile(school_name(pupils), page, 10)


def step_profile_notices() -> str:
    from bench.profile_notices import profile

    return profile(200)


def step_pdf(count: int) -> dict:
    from bench.pdf_records import run

    return run(count)


def step_notices(count: int, concurrency: int) -> dict:
    from bench.notices import run

    return run(count, concurrency)


def step_booking(families: int, clients: int) -> dict:
    from bench.booking import run

    return run(families, clients)


def step_mis_import(pupils: int) -> dict:
    from bench.mis_import import run

    return run(pupils)


STEPS = {
    "build": step_build,
    "pages": step_pages,
    "profile": step_profile,
    "profile_notices": step_profile_notices,
    "pdf": step_pdf,
    "notices": step_notices,
    "booking": step_booking,
    "mis_import": step_mis_import,
}


def step(name: str, **kwargs):
    """Run one step in a child process and return what it returned; prints how long it took."""
    began = time.perf_counter()
    print(f"  {name} {kwargs} ...", flush=True)
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        subprocess.run(
            [sys.executable, __file__, "--step", name, json.dumps(kwargs), output.name], cwd=ROOT, check=True
        )
        result = json.loads(Path(output.name).read_text())
    print(f"  {name} done in {time.perf_counter() - began:.0f} s", flush=True)
    return result


# The report


def mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def multiples(rows: list[dict]) -> dict[str, float]:
    """Each page's median as a multiple of the floor's in the same run (and the bare view's)."""
    from bench.pages import FLOOR

    floor = next((r["median_ms"] for r in rows if r["page"] == FLOOR), float("nan"))
    return {r["page"]: r["median_ms"] / floor for r in rows}


def times_over(multiple: float, limit: float) -> str:
    """A multiple in words, as 3.4x; with a second decimal where one would hide that it is over the limit (3.04x)."""
    return f"{multiple:.1f}x" if round(multiple, 1) > limit or multiple <= limit else f"{multiple:.2f}x"


def page_table(rows: list[dict]) -> list[str]:
    from bench.pages import DAILY

    times = multiples(rows)
    lines = [
        "| page | requests | median ms | p95 ms | requests/s | queries per request | median as a multiple of the floor "
        "| errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        queries = str(r["queries"])
        if r["queries_min"] != r["queries_max"]:
            queries += f" ({r['queries_min']}-{r['queries_max']})"
        if r["page"] in DAILY and r["queries"] > MAX_QUERIES:
            queries = f"**{queries}**"
        multiple = f"{times[r['page']]:.1f}" if times[r["page"]] >= 0.1 else f"{times[r['page']]:.2f}"
        if r["page"] in DAILY and not times[r["page"]] <= FLOOR_MULTIPLE:
            multiple = f"**{multiple}**"
        lines.append(
            f"| {r['page']} | {r['requests']} | {r['median_ms']:.1f} | {r['p95_ms']:.0f} | {r['per_second']:.1f} "
            f"| {queries} | {multiple} | {r['errors']} |"
        )
    return lines


def growth_table(growth: dict[int, list[dict]], sizes: list[tuple[int, int]]) -> list[str]:
    head = " | ".join(f"{pupils:,} pupils ({each} meetings each)" for pupils, each in sizes)
    lines = [f"| page | {head} |", "|---|" + "---:|" * len(sizes)]
    times = {pupils: multiples(growth[pupils]) for pupils, _ in sizes}
    pages = [r["page"] for r in growth[sizes[0][0]]]
    for page in pages:
        cells = []
        for pupils, _ in sizes:
            r = next((r for r in growth[pupils] if r["page"] == page), None)
            cells.append(
                "not measured"
                if r is None
                else f"{r['median_ms']:.0f} / {r['p95_ms']:.0f} ms ({times[pupils][page]:.1f}x), {r['queries']} q"
            )
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return lines


def evaluate(facts: dict) -> tuple[list[str], list[str]]:
    """The targets: rows of the report's targets table, and one line for each target missed (empty if all met)."""
    from bench.pages import BARE, DAILY, FLOOR

    main, growth, sizes = facts["pages"], facts["growth"], facts["growth_sizes"]
    by_page = {r["page"]: r for r in main}
    times = multiples(main)
    rows, missed = [], []

    # Every page within FLOOR_MULTIPLE times the floor, at the main size.
    over = [page for page in DAILY if page in by_page and not times[page] <= FLOOR_MULTIPLE]
    absent = [page for page in (BARE, FLOOR, *DAILY) if page not in by_page]
    highest = max((page for page in DAILY if page in by_page), key=lambda page: times[page], default=None)
    measured = f"highest: {highest} {times[highest]:.1f}x" if highest else "nothing measured"
    if over:
        measured += "; over: " + ", ".join(f"{page} {times_over(times[page], FLOOR_MULTIPLE)}" for page in over)
    rows.append(
        f"| every page's median at most {FLOOR_MULTIPLE:.0f} times the floor's, at {SCHOOL:,} pupils "
        f"({len(DAILY)} pages) | {measured} | {mark(not over and not absent)} |"
    )
    missed += [
        f"{page} median {times_over(times[page], FLOOR_MULTIPLE)} the floor (target {FLOOR_MULTIPLE:.0f}x)"
        for page in over
    ]
    missed += [f"{page} not measured (the bench school has nothing for it)" for page in absent]

    # At most MAX_QUERIES queries, at every size; the same count at every size.
    counts = {
        page: [next((r["queries"] for r in growth[pupils] if r["page"] == page), None) for pupils, _ in sizes]
        for page in DAILY
    }
    peak = {page: max((q for q in n if q is not None), default=0) for page, n in counts.items()}
    too_many = {page: n for page, n in counts.items() if peak[page] > MAX_QUERIES}
    measured = f"most: {max(peak.values(), default=0)}"
    if too_many:
        measured += "; over: " + ", ".join(f"{page} {peak[page]}" for page in too_many)
    rows.append(f"| every page at most {MAX_QUERIES} queries, at every size | {measured} | {mark(not too_many)} |")
    for page, n in too_many.items():
        at = ", ".join(f"{q} at {pupils:,}" for q, (pupils, _) in zip(n, sizes, strict=True) if q is not None)
        missed.append(f"{page} {peak[page]} queries ({at} pupils; target at most {MAX_QUERIES})")
    varying = {page: n for page, n in counts.items() if len(set(n)) != 1}
    sizes_words = ", ".join(f"{pupils:,}" for pupils, _ in sizes)
    measured = (
        "the same"
        if not varying
        else "vary: "
        + "; ".join(f"{page} {', '.join('-' if q is None else str(q) for q in n)}" for page, n in varying.items())
    )
    rows.append(f"| every page the same number of queries at {sizes_words} pupils | {measured} | {mark(not varying)} |")
    missed += [
        f"{page} queries differ with size: {', '.join('not measured' if q is None else str(q) for q in n)} at "
        f"{sizes_words} pupils (target the same at every size)"
        for page, n in varying.items()
    ]

    # The floor within BARE_MULTIPLE times bare Django.
    if BARE in by_page and FLOOR in by_page:
        floor_over_bare = by_page[FLOOR]["median_ms"] / by_page[BARE]["median_ms"]
        ok = floor_over_bare <= BARE_MULTIPLE
        rows.append(
            f"| the floor's median at most {BARE_MULTIPLE:.0f} times a bare Django view's "
            f"| {times_over(floor_over_bare, BARE_MULTIPLE)} "
            f"({by_page[FLOOR]['median_ms']:.1f} ms and {by_page[BARE]['median_ms']:.1f} ms) | {mark(ok)} |"
        )
        if not ok:
            missed.append(
                f"floor median {times_over(floor_over_bare, BARE_MULTIPLE)} bare Django (target {BARE_MULTIPLE:.0f}x)"
            )

    # Every request answered (200), at every size.
    failing = {f"{r['page']} at {pupils:,} pupils": r for pupils, _ in sizes for r in growth[pupils] if r["errors"]}
    measured = ", ".join(f"{where}: {r['errors']}" for where, r in failing.items()) or "no errors"
    rows.append(f"| every page answered, at every size (no errors) | {measured} | {mark(not failing)} |")
    missed += [f"{where}: {r['errors']} errors (first: {r['first_error']})" for where, r in failing.items()]

    # The whole-school reports' own target (issue 22).
    for page in ("provision map", "impact"):
        if page in by_page:
            r = by_page[page]
            ok = r["median_ms"] < MEDIAN_MS
            rows.append(
                f"| {page}: median under {MEDIAN_MS} ms at {SCHOOL:,} pupils | {r['median_ms']:.0f} ms | {mark(ok)} |"
            )
            if not ok:
                missed.append(f"{page} median {r['median_ms']:.0f} ms (target under {MEDIAN_MS} ms)")

    pdf, notices, booking = facts["pdf"], facts["notices"], facts["booking"]
    checks = [
        (
            f"meeting record PDF median under {PDF_MEDIAN_MS} ms",
            f"{pdf['median_ms']:.0f} ms",
            pdf["median_ms"] < PDF_MEDIAN_MS,
            f"meeting record PDF median {pdf['median_ms']:.0f} ms (target under {PDF_MEDIAN_MS} ms)",
        ),
        (
            f"{notices['count']:,} notices in under {NOTICES_SECONDS} s",
            f"{notices['seconds']:.1f} s",
            notices["seconds"] < NOTICES_SECONDS,
            f"{notices['count']:,} notices took {notices['seconds']:.1f} s (target under {NOTICES_SECONDS} s)",
        ),
        (
            "each notice sent exactly once",
            f"{notices['emails']:,} emails for {notices['count']:,} rows, {notices['twice']} twice, "
            f"{notices['missing']} missing",
            notices["exactly_once"],
            f"notices not sent exactly once: {notices['twice']} twice, {notices['missing']} missing",
        ),
        (
            "review day: zero double bookings",
            f"{booking['slots_twice']} slots and {booking['families_twice']} families twice",
            booking["ok"],
            f"review day booking: {booking['slots_twice']} slots and {booking['families_twice']} families twice",
        ),
    ]
    for target, measured, ok, line in checks:
        rows.append(f"| {target} | {measured} | {mark(ok)} |")
        if not ok:
            missed.append(line)
    return rows, missed


def report(facts: dict) -> str:
    from bench.pages import BARE, FLOOR

    main, built = facts["pages"], facts["built"]
    created = ", ".join(f"{n:,} {what}" for what, n in built["created"].items())
    by_page = {r["page"]: r for r in main}
    growth, sizes = facts["growth"], facts["growth_sizes"]
    targets, _ = evaluate(facts)
    pdf, notices, booking = facts["pdf"], facts["notices"], facts["booking"]
    machine = facts["machine"]
    bare, floor = by_page.get(BARE), by_page.get(FLOOR)
    references = (
        f"Bare Django (bench/wsgi.py: the same gunicorn, no middleware, a constant response): median "
        f"{bare['median_ms']:.1f} ms. The floor (the signed-in change-password page, `/password/`, as the SENCO: every "
        f"middleware, nothing of its own): median {floor['median_ms']:.1f} ms, "
        f"{floor['median_ms'] / bare['median_ms']:.1f} times bare Django."
        if bare and floor
        else "The bare view or the floor was not measured."
    )
    lines = [
        "# Benchmark results",
        "",
        f"Run {machine['finished']} UTC{' (BENCH_QUICK: small sizes, not the real figures)' if QUICK else ''}: "
        f"{machine['cores']} cores, load average {machine['load_before']} before and {machine['load_after']} after "
        f"(other work on the machine slows every figure), Python {machine['python']}, PostgreSQL "
        f"{machine['postgres']}, Redis. Reproduce with `make bench` (about {machine['minutes']:.0f} minutes).",
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "|---|---|---|",
        *targets,
        "",
        f"## Pages at {SCHOOL:,} pupils",
        "",
        f"gunicorn with the project's `gunicorn.conf.py` ({machine['gunicorn_workers']} sync workers on this "
        "machine), PostgreSQL, DEBUG off, persistent database connections (DATABASE_CONN_MAX_AGE=60). Load from "
        f"a second process on loopback: {CONCURRENCY} clients at once, each sending its next request when the last is "
        f"answered, for {SECONDS:.0f} s per page (the bare view and the floor in two halves, first and last, pooled), "
        "after every page was loaded once for a moment to warm every worker. The register takes turns through its "
        "pages; the profile, timeline, meetings, plans, contacts log and family pages through the 50 pupils with the "
        "most meetings; the portal through 20 parents' accounts. Pages are the SENCO's unless named as the office's "
        "or a class teacher's. Queries per request: counted by the server itself (bench/query_count.py), session and "
        "sign-in included: the count most requests made, and in brackets the range where some differed (a signed-in "
        "session is saved at most once a minute, security/sessions.py, one query more). The multiple: the page's "
        "median over the floor's; in bold where over a target.",
        "",
        references,
        "",
        *page_table(main),
        "",
        f"Data: {created}; written in {built['seconds']:.0f} s (bench/school.py, bulk inserts), after "
        f"{facts['migrate_seconds']:.0f} s to migrate the template database once.",
        "",
        "## Growth",
        "",
        f"The same pages at three sizes (median / p95, the median as a multiple of the floor's at that size, queries "
        f"per request); {GROWTH_SECONDS:.0f} s per page, except at {SCHOOL:,} pupils, the run above. The largest "
        f"school has fewer meetings per pupil, to keep the run short; its build took "
        f"{facts['growth_built'][str(sizes[-1][0])]:.0f} s.",
        "",
        *growth_table(growth, sizes),
        "",
        "## PDFs, notices, booking",
        "",
        "| benchmark | result |",
        "|---|---|",
        f"| meeting record PDFs (WeasyPrint, one process) | {pdf['count']} documents, {pdf['per_second']:.1f} per "
        f"second; median {pdf['median_ms']:.0f} ms, slowest {pdf['slowest_ms']:.0f} ms |",
        f"| notices due at once, real Celery worker (concurrency {notices['concurrency']}) through Redis to a local "
        f"SMTP sink | {notices['count']:,} sent in {notices['seconds']:.1f} s: {notices['per_second']:.0f} messages "
        f"per second; rows {notices['statuses']}, {notices['one_attempt']:,} after one attempt; the sink got "
        f"{notices['emails']:,} emails, {notices['twice']} addresses twice, {notices['missing']} never; all "
        f"{notices['redelivered']:,} handed to the worker again: no second email |",
        f"| review day booked from {booking['clients']} desks at once (processes, PostgreSQL, `booking.rules.book`) "
        f"| {booking['families']} families in {booking['seconds']:.1f} s: {booking['per_second']:.1f} bookings per "
        f"second (median {booking['median_ms']:.0f} ms, slowest {booking['slowest_ms']:.0f} ms); "
        f"{booking['races_lost']} races for a slot lost and retried; {booking['booked']} live bookings, "
        f"{booking['slots_twice']} slots and {booking['families_twice']} families booked twice |",
    ]
    if "mis_import" in facts:  # before the profiles: the docs take everything above them
        lines += ["", *mis_import_section(facts["mis_import"], machine["postgres"])]
    if facts["profiles"]:
        lines += [
            "",
            "## Profiles of pages that missed a target",
            "",
            "pyinstrument, in-process (Django's test client, the same sessions), 10 requests each: the full call "
            "trees and each page's queries are in bench/profiles/. The project's own lines of each tree, over 2% "
            "of the time:",
        ]
        for page, text in facts["profiles"].items():
            lines += ["", f"### {page}", "", "```", *own_lines(text), "```"]
    return "\n".join(lines) + "\n"


def mis_import_section(result: dict, postgres: str) -> list[str]:
    """The "Import from the MIS" section: its own date and machine line, since it can be run alone."""
    from bench.mis_import import table

    return table(result, postgres)


MIS_HEADING = "## Import from the MIS"


def with_section(results: str, section: str, heading: str = MIS_HEADING) -> str:
    """bench/results.md with `section` in place of its old one, or, if it had none, before the profiles (which the
    docs leave out) or at the end."""
    before, found, rest = results.partition(f"\n{heading}\n")
    if found:
        _, next_found, after = rest.partition("\n## ")
        return before + "\n" + section.rstrip("\n") + "\n" + ("\n## " + after if next_found else "")
    before, found, after = results.partition("\n## Profiles of pages")
    if found:
        return before.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n\n## Profiles of pages" + after
    return results.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"


def run_only(name: str) -> None:
    """One benchmark without the rest (the full run takes 15 minutes or more): only the MIS import can, as its
    figures stand on their own. Its section of bench/results.md (and results.json) is replaced, the other sections
    kept; then docs/performance.md again from results.md, unless BENCH_QUICK."""
    if name != "mis_import":
        sys.exit(f"--only runs mis_import alone; {name} needs the whole run")
    print("Migrating the template database ...", flush=True)
    make_template()
    try:
        result = step("mis_import", pupils=SCHOOL)
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            drop_database(TEMPLATE)
    section = "\n".join(mis_import_section(result, postgres_version())) + "\n"
    old = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    RESULTS.write_text(with_section(old, section))
    figures = RESULTS.with_suffix(".json")
    facts = json.loads(figures.read_text()) if figures.exists() else {}
    facts["mis_import"] = result
    figures.write_text(json.dumps(facts, indent=1) + "\n")
    if not QUICK:
        update_performance_page(RESULTS.read_text())
    print()
    print(section)


def own_lines(profile: str, most: int = 40) -> list[str]:
    """The profile's first line and its call-tree lines in the project's own code (not Django's or a library's)."""
    apps = {path.name for path in ROOT.iterdir() if (path / "__init__.py").exists() or (path / "apps.py").exists()}
    tree, _, _ = profile.partition("Queries:")
    lines = tree.splitlines()
    own = [line for line in lines[1:] if line.split() and line.split()[-1].split("/", 1)[0] in apps]
    return [lines[0], *(line.strip() for line in own[:most])]


def load() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def postgres_version() -> str:
    import psycopg2

    from bench.common import PG

    connection = psycopg2.connect(dbname="postgres", **PG)
    try:
        return connection.server_version and f"{connection.server_version // 10000}.{connection.server_version % 100}"
    finally:
        connection.close()


def missed(row: dict, floor_ms: float, bare_ms: float) -> bool:
    """A page over one of its own targets (worth a profile): the floor multiple, the queries, the reports' median;
    the floor itself if it is over its multiple of bare Django (the middleware stack)."""
    from bench.pages import DAILY, FLOOR

    if row["page"] == FLOOR:
        return not row["median_ms"] <= BARE_MULTIPLE * bare_ms
    if row["page"] not in DAILY:
        return False
    if row["page"] in ("provision map", "impact") and row["median_ms"] >= MEDIAN_MS:
        return True
    return not row["median_ms"] <= FLOOR_MULTIPLE * floor_ms or row["queries"] > MAX_QUERIES


def file_name(page: str) -> str:
    """A page's name as a file name: "family (office)" as family-office, "pupil's plans" as pupils-plans."""
    return re.sub(r"[^a-z0-9]+", "-", page.lower().replace("'", "")).strip("-")


def gunicorn_workers() -> int:
    import importlib.util

    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.workers


def run_all() -> None:
    began = time.perf_counter()
    facts: dict = {"machine": {"load_before": load(), "cores": os.cpu_count(), "python": platform.python_version()}}
    facts["machine"]["postgres"] = postgres_version()
    facts["machine"]["gunicorn_workers"] = gunicorn_workers()
    print("Migrating the template database ...", flush=True)
    facts["migrate_seconds"] = make_template()
    try:
        print(f"School of {SCHOOL:,} pupils ...", flush=True)
        facts["built"] = step("build", pupils=SCHOOL, per_pupil=10)
        facts["pages"] = step("pages", pupils=SCHOOL, seconds=SECONDS, concurrency=CONCURRENCY)
        print("Growth ...", flush=True)
        facts["growth"], facts["growth_built"], facts["growth_sizes"] = {}, {}, GROWTH
        for pupils, per_pupil in GROWTH:
            if pupils == SCHOOL:  # the main run above, at this size: every page already measured
                facts["growth"][pupils] = facts["pages"]
                continue
            facts["growth_built"][str(pupils)] = step("build", pupils=pupils, per_pupil=per_pupil)["seconds"]
            facts["growth"][pupils] = step("pages", pupils=pupils, seconds=GROWTH_SECONDS, concurrency=CONCURRENCY)
        print("Profiles of pages that missed a target ...", flush=True)
        facts["profiles"] = {}
        PROFILES.mkdir(exist_ok=True)
        for old in PROFILES.glob("*.txt"):  # only this run's profiles stay
            old.unlink()
        medians = {r["page"]: r["median_ms"] for r in facts["pages"]}
        floor_ms, bare_ms = medians.get("floor", float("nan")), medians.get("bare Django", float("nan"))
        for row in [row for row in facts["pages"] if missed(row, floor_ms, bare_ms)][:PROFILED]:
            text = step("profile", pupils=SCHOOL, page=row["page"])
            (PROFILES / f"{file_name(row['page'])}.txt").write_text(text + "\n")
            facts["profiles"][row["page"]] = text
        print("PDFs, notices, booking ...", flush=True)
        facts["pdf"] = step("pdf", count=PDFS)
        facts["notices"] = step("notices", count=NOTICES, concurrency=4)
        facts["booking"] = step("booking", families=FAMILIES, clients=4)
        print("Import from the MIS ...", flush=True)
        facts["mis_import"] = step("mis_import", pupils=SCHOOL)
        if facts["notices"]["seconds"] >= NOTICES_SECONDS:
            text = step("profile_notices")
            (PROFILES / "notices.txt").write_text(text + "\n")
            facts["profiles"]["notices (one message, in-process)"] = text
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            for name in {school_name(p) for p, _ in GROWTH} | {school_name(SCHOOL)}:
                drop_database(name)
            for name in ("notices", "pdf", "booking"):
                drop_database(f"{PREFIX}{name}")
            drop_database(TEMPLATE)
    facts["machine"]["load_after"] = load()
    facts["machine"]["finished"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    facts["machine"]["minutes"] = (time.perf_counter() - began) / 60
    RESULTS.with_suffix(".json").write_text(json.dumps(facts, indent=1) + "\n")  # the same figures, for tools
    text = report(facts)
    RESULTS.write_text(text)
    if not QUICK:
        update_performance_page(text)
    print()
    print(text)
    fail_on_missed(facts)


def fail_on_missed(facts: dict) -> None:
    """A line for each target missed, and a non-zero exit (so `make bench` fails), if any was."""
    _, missed = evaluate(facts)
    for line in missed:
        print(f"MISSED: {line}")
    if missed:
        sys.exit(f"{len(missed)} target{'s' if len(missed) != 1 else ''} missed: see above and {RESULTS.name}")
    print("Every target met.")


PERFORMANCE_PAGE = ROOT / "docs" / "performance.md"
RESULTS_START, RESULTS_END = "<!-- bench results: start -->", "<!-- bench results: end -->"


def update_performance_page(results: str, page: Path = PERFORMANCE_PAGE) -> bool:
    """docs/performance.md carries the latest results (without the profiles) between its markers; the text around
    them (how to run, what changed, what is still missed) is written by hand and kept. False if the markers are
    missing, and then the page is left as it was."""
    body = results.split("\n## Profiles of pages", 1)[0].strip().splitlines()[1:]  # without the title
    body = [("#" + line) if line.startswith("## ") else line for line in body]  # under the page's "Latest results"
    text = page.read_text()
    before, found, rest = text.partition(RESULTS_START)
    if not found or RESULTS_END not in rest:
        print(f"{page.name} has no {RESULTS_START} ... {RESULTS_END}: not updated")
        return False
    after = rest.split(RESULTS_END, 1)[1]
    page.write_text(before + RESULTS_START + "\n" + "\n".join(body).strip() + "\n" + RESULTS_END + after)
    return True


if __name__ == "__main__":
    if sys.argv[1:] == ["--docs"]:  # docs/performance.md again from the last results, without running anything
        if QUICK:  # a quick run's small figures are not the school's
            sys.exit("BENCH_QUICK=1: docs/performance.md keeps the full run's figures")
        update_performance_page(RESULTS.read_text())
    elif len(sys.argv) == 3 and sys.argv[1] == "--only":
        run_only(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "--step":
        result = STEPS[sys.argv[2]](**json.loads(sys.argv[3]))
        Path(sys.argv[4]).write_text(json.dumps(result))
    else:
        run_all()
