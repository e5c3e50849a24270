"""The production shape: the Procfile's three processes, gunicorn's settings, the cache and file storage."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages

from senco_portal.settings import caches_for, default_storage_for

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent


def test_procfile_lists_web_worker_and_beat():
    result = subprocess.run(
        [BIN / "honcho", "-f", "Procfile", "check"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "Valid procfile detected (web, worker, beat)" in result.stderr + result.stdout


def test_procfile_starts_gunicorn_with_its_settings_and_one_beat():
    processes = dict(
        line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line and line[0] != "#"
    )
    assert processes["web"] == "gunicorn -c gunicorn.conf.py senco_portal.wsgi"
    assert processes["worker"].startswith("celery -A senco_portal worker")
    assert processes["beat"].startswith("celery -A senco_portal beat")


def gunicorn_settings(monkeypatch, **environ):
    for name in ("HOST", "PORT", "WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_follows_host_port_and_web_concurrency(monkeypatch):
    conf = gunicorn_settings(monkeypatch, HOST="0.0.0.0", PORT="9123", WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="90")
    assert conf["bind"] == ["0.0.0.0:9123"]
    assert conf["workers"] == 3
    assert conf["timeout"] == 90


def test_gunicorn_defaults(monkeypatch):
    conf = gunicorn_settings(monkeypatch)
    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["workers"] == min(2 * os.cpu_count() + 1, 9)
    assert conf["preload_app"] is True
    assert conf["accesslog"] == "-"
    assert conf["control_socket_disable"] is True


def test_gunicorn_accepts_the_settings_file():
    environ = {**os.environ, "PORT": "0", "DJANGO_SECRET_KEY": "tests-only-secret-key"}
    subprocess.run(
        [BIN / "gunicorn", "--check-config", "-c", "gunicorn.conf.py", "senco_portal.wsgi"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        check=True,
        timeout=60,
    )


def test_cache_is_redis_when_a_redis_url_is_set():
    caches = caches_for("redis://127.0.0.1:6379/1")
    assert caches["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }


def test_cache_is_in_process_without_redis():
    assert caches_for("")["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_files_on_this_machine_without_a_bucket():
    assert default_storage_for("") == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_files_in_a_private_bucket_when_one_is_named(monkeypatch):
    monkeypatch.setenv("STORAGE_ENDPOINT_URL", "https://minio.school.example")
    config = default_storage_for("senco-files")
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    assert config["OPTIONS"]["bucket_name"] == "senco-files"
    assert config["OPTIONS"]["default_acl"] == "private"
    storage = storages.create_storage(config)  # django-storages is installed and takes these options
    assert storage.bucket_name == "senco-files"
    assert storage.endpoint_url == "https://minio.school.example"
