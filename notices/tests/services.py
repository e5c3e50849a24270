"""Real services for the integration and fault tests: an SMTP server, Redis servers, a Celery worker and beat,
the web server and a TCP proxy in front of PostgreSQL that can refuse connections for a while.

Everything here is started on a free port of its own and stopped by the test that started it; nothing touches the
machine's shared Redis or PostgreSQL servers beyond the test's own database.
"""

import asyncio
import email
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import suppress
from email import policy
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection

WORKER_START_SECONDS = 20


def required() -> bool:
    return os.environ.get("REQUIRE_REDIS_TESTS", "").strip().lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    if required():
        pytest.fail(f"{reason} (REQUIRE_REDIS_TESTS=1: the integration tests must run)", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_address() -> tuple[str, int]:
    """Where pytest's PostgreSQL test database is, for a proxy or a worker to reach: committed rows are visible to
    both. Skips (or fails, in CI) on SQLite: another process cannot see pytest's in-memory database."""
    if connection.vendor != "postgresql":
        skip_or_fail(
            "The integration tests need PostgreSQL: the Celery worker runs in another process and cannot see "
            "pytest's in-memory SQLite database. Set DATABASE_URL=postgres://... to run them"
        )
    db = connection.settings_dict
    return db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)


def database_url_for(host: str | None = None, port: int | None = None) -> str:
    """The test database as a DATABASE_URL, at its own address or (for the fault tests) at a proxy's."""
    default_host, default_port = postgres_address()
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{host or default_host}:{port or default_port}/{quote(db['NAME'], safe='')}"


class Inbox:
    """What the SMTP server received: aiosmtpd calls handle_DATA for every message sent to it.

    `refusal`: a reply such as "451 4.3.0 Try again later" given to every message instead of accepting it.
    `refused_addresses`: recipients the server refuses for good ("550 5.1.1 No such mailbox").
    `hold_before(n)`: the server keeps the sender waiting on message number n (from 1) until `release()`, so a test
    can act while a worker is in the middle of a batch. A message whose sender has gone by then is not accepted."""

    def __init__(self):
        self.envelopes = []
        self.refusal: str | None = None
        self.refused = 0
        self.refused_addresses: set[str] = set()
        self._hold_at: int | None = None
        self.holding = threading.Event()
        self._released = threading.Event()

    def hold_before(self, number: int) -> None:
        self._hold_at, self._released = number, threading.Event()
        self.holding.clear()

    def release(self) -> None:
        self._hold_at = None
        self._released.set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused_addresses:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refusal:
            self.refused += 1
            return self.refusal
        if self._hold_at is not None and len(self.envelopes) + 1 >= self._hold_at:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self._released.wait, 60)
            if server.transport is None or server.transport.is_closing():
                return "421 4.3.2 The sender went away"  # never reaches it: the message is not delivered
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(e.original_content, policy=policy.default) for e in self.envelopes]

    def recipients(self) -> list[str]:
        return sorted(address for envelope in self.envelopes for address in envelope.rcpt_tos)


class Process:
    """A child process with its output in a log file, for messages when a wait gives up."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log: Path):
        self.name, self.command, self.env, self.log = name, command, env, log
        self.popen: subprocess.Popen | None = None

    def start(self) -> "Process":
        with self.log.open("ab") as output:
            self.popen = subprocess.Popen(
                self.command, cwd=settings.BASE_DIR, env=self.env, stdout=output, stderr=subprocess.STDOUT
            )
        return self

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, nothing acknowledged or cleaned up (a crash, the out-of-memory killer)."""
        if self.running():
            self.popen.send_signal(signal.SIGKILL)
            self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.running():
            self.popen.terminate()  # a worker's warm shutdown: the task in hand finishes first
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def tail(self) -> str:
        return f"--- {self.name} ({self.log}) ---\n{self.output()[-5000:]}"


