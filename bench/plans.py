"""Plans benchmark: load the 2026 plan (29 tasks, every department and the 92 communes), mark a realistic mix of
reports, then time the press office's matrix page (organisations × tasks) through the test client, its queries, and
the XLSX export.

Target (issue): 100+ organisations × ~20 tasks must render fast; the page must take a bounded number of queries.

Run: `.venv/bin/python bench/plans.py [--repeat 5]` (a fresh SQLite database in a temporary folder).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["LANTOA_VAR_DIR"] = tempfile.mkdtemp(prefix="lantoa-bench-plans-")
os.environ.setdefault("LANTOA_SECRET_KEY", "bench-only-secret-key")
os.environ["LANTOA_POLLING"] = "0"
os.environ["LANTOA_STATIC_FROM_APPS"] = "1"  # pages render without collectstatic
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from lantoa.accounts.roles import Role  # noqa: E402
from lantoa.accounts.services import do_create_user  # noqa: E402
from lantoa.org.models import Organisation  # noqa: E402
from lantoa.org.reference import load_reference  # noqa: E402
from lantoa.plans.loader import load_plan  # noqa: E402
from lantoa.plans.models import Occurrence, Status  # noqa: E402

PLAN = Path(__file__).resolve().parents[1] / "lantoa" / "plans" / "data" / "plan-2026.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    load_reference(19)
    started = time.perf_counter()
    result = load_plan(PLAN)
    print(f"loadplan: {result.summary()} in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    load_plan(PLAN)
    print(f"loadplan again (no change): {time.perf_counter() - started:.1f} s")
    # A mix of states for March 2026: 60 % done, 20 % in progress, the rest untouched (late after the 20th).
    rng = random.Random(2026)
    march = list(Occurrence.objects.filter(period_start__lte="2026-03-01", period_end__gte="2026-03-01"))
    for occurrence in march:
        draw = rng.random()
        if draw < 0.6:
            occurrence.status, occurrence.articles = Status.DONE, rng.randint(0, 40)
        elif draw < 0.8:
            occurrence.status = Status.IN_PROGRESS
    Occurrence.objects.bulk_update(march, ["status", "articles"], batch_size=1000)
    office = do_create_user(
        None, username="bench_office", password="bench-only-password-2026", full_name="Bench",  # noqa: S106
        organisation_id=Organisation.objects.get(code="so-van-hoa-the-thao-du-lich").pk, roles=[Role.PRESS_OFFICER],
    )  # fmt: skip
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(office)
    url = "/ke-hoach/2026/theo-doi/?thang=2026-03"
    client.get(url)  # warm-up: templates compiled, session loaded
    timings = []
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    body = response.content.decode()
    rows, cells = body.count("<tr data-org="), body.count('class="cell state')
    print(f"matrix page: {rows} organisations x {body.count('<th title=')} tasks ({cells} cells, "
          f"{len(body) / 1024:.0f} KiB): median {1000 * statistics.median(timings):.0f} ms, "
          f"best {1000 * min(timings):.0f} ms over {args.repeat} runs; {len(queries)} queries")  # fmt: skip
    started = time.perf_counter()
    export = client.get(url + "&xuat=xlsx")
    print(f"matrix XLSX: {len(export.content) / 1024:.0f} KiB in {1000 * (time.perf_counter() - started):.0f} ms")


if __name__ == "__main__":
    main()
