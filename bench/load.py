"""A small load generator (stdlib only): CONCURRENCY threads, each a client that sends one request after another
to a server on loopback, for a fixed time. Each request goes through a fresh connection, as gunicorn's sync
workers close it after every response.

It records each response's latency, checks its status, and reads the `X-Bench-Queries` header (database queries
made for the request: bench/query_count.py).
"""

import http.client
import itertools
import statistics
import threading
import time
from dataclasses import dataclass, field

from bench.common import percentile


@dataclass
class Target:
    """A page to load: its name, the (path, session key) pairs to take turns with, and any headers its browser sends
    (the dashboard's blocks are fetched by its script)."""

    name: str
    requests: list[tuple[str, str]]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies, 0.95) * 1000

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def max_queries(self) -> int:
        return max(self.queries, default=0)

    def merged(self, other: "Result") -> "Result":
        """This page's requests and another measurement's of the same page, as one."""
        return Result(
            self.name,
            self.latencies + other.latencies,
            self.queries + other.queries,
            self.errors + other.errors,
            self.seconds + other.seconds,
        )

    def summary(self) -> dict:
        return {
            "page": self.name,
            "requests": len(self.latencies),
            "median_ms": self.median_ms,
            "p95_ms": self.p95_ms,
            "per_second": self.per_second,
            "queries": statistics.mode(self.queries) if self.queries else 0,  # most requests' count
            "queries_min": min(self.queries, default=0),
            "queries_max": self.max_queries,
            "errors": len(self.errors),
            "first_error": self.errors[0] if self.errors else "",
        }


def fetch(host: str, port: int, path: str, session: str, headers: dict | None = None) -> tuple[int, int, bytes]:
    connection = http.client.HTTPConnection(host, port, timeout=120)
    try:
        connection.request("GET", path, headers={"Cookie": f"sessionid={session}", "Host": host, **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        return response.status, int(response.getheader("X-Bench-Queries") or -1), body
    finally:
        connection.close()


def run(target: Target, host: str, port: int, concurrency: int, seconds: float, warm_up: int = 5) -> Result:
    """Load one page for `seconds` from `concurrency` clients; the first `warm_up` requests are not counted."""
    for path, session in target.requests[:warm_up]:
        fetch(host, port, path, session, target.headers)
    result = Result(target.name)
    requests = itertools.cycle(target.requests)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        while time.perf_counter() < deadline:
            with lock:
                path, session = next(requests)
            began = time.perf_counter()
            try:
                status, queries, _ = fetch(host, port, path, session, target.headers)
            except OSError as error:
                with lock:
                    result.errors.append(f"{path}: {error}")
                continue
            took = time.perf_counter() - began
            with lock:
                if status != 200:
                    result.errors.append(f"{path}: HTTP {status}")
                else:
                    result.latencies.append(took)
                    result.queries.append(queries)

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    return result