def wait_until(condition, seconds: float, what: str, *watched: Process, must_run: bool = True) -> None:
    """Poll `condition` until it holds; fail with the processes' logs after `seconds`, or at once if one of
    `watched` has stopped (unless `must_run` is False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for process in watched:
            if must_run and not process.running():
                pytest.fail(f"{process.name} stopped before {what}:\n{process.tail()}")
        if condition():
            return
        time.sleep(0.2)
    logs = "\n".join(process.tail() for process in watched)
    pytest.fail(f"Gave up after {seconds} s waiting for {what}.\n{logs}")


def site_environment(database_url: str, broker_url: str, smtp_port: int, **extra: str) -> dict[str, str]:
    """The environment of a worker, beat or web server run against the test's services."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "senco_portal.settings",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_USE_TLS": "false",
        "EMAIL_USE_SSL": "false",
        "EMAIL_TIMEOUT": "10",
        "LOG_LEVEL": "INFO",
        **extra,
    }
    env.pop("CELERY_RESULT_BACKEND", None)
    return env


def worker(env: dict[str, str], log: Path, name: str = "worker") -> Process:
    """A Celery worker, one task at a time in its own process (so SIGKILL stops the sending itself)."""
    command = [sys.executable, "-m", "celery", "-A", "senco_portal", "worker", "--pool", "solo"]
    command += ["--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]
    command += ["--without-heartbeat", "--hostname", f"{name}-{os.getpid()}-{time.monotonic_ns()}@%h"]
    return Process(name, command, env, log)


def stop_all(*processes: Process) -> None:
    """Stop them side by side: each one's shutdown overlaps the others'."""
    running = [process for process in processes if process is not None and process.running()]
    for process in running:
        process.popen.terminate()
    for process in running:
        process.stop()  # waits, and kills one that will not stop


class RedisServer:
    """A redis-server of the test's own on a free port, which the test may stop and start again (a restart
    loses what the broker held: no snapshot, no append-only file, as a crashed Redis without persistence)."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(folder)]
        self.process = Process("redis-server", command, dict(os.environ), folder / "redis.log")

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=2)

    def answers(self) -> bool:
        client = self.client()
        try:
            return client.ping()
        except redis.RedisError:
            return False
        finally:
            client.close()

    def start(self) -> "RedisServer":
        self.process.start()
        wait_until(self.answers, 10, "redis-server to answer", self.process)
        return self

    def kill(self) -> None:
        self.process.kill()


class RefusingProxy:
    """A TCP proxy in front of PostgreSQL. `refuse()` cuts every connection and stops listening, so new ones are
    refused (as when the server is down or restarting); `accept()` listens again on the same port."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        self._lock = threading.Lock()
        self._stopping = False

    def accept(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._serve, args=(listener,), daemon=True).start()

    @property
    def refusing(self) -> bool:
        return self._listener is None

    def refuse(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept(): close() alone would not
            listener.close()
        with self._lock:
            pairs, self._pairs = self._pairs, set()
        for client, server in pairs:
            for sock in (client, server):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def stop(self) -> None:
        self.refuse()

    def _serve(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # refuse(): the listener was closed
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self._pairs.add((client, server))
            threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()

    def _pipe(self, client: socket.socket, server: socket.socket) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(client, selectors.EVENT_READ, server)
            selector.register(server, selectors.EVENT_READ, client)
            try:
                while True:
                    for key, _ in selector.select(timeout=1):
                        data = key.fileobj.recv(65536)
                        if not data:
                            raise OSError("closed")
                        key.data.sendall(data)
            except (OSError, ValueError):
                pass
        with self._lock:
            self._pairs.discard((client, server))
        for sock in (client, server):
            sock.close()


def web_server(env: dict[str, str], port: int, log: Path) -> Process:
    """gunicorn with the project's settings file: one worker is enough to ask /health/."""
    env = {**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2"}
    command = [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "senco_portal.wsgi"]
    return Process("web", command, env, log)


def health(port: int) -> tuple[int, dict[str, str]]:
    """GET /health/ from the web server, as a monitoring service would."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return error.code, json.loads(body)
        except ValueError:  # an error page, not the health check's answer
            return error.code, {"page": body[:200].decode(errors="replace")}
    except OSError:
        return 0, {}
