"""Where a page's time goes: pyinstrument over a few requests, in this process, through the whole middleware stack.

    .venv/bin/python bench/profile_page.py DATABASE PAGE [REQUESTS]   # PAGE: register, dashboard, profile, ...

Uses the same signed-in sessions and paths as bench/pages.py, through Django's test client (no server), and
prints pyinstrument's call tree (calls of 2% of the time or more), then the queries of one request.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import use_database  # noqa: E402


def profile(database: str, page: str, requests: int = 10) -> str:
    use_database(database)
    from django.db import connection
    from django.test import Client
    from pyinstrument import Profiler

    from bench.pages import targets

    target = next(t for t in targets() if t.name == page)
    clients = {}
    for _, session in target.requests:
        if session not in clients:
            clients[session] = Client(HTTP_HOST="127.0.0.1")
            clients[session].cookies["sessionid"] = session
    path, session = target.requests[0]
    assert clients[session].get(path, headers=target.headers).status_code == 200  # warm: imports, templates, connection
    captured = []

    def capture(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            captured.append((time.perf_counter() - began, sql))

    with connection.execute_wrapper(capture):
        clients[session].get(path, headers=target.headers)
    profiler = Profiler(interval=0.0005)
    began = time.perf_counter()
    with profiler:
        for n in range(requests):
            path, session = target.requests[n % len(target.requests)]
            clients[session].get(path, headers=target.headers)
    took = (time.perf_counter() - began) / requests * 1000
    tree = profiler.output_text(unicode=False, color=False, show_all=False, time="percent_of_total")
    lines = [line for line in tree.splitlines() if not _below(line, 2.0)]
    flat = profiler.output_text(unicode=False, color=False, flat=True, time="percent_of_total")
    lines += ["Functions by their own time (flat):", *flat.splitlines()[5:35]]
    sql = [f"  {seconds * 1000:6.1f} ms  {text[:200]}" for seconds, text in captured]
    return "\n".join(
        [f"{page} ({path}): {took:.0f} ms per request in-process, {len(sql)} queries", *lines, "Queries:", *sql]
    )


def _below(line: str, share: float) -> bool:
    """A call-tree line whose percentage is under `share` (pyinstrument's lines start with the figure)."""
    text = line.lstrip(" |`-")
    figure = text.split("%", 1)[0]
    try:
        return float(figure) < share
    except ValueError:
        return False


if __name__ == "__main__":
    print(profile(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 10))
