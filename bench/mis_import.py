"""How fast the whole school comes in from the MIS, and whether its cost in queries grows with the school.

    .venv/bin/python bench/mis_import.py [PUPILS]   # 2,000 by default; prints the Markdown table

Builds in code a whole-school Common Transfer File (the `records` dataclasses, then `write_ctf`): PUPILS pupils from
Reception to Year 6, about 15% on SEN support (K) and 3% with an EHC plan (E), each with one to three SEN records and
needs ranked 1 and 2, the rest with no SEN (N); 1.75 contacts a pupil (3,500 for 2,000), a fifth of the families with
brothers and sisters who share their parents (the same name and email address), most contacts with parental
responsibility, some without (step-parents, grandparents), each with an email address, one to three phones and an
address. Then, each on an empty register in a fresh bench database (senco_bench_mis_<PUPILS>):

- the preview (`read_ctf` and `plan_import`) and the apply (`apply_plan`), timed apart, queries counted; the same at
  a quarter of the size, to show the queries grow by the batch (500 rows), never by the pupil;
- the same file again: the preview, which must change nothing;
- a second file with 5% of the pupils changed (a new SEN status, their parent a new email address) and 2% gone:
  its preview and apply.

The databases are dropped afterwards unless BENCH_KEEP=1. Seeded: the same size gives the same file.
"""

import os
import random
import re
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PREFIX, drop_database, fresh_database, named, use_database  # noqa: E402
from bench.school import FATHERS, FIRST_NAMES, LAST_NAMES, MOTHERS  # noqa: E402

SEED = 20261219
DATABASE = f"{PREFIX}mis"
CONTACTS_PER_PUPIL = 1.75  # 3,500 for 2,000 pupils, as bench/school.py's families
SIBLING_FAMILIES = 0.20  # families with more than one child at the school
SEN_SUPPORT, EHC_PLAN = 0.15, 0.03
CHANGED, LEFT = 0.05, 0.02  # the second file
NEEDS = ["SPLD", "MLD", "SEMH", "SLCN", "ASD", "HI", "VI", "PD", "OTH"]
YEARS = ["R", "1", "2", "3", "4", "5", "6"]
STREETS = ["Mill Lane", "Church Street", "Station Road", "Park Avenue", "Victoria Road", "Green Lane", "Kings Road"]
TOWNS = ["Ashby", "Coalville", "Measham", "Ibstock", "Whitwick"]

# Targets (issue 19), on a 2-core machine, for 2,000 pupils and 3,500 contacts.
PREVIEW_SECONDS, APPLY_SECONDS = 10, 20
# "Not growing per pupil": one more query for every 10 more pupils would already be far more than batching gives
# (a few for every 500 rows written), and far less than one query a pupil.
MOST_QUERIES_PER_1000_PUPILS = 100


def make_upn(serial: int) -> str:
    """A valid permanent UPN: LA 823, establishment 4001, then a five-digit serial (tests' `upn` has three)."""
    from pupils.upn import check_letter

    body = f"8234001{serial:05d}"
    return check_letter(body) + body


