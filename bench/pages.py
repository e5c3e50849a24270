"""Page timings under load: gunicorn (the project's gunicorn.conf.py) serving a bench database, loaded from this
process on loopback by bench/load.py.

    .venv/bin/python bench/pages.py DATABASE [SECONDS_PER_PAGE] [CONCURRENCY]

DATABASE is a bench database already built by bench/school.py (e.g. senco_bench_school_2000). For each page it
prints the median and 95th percentile latency, requests per second, and the most database queries any request
made. The pages: the register (taking turns through its pages), the SENCO's dashboard, pupils' profiles and
timelines (taking turns through 50 pupils with the most meetings), parents' portal home and child pages
(taking turns through 20 parents with accounts), and the SENCO's provision map and impact report. Every page is
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
PAGES = ("register", "dashboard", "profile", "timeline", "portal home", "portal child", "provision map", "impact")


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
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "senco_portal.wsgi"],
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
    """The pages to load, with signed-in sessions made now (Django must be set up on the same database)."""
    from django.conf import settings
    from django.db.models import Count
    from django.urls import reverse

    from accounts.models import Role, User
    from bench.common import signed_in_session
    from pupils.models import Pupil

    senco = User.objects.get(role=Role.SENCO, email__startswith="senco@")
    staff = signed_in_session(senco)
    busiest = list(
        Pupil.objects.on_register().annotate(n=Count("meetings")).order_by("-n", "pk").values_list("pk", flat=True)[:50]
    )
    pages = max(1, Pupil.objects.on_register().count() // settings.REGISTER_PAGE_SIZE)
    register = [reverse("pupils:register")] + [f"{reverse('pupils:register')}?page={n}" for n in range(2, pages + 1)]
    families = []
    for pk in busiest:
        parent = User.objects.filter(role=Role.PARENT, parent_record__pupil_links__pupil_id=pk).first()
        if parent is not None:
            families.append((signed_in_session(parent), pk))
        if len(families) == 20:
            break
    return [
        Target("register", [(path, staff) for path in register[:40]]),
        Target("dashboard", [(reverse("meetings:dashboard"), staff)]),
        Target("profile", [(reverse("pupils:pupil_detail", args=[pk]), staff) for pk in busiest]),
        Target("timeline", [(reverse("overview:pupil_timeline", args=[pk]), staff) for pk in busiest]),
        Target("portal home", [(reverse("portal:home"), session) for session, _ in families]),
        Target("portal child", [(reverse("portal:child", args=[pk]), session) for session, pk in families]),
        # The school's provision map for this term, and the impact report for the last twelve months: every place
        Target("provision map", [(reverse("provision:map"), staff)]),
        Target("impact", [(reverse("provision:impact"), staff)]),
    ]


def measure(database: str, seconds: float, concurrency: int, only: tuple[str, ...] = PAGES) -> list[Result]:
    from bench.common import use_database

    use_database(database)
    chosen = [target for target in targets() if target.name in only]
    with Gunicorn(database) as server:
        for target in chosen:  # warm every worker on every page first: its first request loads templates
            run(target, HOST, server.port, concurrency, WARM_UP_SECONDS)
        return [run(target, HOST, server.port, concurrency, seconds) for target in chosen]


def main() -> None:
    database = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10
    concurrency = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    only = tuple(sys.argv[4].split(",")) if len(sys.argv) > 4 else PAGES
    for result in measure(database, seconds, concurrency, only):
        errors = f", {len(result.errors)} errors (first: {result.errors[0]})" if result.errors else ""
        print(
            f"{result.name:14} median {result.median_ms:6.1f} ms  p95 {result.p95_ms:6.1f} ms  "
            f"{result.per_second:6.1f} req/s  queries {result.max_queries}{errors}"
        )


if __name__ == "__main__":
    main()
