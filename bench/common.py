"""What every benchmark shares: its own PostgreSQL databases (named senco_bench_*), Django set up on one of them,
and signed-in sessions for the load test.

Databases are made from a migrated template (`senco_bench_template`), so each new one costs a copy, not a
migration. Nothing here touches a database whose name does not start with `senco_bench_`.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
PREFIX = "senco_bench_"
# BENCH_NAME=x puts every database of a run under senco_bench_x_ (senco_bench_x_template, senco_bench_x_school_200,
# ...), so two runs on one PostgreSQL (people trying the machinery side by side) never drop each other's.
NAMESPACE = os.environ.get("BENCH_NAME", "")


def named(name: str) -> str:
    """The bench database `name` (senco_bench_...) in this run's BENCH_NAME, if it has one."""
    assert name.startswith(PREFIX), name
    if not NAMESPACE or name.startswith(f"{PREFIX}{NAMESPACE}_"):
        return name
    return f"{PREFIX}{NAMESPACE}_{name.removeprefix(PREFIX)}"


TEMPLATE = named(f"{PREFIX}template")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def database_url(name: str) -> str:
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"


def environment(name: str, **extra: str) -> dict[str, str]:
    """The environment for a process (this one, gunicorn, a Celery worker) using the bench database `name`."""
    name = named(name)
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY="bench-only-secret-key",
        DATABASE_URL=database_url(name),
        # As a production server keeps them (docs/configuration.md): one connection per worker, not per request.
        DATABASE_CONN_MAX_AGE=env.get("DATABASE_CONN_MAX_AGE", "60"),
        # Plain HTTP on loopback, as behind the TLS-terminating proxy.
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        CELERY_BROKER_URL=REDIS_URL,
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def _admin(sql: str) -> None:
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", **PG)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def drop_database(name: str) -> None:
    name = named(name)
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_template() -> float:
    """A freshly migrated database to copy: returns the seconds the migration took."""
    drop_database(TEMPLATE)
    _admin(f'CREATE DATABASE "{TEMPLATE}"')
    began = time.perf_counter()
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=environment(TEMPLATE),
            check=True,
        )
    except BaseException:
        drop_database(TEMPLATE)  # half migrated: never copy it
        raise
    return time.perf_counter() - began


def fresh_database(name: str) -> None:
    """A new database `name`, copied from the migrated template (made first if missing)."""
    import psycopg2

    name = named(name)
    connection = psycopg2.connect(dbname="postgres", **PG)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [TEMPLATE])
        has_template = cursor.fetchone() is not None
    connection.close()
    if not has_template:
        make_template()
    drop_database(name)
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')


def use_database(name: str) -> None:
    """Set up Django in this process on the bench database `name`."""
    os.environ.update(environment(name))
    import django

    django.setup()


def signed_in_session(user) -> str:
    """A session key for `user`, signed in and past the code step, as the sign-in pages would leave it (the same
    keys django.contrib.auth, django-otp and security/sessions.py keep), with an authenticator app if staff."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from security.sessions import LAST_SEEN_AT, SIGNED_IN_AT
    from security.two_step import must_use

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.AccountBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if must_use(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=True
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    now = time.time()
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now
    session.create()
    return session.session_key


def free_port(host: str = "127.0.0.1") -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]