class SchoolFile:
    """The school as the MIS would export it: families, their children and parents, built from a seeded random."""

    def __init__(self, pupils: int, today: date):
        self.size, self.today = pupils, today
        self.rng = random.Random(SEED + pupils)
        self.families: list[dict] = []  # each: surname, children (pupil dicts), parents (contact dicts)
        self.build()

    def build(self) -> None:
        from pupils.ages import born_in_year_group

        rng, serial = self.rng, 0
        while serial < self.size:
            surname = rng.choice(LAST_NAMES)
            children = 1 if rng.random() >= SIBLING_FAMILIES else rng.choice((2, 2, 2, 3))
            family = {"number": len(self.families) + 1, "surname": surname, "children": [], "parents": []}
            street = f"{rng.randint(1, 180)} {rng.choice(STREETS)}"
            family["address"] = (street, rng.choice(TOWNS))
            family["postcode"] = f"LE{rng.randint(10, 67)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}Z"
            for _ in range(min(children, self.size - serial)):
                serial += 1
                year = rng.randrange(len(YEARS))
                first, last = born_in_year_group(year, self.today)
                born = date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))
                family["children"].append(
                    {"upn": make_upn(serial), "forename": rng.choice(FIRST_NAMES), "year": YEARS[year], "born": born}
                )
                family["children"][-1]["sen"] = self.sen()
            self.families.append(family)
        self.add_parents()

    def sen(self) -> str:
        draw = self.rng.random()
        return "E" if draw < EHC_PLAN else "K" if draw < EHC_PLAN + SEN_SUPPORT else "N"

    def add_parents(self) -> None:
        """One contact for every family, then a second (and for a few a third) until the file holds 1.75 contacts a
        pupil: a contact of a family with two children at the school is two contacts in the file, one under each."""
        rng = self.rng
        target = round(CONTACTS_PER_PUPIL * self.size)
        for family in self.families:
            family["parents"].append(self.parent(family, "PAM"))
        given = sum(len(family["children"]) for family in self.families)
        order = list(self.families)
        rng.shuffle(order)
        for rounds in ("second", "third"):
            for family in order:
                if given + len(family["children"]) > target:
                    continue
                second = rng.choices(("PAF", "STF", "CAR"), weights=(85, 10, 5))[0]
                code = second if rounds == "second" else "GRM"
                family["parents"].append(self.parent(family, code))
                given += len(family["children"])
        self.contacts_given = given

    def parent(self, family: dict, code: str) -> dict:
        rng, k = self.rng, len(family["parents"]) + 1
        mother = code in ("PAM", "GRM")
        first = rng.choice(MOTHERS if mother else FATHERS)
        # A step-father or grandmother often has another surname; a carer always does.
        last = family["surname"] if code in ("PAM", "PAF") or rng.random() < 0.5 else rng.choice(LAST_NAMES)
        phones = [("M", f"07700 {family['number']:04d}{k:02d}")]
        if rng.random() < 0.6:
            phones.append(("H", f"01530 {family['number']:04d}{k:02d}"))
        if rng.random() < 0.3:
            phones.append(("W", f"0116 496 {family['number']:04d}{k:01d}"))
        return {
            "title": {"PAM": "Mrs", "GRM": "Mrs", "PAF": "Mr", "STF": "Mr", "CAR": "Ms"}[code],
            "forename": first,
            "surname": last,
            "code": code,
            "responsibility": code in ("PAM", "PAF"),
            "email": f"{first}.{ascii_only(last)}.{family['number']}.{k}@home.example".lower(),
            "phones": tuple(phones),
            "lives_with_pupil": code != "GRM",
        }

    # The file

    def mis_file(self, *, changed: frozenset[str] = frozenset(), left: frozenset[str] = frozenset()):
        """The CTF's records: every pupil but those `left`; those `changed` with another SEN status, and their first
        parent (for all of that parent's children) a new email address."""
        from mis.records import Contact, Header, MisFile, Phone, Pupil, School, SenNeed, SenRecord

        pupils = []
        for family in self.families:
            new_email = any(child["upn"] in changed for child in family["children"])
            for child in family["children"]:
                if child["upn"] in left:
                    continue
                contacts = []
                for order, parent in enumerate(family["parents"], start=1):
                    email = parent["email"]
                    if new_email and order == 1:
                        email = email.replace("@home.example", "@new.example")
                    contacts.append(
                        Contact(
                            order=order,
                            title=parent["title"],
                            surname=parent["surname"],
                            forename=parent["forename"],
                            relationship_code=parent["code"],
                            parental_responsibility=parent["responsibility"],
                            email=email,
                            phones=tuple(Phone(kind, number) for kind, number in parent["phones"]),
                            address_as_pupil=parent["lives_with_pupil"],
                            address_lines=family["address"],
                            postcode=family["postcode"],
                            language="ENG",
                        )
                    )
                status = child["sen"]
                if child["upn"] in changed:
                    status = {"N": "K", "K": "E", "E": "K"}[status]
                pupils.append(
                    Pupil(
                        upn=child["upn"],
                        surname=family["surname"],
                        forename=child["forename"],
                        date_of_birth=child["born"],
                        sex="F" if child["forename"] in MOTHERS else "M",
                        year_group=child["year"],
                        sen_history=self.history(child, status, SenNeed, SenRecord),
                        contacts=tuple(contacts),
                    )
                )
        header = Header(
            version="26.0",
            date_time=datetime.combine(self.today, datetime.min.time()).replace(hour=7),
            source=School(lea="823", estab="4001", name="Ashby Primary"),
        )
        return MisFile(header=header, pupils=tuple(pupils))

    def history(self, child: dict, status: str, SenNeed, SenRecord) -> tuple:
        """One to three SEN records, the latest saying `status`, with needs ranked 1 and 2; none for N. Drawn from
        the pupil's UPN, so the same pupil has the same history in every file."""
        if status == "N":
            return ()
        rng = random.Random(child["upn"])
        count = rng.randint(1, 3)
        primary, secondary = rng.sample(NEEDS, 2)
        needs = (SenNeed(primary, 1), SenNeed(secondary, 2))
        # The latest some weeks or months ago, the earlier ones a year apart before it (after the pupil was born:
        # the youngest in Reception are four).
        latest = self.today.toordinal() - rng.randint(20, 300)
        records = []
        for k in range(count):
            start = date.fromordinal(latest - 365 * (count - 1 - k))
            provision = status if k == count - 1 else "K"
            records.append(SenRecord(start_date=start, provision=provision, needs=needs))
        return tuple(records)


