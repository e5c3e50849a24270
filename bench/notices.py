"""Notices: COUNT messages due at once, sent by the real Celery worker through Redis to a local SMTP sink.

    .venv/bin/python bench/notices.py [COUNT] [WORKER_CONCURRENCY]   # 10,000 and 4 by default

In its own database (senco_bench_notices, or BENCH_NOTICES_DATABASE) it books COUNT / 2 meetings a few weeks
ahead, each with two parents who have their own email address, and plans each parent's two-week notice as due now:
COUNT planned Message rows. Then it starts an SMTP sink (aiosmtpd, in this process) and `celery -A senco_portal
worker` with the broker on Redis (database 9, or BENCH_REDIS_URL; emptied first), sends the scan task beat would
send (`scan_due_messages`), and waits until every row has left PLANNED/SENDING. It prints messages per second and
the CPU each message took (in the worker, PostgreSQL and the sink: steadier than the seconds on a shared machine),
then proves each went exactly once: every row SENT after one attempt, every address received exactly one email,
none received twice. Finally it hands the worker every message again (as a redelivered task would) and checks that
no second email leaves.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REDIS_URL, ROOT, environment, free_port, fresh_database, use_database  # noqa: E402

# BENCH_NOTICES_DATABASE: another name (senco_bench_*), so that two runs on one machine do not share one.
DATABASE = os.environ.get("BENCH_NOTICES_DATABASE", "senco_bench_notices")


class Sink:
    """An SMTP server that accepts everything and counts each recipient."""

    def __init__(self):
        self.received: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.last_at = 0.0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            for address in envelope.rcpt_tos:
                self.received[address.lower()] += 1
            self.last_at = time.perf_counter()
        return "250 OK"

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())


def plan_messages(count: int) -> None:
    """COUNT / 2 booked meetings four weeks ahead, two parents each, every parent's notice due a minute ago."""
    from datetime import datetime
    from datetime import time as clock

    from django.utils import timezone

    from accounts.models import Role, User
    from meetings.models import Invitee, InviteeKind, Meeting, MeetingStatus
    from meetings.notices import MeetingMessageKind
    from notices.models import Message, MessageStatus
    from pupils.models import ParentCarer, Pupil, PupilParent, SenStatus

    now = timezone.now()
    senco = User.objects.create(email="senco@bench.example", first_name="Sam", last_name="Senco", role=Role.SENCO)
    meetings = count // 2
    pupils = Pupil.objects.bulk_create(
        [
            Pupil(
                legal_first_name="Pupil",
                legal_last_name=f"Number{n}",
                date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 10),
                year_group=5,
                sen_status=SenStatus.SEN_SUPPORT,
                class_teacher=senco,
            )
            for n in range(meetings)
        ],
        batch_size=2000,
    )
    parents = ParentCarer.objects.bulk_create(
        [
            ParentCarer(first_name="Parent", last_name=f"Number{n}", email=f"parent{n}@home.example")
            for n in range(count)
        ],
        batch_size=2000,
    )
    PupilParent.objects.bulk_create(
        [
            PupilParent(pupil=pupils[n // 2], parent=parent, relationship="mother" if n % 2 == 0 else "father")
            for n, parent in enumerate(parents)
        ],
        batch_size=2000,
    )
    day = timezone.localdate() + timedelta(days=28)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    meeting_rows = Meeting.objects.bulk_create(
        [
            Meeting(
                pupil=pupil,
                starts_at=timezone.make_aware(datetime.combine(day, clock(8 + n % 8, 0))),
                duration_minutes=45,
                place="SENCO office",
                purpose="To review how things are going and agree the next steps together.",
                led_by=senco,
                invited_on=timezone.localdate(),
                status=MeetingStatus.CONFIRMED,
            )
            for n, pupil in enumerate(pupils)
        ],
        batch_size=2000,
    )
    Invitee.objects.bulk_create(
        [
            Invitee(meeting=meeting_rows[n // 2], kind=InviteeKind.PARENT, parent=parent, role="Parent")
            for n, parent in enumerate(parents)
        ],
        batch_size=2000,
    )
    due = now - timedelta(minutes=1)
    Message.objects.bulk_create(
        [
            Message(
                meeting=meeting_rows[n // 2],
                kind=MeetingMessageKind.NOTICE,
                parent=parent,
                due_at=due,
                for_starts_at=meeting_rows[n // 2].starts_at,
                expires_at=meeting_rows[n // 2].starts_at,
                next_attempt_at=due,
                status=MessageStatus.PLANNED,
            )
            for n, parent in enumerate(parents)
        ],
        batch_size=2000,
    )


def start_worker(smtp_port: int, concurrency: int) -> subprocess.Popen:
    celery = str(Path(sys.executable).parent / "celery")
    return subprocess.Popen(
        [celery, "-A", "senco_portal", "worker", "--concurrency", str(concurrency), "--loglevel", "WARNING"],
        cwd=ROOT,
        env=environment(DATABASE, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_port)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def cpu_seconds(pids: set[int] | None = None, group: int | None = None) -> dict[int, float]:
    """CPU time (user and system) used so far by each process: those with these ids, or those in this process group.
    On a machine shared with other work the seconds a run takes move with the load; the CPU it uses moves far less."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or (pids is not None and int(entry.name) not in pids):
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # gone meanwhile
        if group is None or int(fields[2]) == group:
            used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    return used


def database_backends() -> set[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [DATABASE])
        return {pid for (pid,) in cursor.fetchall()}


def used_since(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def wait_for_worker(app, worker: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"the worker stopped: {worker.stderr.read().decode()[-2000:]}")
        if app.control.ping(timeout=0.5):
            return
    raise RuntimeError("the worker did not answer within 60 s")


def run(count: int = 10_000, concurrency: int = 4, timeout: float = 600) -> dict:
    fresh_database(DATABASE)
    use_database(DATABASE)
    import redis
    from aiosmtpd.controller import Controller

    from notices.models import Message, MessageStatus
    from notices.tasks import scan_due_messages, send_message
    from senco_portal.celery import app

    began = time.perf_counter()
    plan_messages(count)
    built = time.perf_counter() - began
    redis.Redis.from_url(REDIS_URL).flushdb()  # database 9 is the benchmark's own
    sink = Sink()
    smtp_port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    worker = start_worker(smtp_port, concurrency)
    try:
        wait_for_worker(app, worker)
        worker_before = cpu_seconds(group=worker.pid)
        database_before = cpu_seconds(database_backends())
        here_before = time.process_time()
        started = time.perf_counter()
        scan_due_messages.delay()
        pending = Message.objects.filter(status__in=(MessageStatus.PLANNED, MessageStatus.SENDING))
        deadline = time.monotonic() + timeout
        while pending.exists() and time.monotonic() < deadline:
            time.sleep(0.25)
        finished = time.perf_counter()
        cpu = {
            "worker": used_since(worker_before, cpu_seconds(group=worker.pid)),
            "database": used_since(database_before, cpu_seconds(database_backends())),
            "sink": time.process_time() - here_before,
        }
        elapsed = (max(sink.last_at, started) if sink.total else finished) - started
        # Every message handed to the worker a second time, as a redelivered task would be: none may go again.
        ids = list(Message.objects.values_list("pk", flat=True))
        for pk in ids:
            send_message.delay(pk)
        scan_due_messages.delay()
        queue = redis.Redis.from_url(REDIS_URL)
        deadline = time.monotonic() + timeout
        while queue.llen("celery") and time.monotonic() < deadline:
            time.sleep(0.25)
        time.sleep(2)  # the last tasks taken from the queue finish
    finally:
        stop(worker)
        controller.stop()
    statuses = Counter(Message.objects.values_list("status", flat=True))
    attempts = Counter(Message.objects.values_list("attempts", flat=True))
    addresses = set(Message.objects.values_list("parent__email", flat=True))
    twice = [address for address, n in sink.received.items() if n > 1]
    missing = addresses - set(sink.received)
    return {
        "count": count,
        "concurrency": concurrency,
        "built_seconds": built,
        "seconds": elapsed,
        "per_second": count / elapsed if elapsed else 0.0,
        # Milliseconds of CPU a message: the worker (its processes), PostgreSQL (the bench database's connections)
        # and this process (the SMTP sink, and the polling for the end).
        "cpu_ms": {where: seconds * 1000 / count for where, seconds in cpu.items()},
        "sent": statuses.get(MessageStatus.SENT, 0),
        "statuses": dict(statuses),
        "one_attempt": attempts.get(1, 0),
        "emails": sink.total,
        "twice": len(twice),
        "missing": len(missing),
        "redelivered": len(ids),
        "exactly_once": statuses.get(MessageStatus.SENT, 0) == count
        and attempts.get(1, 0) == count
        and sink.total == count
        and not twice
        and not missing,
    }


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    result = run(count, concurrency)
    print(
        f"{result['count']} notices due at once (written in {result['built_seconds']:.1f} s), worker concurrency "
        f"{result['concurrency']}: all sent in {result['seconds']:.1f} s, {result['per_second']:.0f} messages per "
        f"second"
    )
    cpu = result["cpu_ms"]
    print(
        f"CPU a message: {sum(cpu.values()):.1f} ms ({', '.join(f'{where} {ms:.1f}' for where, ms in cpu.items())}), "
        f"load average {' '.join(f'{load:.1f}' for load in os.getloadavg())}"
    )
    print(
        f"rows: {result['statuses']}, {result['one_attempt']} after one attempt; the sink received "
        f"{result['emails']} emails, {result['twice']} addresses twice, {result['missing']} never; each handed "
        f"to the worker again ({result['redelivered']}): exactly once = {result['exactly_once']}"
    )


if __name__ == "__main__":
    main()
