"""Where a notice's time goes: pyinstrument over `notices.sending.deliver_batch` in this process (batches of
`notices.tasks.BATCH_SIZE`, as the worker sends them), emails kept in memory.

    .venv/bin/python bench/profile_notices.py [COUNT]   # 200 by default; needs senco_bench_notices (bench/notices.py)

Sets the notices bench database's messages back to planned, delivers COUNT of them in batches with Django's
in-memory email backend (so the time is the site's own, not SMTP's), and prints the milliseconds per message,
pyinstrument's call tree and the queries of one batch.
"""

import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import use_database  # noqa: E402

# BENCH_NOTICES_DATABASE: another name (senco_bench_*), so that two runs on one machine do not share one.
DATABASE = os.environ.get("BENCH_NOTICES_DATABASE", "senco_bench_notices")


def profile(count: int = 200) -> str:
    use_database(DATABASE)
    from django.conf import settings
    from django.db import connection
    from pyinstrument import Profiler

    from notices.models import Message, MessageStatus
    from notices.sending import deliver_batch
    from notices.tasks import BATCH_SIZE

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ids = list(Message.objects.order_by("pk").values_list("pk", flat=True)[: count + 2 * BATCH_SIZE])
    Message.objects.filter(pk__in=ids).update(status=MessageStatus.PLANNED, attempts=0, sent_at=None)
    deliver_batch(ids[:BATCH_SIZE])  # warm: templates, connection
    captured = []

    def capture(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        deliver_batch(ids[BATCH_SIZE : 2 * BATCH_SIZE])
    rest = ids[2 * BATCH_SIZE :]
    profiler = Profiler(interval=0.0005)
    began = time.perf_counter()
    with profiler:
        for first in range(0, len(rest), BATCH_SIZE):
            deliver_batch(rest[first : first + BATCH_SIZE])
    took = (time.perf_counter() - began) / len(rest) * 1000
    tree = profiler.output_text(unicode=False, color=False, show_all=False, time="percent_of_total")
    return "\n".join(
        [
            f"notices: {took:.1f} ms per message in-process (in-memory email), {len(captured)} queries a batch of "
            f"{BATCH_SIZE} ({len(captured) / BATCH_SIZE:.1f} a message)",
            *tree.splitlines(),
            "Queries of one batch:",
            *(f"  {times} x {sql[:160]}" for sql, times in Counter(sql[:160] for sql in captured).items()),
        ]
    )


if __name__ == "__main__":
    print(profile(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