def ascii_only(name: str) -> str:
    """A surname as an email address would spell it: Wójcik as wjcik, O'Connor as oconnor."""
    return re.sub(r"[^A-Za-z]", "", name)


# Measuring


def switch_to(name: str) -> None:
    """A fresh, empty register in the bench database `name`, and this process's connection moved to it."""
    from django.db import connection

    from school.models import School

    fresh_database(name)
    connection.close()
    connection.settings_dict["NAME"] = named(name)  # BENCH_NAME, as fresh_database made it
    School.forget_loaded()


def timed(call):
    """(what `call()` returned, wall seconds, queries it made)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        value = call()
        seconds = time.perf_counter() - began
    return value, seconds, len(queries)


def preview(data: bytes) -> dict:
    from mis.ctf import read_ctf
    from mis.importer import plan_import

    mis_file, read_seconds, read_queries = timed(lambda: read_ctf(data))
    plan, plan_seconds, plan_queries = timed(lambda: plan_import(mis_file))
    if not plan.ok:
        problems = "; ".join(f"{p.where}, {p.element} '{p.value}': {p.message}" for p in plan.problems[:5])
        raise SystemExit(f"The bench file has {len(plan.problems)} problems, for example: {problems}")
    return {
        "plan": plan,
        "read_seconds": read_seconds,
        "plan_seconds": plan_seconds,
        "seconds": read_seconds + plan_seconds,
        "queries": read_queries + plan_queries,
        "summary": plan.summary(),
        "changes_anything": plan.changes_anything,
    }


def apply(plan) -> dict:
    from mis.apply import apply_plan

    _, seconds, queries = timed(lambda: apply_plan(plan))
    return {"seconds": seconds, "queries": queries}


def first_import(school: SchoolFile) -> dict:
    """The whole file onto an empty register: preview, apply, and how many rows it wrote."""
    from mis.ctf_writer import write_ctf
    from pupils.models import ParentCarer, Pupil, PupilParent

    data = write_ctf(school.mis_file())
    seen = preview(data)
    applied = apply(seen.pop("plan"))
    return {
        "pupils": school.size,
        "contacts_in_file": school.contacts_given,
        "megabytes": len(data) / 1024 / 1024,
        "preview": seen,
        "apply": applied,
        "written": {
            "pupils": Pupil.objects.count(),
            "parents and carers": ParentCarer.objects.count(),
            "links": PupilParent.objects.count(),
        },
        "data": data,
    }


def load() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def run(pupils: int = 2000) -> dict:
    """The figures for a school of `pupils` (and of a quarter of it, for the queries): see the module's docstring."""
    from django.utils import timezone

    began, load_before = time.perf_counter(), load()
    quarter = max(pupils // 4, 1)
    small_name, name = f"{DATABASE}_{quarter}", f"{DATABASE}_{pupils}"
    fresh_database(small_name)
    use_database(small_name)
    today = timezone.localdate()
    try:
        # The quarter first: it also warms the imports, as a web worker would be.
        small = first_import(SchoolFile(quarter, today))
        small.pop("data")
        switch_to(name)
        school = SchoolFile(pupils, today)
        full = first_import(school)
        data = full.pop("data")

        again = preview(data)
        again.pop("plan")

        rng = random.Random(SEED)
        upns = [child["upn"] for family in school.families for child in family["children"]]
        picked = rng.sample(upns, round((CHANGED + LEFT) * pupils))
        changed = frozenset(picked[: round(CHANGED * pupils)])
        left = frozenset(picked[round(CHANGED * pupils) :])
        from mis.ctf_writer import write_ctf

        second = preview(write_ctf(school.mis_file(changed=changed, left=left)))
        second_applied = apply(second.pop("plan"))
    finally:
        from django.db import connection

        connection.close()
        if os.environ.get("BENCH_KEEP") != "1":
            drop_database(small_name)
            drop_database(name)

    extra_pupils = pupils - quarter
    growth = {
        part: (full[part]["queries"] - small[part]["queries"]) * 1000 / extra_pupils if extra_pupils else 0.0
        for part in ("preview", "apply")
    }
    return {
        "pupils": pupils,
        "quarter": quarter,
        "full": full,
        "small": small,
        "queries_per_1000_pupils": growth,
        "again": again,
        "second": {"changed": len(changed), "left": len(left), "preview": second, "apply": second_applied},
        "machine": {
            "finished": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
            "cores": os.cpu_count(),
            "load_before": load_before,
            "load_after": load(),
            "python": sys.version.split()[0],
            "minutes": (time.perf_counter() - began) / 60,
        },
    }


# The report


def mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def table(result: dict, postgres: str = "") -> list[str]:
    """The "Import from the MIS" section of bench/results.md (a level-2 heading, as the other sections)."""
    full, small, again, second = result["full"], result["small"], result["again"], result["second"]
    pupils, contacts, machine = result["pupils"], full["contacts_in_file"], result["machine"]
    growth = result["queries_per_1000_pupils"]
    flat = all(per_1000 <= MOST_QUERIES_PER_1000_PUPILS for per_1000 in growth.values())
    written = full["written"]
    took = "about a minute" if machine["minutes"] < 1.5 else f"about {machine['minutes']:.0f} minutes"

    def counts(summary: dict) -> str:
        return ", ".join(f"{n:,} {what}" for what, n in summary.items() if n)

    return [
        "## Import from the MIS",
        "",
        f"Run {machine['finished']} UTC: {machine['cores']} cores, load average {machine['load_before']} before and "
        f"{machine['load_after']} after (other work on the machine slows every figure), Python {machine['python']}"
        + (f", PostgreSQL {postgres}" if postgres else "")
        + f". Reproduce with `python bench/run.py --only mis_import` ({took}, after migrating a template database"
        "). One process, in-process calls (no web request), each on an empty register in a fresh database: "
        f"a whole-school CTF built in code (bench/mis_import.py, {full['megabytes']:.1f} MB) of {pupils:,} pupils "
        f"(Reception to Year 6, about 15% K and 3% E with SEN history, the rest N) and {contacts:,} contacts (a "
        "fifth of the families with brothers and sisters sharing their parents), read (`read_ctf`), previewed "
        "(`plan_import`) and applied (`apply_plan`); queries counted with Django's CaptureQueriesContext. It wrote "
        f"{written['pupils']:,} pupils, {written['parents and carers']:,} parents and carers and "
        f"{written['links']:,} links to children. The preview reads the register in the same few queries at any "
        "size; the apply writes in batches of 500 rows, two queries a batch (the rows, then their history) for the "
        "pupils, the parents and carers and the links, so its count grows by the batch, never by the pupil.",
        "",
        "| target | measured | |",
        "|---|---|---|",
        f"| preview under {PREVIEW_SECONDS} s for {pupils:,} pupils and {contacts:,} contacts "
        f"| {full['preview']['seconds']:.1f} s (reading {full['preview']['read_seconds']:.1f} s, planning "
        f"{full['preview']['plan_seconds']:.1f} s) | {mark(full['preview']['seconds'] < PREVIEW_SECONDS)} |",
        f"| apply under {APPLY_SECONDS} s | {full['apply']['seconds']:.1f} s "
        f"| {mark(full['apply']['seconds'] < APPLY_SECONDS)} |",
        f"| queries do not grow per pupil (at most {MOST_QUERIES_PER_1000_PUPILS} more per 1,000 pupils) "
        f"| preview {small['preview']['queries']} queries at {result['quarter']:,} pupils, "
        f"{full['preview']['queries']} at {pupils:,} ({growth['preview']:.1f} per 1,000 more); apply "
        f"{small['apply']['queries']} and {full['apply']['queries']} ({growth['apply']:.1f} per 1,000 more) "
        f"| {mark(flat)} |",
        f"| the same file again changes nothing | {'nothing' if not again['changes_anything'] else 'changes'} "
        f"(preview {again['seconds']:.1f} s, {again['queries']} queries) | {mark(not again['changes_anything'])} |",
        "",
        "| import | pupils | preview s | apply s | queries (preview / apply) | what it did |",
        "|---|---:|---:|---:|---:|---|",
        f"| first, a quarter of the school | {result['quarter']:,} | {small['preview']['seconds']:.1f} "
        f"| {small['apply']['seconds']:.1f} | {small['preview']['queries']} / {small['apply']['queries']} "
        f"| {counts(small['preview']['summary'])} |",
        f"| first, the whole school | {pupils:,} | {full['preview']['seconds']:.1f} "
        f"| {full['apply']['seconds']:.1f} | {full['preview']['queries']} / {full['apply']['queries']} "
        f"| {counts(full['preview']['summary'])} |",
        f"| the same file again | {pupils:,} | {again['seconds']:.1f} | (nothing to apply) "
        f"| {again['queries']} / - | {counts(again['summary']) or 'nothing'} |",
        f"| {second['changed']:,} pupils changed (SEN status, a parent's email), {second['left']:,} gone "
        f"| {pupils - second['left']:,} | {second['preview']['seconds']:.1f} | {second['apply']['seconds']:.1f} "
        f"| {second['preview']['queries']} / {second['apply']['queries']} | {counts(second['preview']['summary'])} |",
    ]


def targets_met(result: dict) -> dict[str, bool]:
    full = result["full"]
    return {
        "preview": full["preview"]["seconds"] < PREVIEW_SECONDS,
        "apply": full["apply"]["seconds"] < APPLY_SECONDS,
        "queries": all(n <= MOST_QUERIES_PER_1000_PUPILS for n in result["queries_per_1000_pupils"].values()),
        "idempotent": not result["again"]["changes_anything"],
    }


def main() -> None:
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
    print("\n".join(table(result)))


if __name__ == "__main__":
    main()
