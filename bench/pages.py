"""Page timings under load: gunicorn (the project's gunicorn.conf.py, serving bench/wsgi.py) on a bench database,
loaded from this process on loopback by bench/load.py.

    .venv/bin/python bench/pages.py DATABASE [SECONDS_PER_PAGE] [CONCURRENCY] [PAGE,PAGE,...]

DATABASE is a bench database already built by bench/school.py (e.g. senco_bench_school_2000). For each page it
prints the median and 95th percentile latency, the median as a multiple of the floor's, requests per second, and
the most database queries any request made. The pages (PAGES, below): a bare Django view (no middleware, a constant
response: bench/wsgi.py) and the floor (the signed-in change-password page: every middleware, nothing of its own),
then every page the SENCO, the office, a class teacher and a parent open day to day. Pages about one pupil take
turns through the 50 pupils with the most meetings, the portal through 20 parents with accounts. Every page is
loaded for 2 s first, not counted, so each gunicorn worker has served it before the measuring starts.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, environment, free_port  # noqa: E402
from bench.load import Result, Target, run  # noqa: E402

HOST = "127.0.0.1"
WARM_UP_SECONDS = 2
BARE, FLOOR = "bare Django", "floor"
FETCHED = {"X-Requested-With": "XMLHttpRequest"}  # as a page's script asks (static/js/site.js)
# Every page measured, in the order of the tables: the two references first, then what the SENCO, the office, a
# class teacher and a parent open day to day. A page is named by what it is; who opens it is said when it is not
# the SENCO (the office, a teacher) or obvious (the parents' portal).
PAGES = (
    BARE,
    FLOOR,
    "register",
    "dashboard",
    "dashboard: to book",
    "dashboard: overdue",
    "dashboard: waiting",
    "profile",
    "timeline",
    "meeting",
    "my meetings",
    "calendar",
    "action points",
    "review day",
    "pupil's plans",
    "plan",
    "contacts log",
    "concerns",
    "provision map",
    "impact",
    "group timetable",
    "families (office)",
    "family (office)",
    "register (teacher)",
    "my meetings (teacher)",
    "action points (teacher)",
    "portal home",
    "portal child",
    "portal plan",
    "portal meetings",
    "portal record",
    "portal actions",
    "portal letters",
    "portal letter",
    "portal who-is-who",
    "portal help",
)
# The pages held to the floor (issue 24): every page but the two references.
DAILY = tuple(page for page in PAGES if page not in (BARE, FLOOR))


class Gunicorn:
    """gunicorn with the project's own configuration, on a free port, for as long as the `with` lasts."""

    def __init__(self, database: str, workers: int | None = None):
        self.database, self.port = database, free_port()
        self.workers = workers

    def __enter__(self) -> "Gunicorn":
        extra = {"HOST": HOST, "PORT": str(self.port)}
        if self.workers:
            extra["WEB_CONCURRENCY"] = str(self.workers)
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "bench.wsgi"],
            cwd=ROOT,
            env=environment(self.database, **extra),
            stdout=subprocess.DEVNULL,  # the access log: a line per request, not wanted here
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {self.process.stderr.read().decode()[-2000:]}")
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start within 60 s")

    def __exit__(self, *exc) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def targets() -> list[Target]:
    """The pages to load, with signed-in sessions made now (Django must be set up on the same database). Realistic
    arguments: the 50 pupils with the most meetings, their meetings, plans and families. A page whose data the
    school lacks (a database built before bench/school.py wrote it) is left out, with a line on stderr; bench/run.py
    counts a page left out as a missed target."""
    from django.conf import settings
    from django.db.models import Count
    from django.urls import reverse

    from accounts.models import Role, User
    from bench.common import signed_in_session
    from bench.wsgi import BARE_PATH
    from booking.models import ReviewDay
    from meetings.models import Meeting, MeetingStatus, RecordVersion
    from notices.models import Message, MessageStatus
    from pupils.models import Pupil
    from support_plans.models import PlanStatus, SupportPlan

    senco = User.objects.get(role=Role.SENCO, email__startswith="senco@")
    staff = signed_in_session(senco)
    office = signed_in_session(User.objects.get(role=Role.OFFICE, email__startswith="office@"))
    busiest = list(
        Pupil.objects.on_register().annotate(n=Count("meetings")).order_by("-n", "pk").values_list("pk", flat=True)[:50]
    )
    teacher_user = Pupil.objects.get(pk=busiest[0]).class_teacher
    teacher = signed_in_session(teacher_user)
    pages = max(1, Pupil.objects.on_register().count() // settings.REGISTER_PAGE_SIZE)
    register = [reverse("pupils:register")] + [f"{reverse('pupils:register')}?page={n}" for n in range(2, pages + 1)]
    families = []  # (session, parent record, pupil) for 20 parents with accounts
    for pk in busiest:
        parent = User.objects.filter(role=Role.PARENT, parent_record__pupil_links__pupil_id=pk).first()
        # A pupil past compulsory school age decides who sees their record: such a parent's child pages are a 404.
        if parent is not None and Pupil.objects.visible_to(parent).filter(pk=pk).exists():
            families.append((signed_in_session(parent), parent.parent_record.pk, pk))
        if len(families) == 20:
            break
    # A held meeting and an upcoming one of each busy pupil: the meeting page as it is opened before and after.
    meetings = list(
        Meeting.objects.filter(pupil__in=busiest, status__in=(MeetingStatus.HELD, MeetingStatus.CONFIRMED))
        .order_by("pupil_id", "-starts_at")
        .distinct("pupil_id")
        .values_list("pk", flat=True)
    )
    plans = dict(SupportPlan.objects.filter(pupil__in=busiest, status=PlanStatus.FINALISED).values_list("pupil", "pk"))
    records = []  # each family's newest shared record
    letters = []  # each family's newest letter
    for session, parent_pk, pupil_pk in families:
        version = (
            RecordVersion.objects.filter(record__meeting__pupil=pupil_pk, shared_at__isnull=False)
            .order_by("-shared_at")
            .values_list("pk", flat=True)
            .first()
        )
        if version:
            records.append((reverse("portal:record", args=[version]), session))
        letter = (
            Message.objects.filter(parent=parent_pk, status=MessageStatus.SENT)
            .order_by("-sent_at")
            .values_list("pk", flat=True)
            .first()
        )
        if letter:
            letters.append((reverse("portal:message", args=[letter]), session))
    review_day = ReviewDay.objects.annotate(n=Count("bookings")).order_by("-n", "date").first()

    def each(name: str, *pupils: int) -> list[tuple[str, str]]:
        return [(reverse(name, args=[pk]), staff) for pk in pupils]

    def portal(name: str, child: bool = True) -> list[tuple[str, str]]:
        return [(reverse(name, args=[pk] if child else []), session) for session, _, pk in families]

    found = [
        Target(BARE, [(BARE_PATH, "")]),
        Target(FLOOR, [(reverse("password_change"), staff)]),
        Target("register", [(path, staff) for path in register[:40]]),
        Target("dashboard", [(reverse("meetings:dashboard"), staff)]),
        # Its side blocks, each fetched by the page's script once the page has come.
        *(
            Target(f"dashboard: {name.replace('_', ' ')}", [(reverse(f"meetings:dashboard_{name}"), staff)], FETCHED)
            for name in ("to_book", "overdue", "waiting")
        ),
        Target("profile", each("pupils:pupil_detail", *busiest)),
        Target("timeline", each("overview:pupil_timeline", *busiest)),
        Target("meeting", each("meetings:detail", *meetings)),
        Target("my meetings", [(reverse("meetings:mine"), staff)]),
        Target("calendar", [(reverse("meetings:calendar"), staff)]),
        Target("action points", [(reverse("meetings:actions"), staff)]),
        Target("review day", [(reverse("booking:day", args=[review_day.pk]), staff)] if review_day else []),
        Target("pupil's plans", each("support_plans:pupil", *plans)),
        Target("plan", each("support_plans:plan", *plans.values())),
        Target("contacts log", each("contacts:pupil_contacts", *busiest)),
        Target("concerns", [(reverse("contacts:mine"), staff)]),
        # The school's provision map for this term, and the impact report for the last twelve months: every place
        Target("provision map", [(reverse("provision:map"), staff)]),
        Target("impact", [(reverse("provision:impact"), staff)]),
        Target("group timetable", [(reverse("provision:timetable"), staff)]),
        Target("families (office)", [(reverse("pupils:families"), office)]),
        Target("family (office)", [(reverse("pupils:family_detail", args=[pk]), office) for pk in busiest]),
        Target("register (teacher)", [(reverse("pupils:register"), teacher)]),
        Target("my meetings (teacher)", [(reverse("meetings:mine"), teacher)]),
        Target("action points (teacher)", [(reverse("meetings:actions"), teacher)]),
        Target("portal home", portal("portal:home", child=False)),
        Target("portal child", portal("portal:child")),
        Target("portal plan", [(reverse("portal:plan", args=[pk]), s) for s, _, pk in families if pk in plans]),
        Target("portal meetings", portal("portal:meetings")),
        Target("portal record", records),
        Target("portal actions", portal("portal:actions", child=False)),
        Target("portal letters", portal("portal:messages", child=False)),
        Target("portal letter", letters),
        Target("portal who-is-who", portal("portal:contacts", child=False)),
        Target("portal help", portal("portal:services", child=False)),
    ]
    assert [target.name for target in found] == list(PAGES), "PAGES and targets() name the same pages, in order"
    for target in found:
        if not target.requests:
            print(f"{target.name}: not measured, the bench school has nothing for it", file=sys.stderr)
    return [target for target in found if target.requests]


def measure(
    database: str,
    seconds: float,
    concurrency: int,
    only: tuple[str, ...] = PAGES,
    warm_up: float = WARM_UP_SECONDS,
) -> list[Result]:
    """Each page in `only` for `seconds` under load, in PAGES order, through one gunicorn. The bare view and the floor
    are measured in two halves, first and last, and each half's requests pooled: the machine's other work drifts
    over a run of many pages, and the references should stand for the whole run, not for its first minute."""
    from bench.common import use_database

    use_database(database)
    chosen = [target for target in targets() if target.name in only]
    references = [target for target in chosen if target.name in (BARE, FLOOR)]
    with Gunicorn(database) as server:
        for target in chosen:  # warm every worker on every page first: its first request loads templates
            run(target, HOST, server.port, concurrency, warm_up)
        first = {target.name: run(target, HOST, server.port, concurrency, seconds / 2) for target in references}
        results = [
            run(target, HOST, server.port, concurrency, seconds) for target in chosen if target not in references
        ]
        last = [run(target, HOST, server.port, concurrency, seconds / 2) for target in references]
    return [first[result.name].merged(result) for result in last] + results


def main() -> None:
    database = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10
    concurrency = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    only = tuple(sys.argv[4].split(",")) if len(sys.argv) > 4 else PAGES
    results = measure(database, seconds, concurrency, only)
    floor = next((result.median_ms for result in results if result.name == FLOOR), float("nan"))
    for result in results:
        errors = f", {len(result.errors)} errors (first: {result.errors[0]})" if result.errors else ""
        print(
            f"{result.name:24} median {result.median_ms:6.1f} ms ({result.median_ms / floor:4.1f}x the floor)  "
            f"p95 {result.p95_ms:6.1f} ms  {result.per_second:6.1f} req/s  queries {result.max_queries}{errors}"
        )


if __name__ == "__main__":
    main()
