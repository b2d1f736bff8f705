"""Alerts benchmark: store N real articles (the 2017 corpus) through the pipeline, then time one evaluation tick of
50 rules over them (the periodic task's work after a burst of N new items), an idle tick, and one rule's preview.

Target (issue): an alert fires within one scheduler tick (1 minute, ≤ 5 min promised) of the item being stored, so
a tick must evaluate a large burst of items in well under a minute.

Run: `.venv/bin/python bench/alerts.py [--items 2000] [--rules 50]` (a fresh SQLite database in a temporary folder).
"""

from __future__ import annotations

import argparse
import itertools
import json
import lzma
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["LANTOA_VAR_DIR"] = tempfile.mkdtemp(prefix="lantoa-bench-alerts-")
os.environ.setdefault("LANTOA_SECRET_KEY", "bench-only-secret-key")
os.environ["LANTOA_POLLING"] = "0"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from lantoa.accounts.roles import Role  # noqa: E402
from lantoa.accounts.services import do_create_user  # noqa: E402
from lantoa.alerts import services  # noqa: E402
from lantoa.alerts.models import AlertRule, Checkpoint  # noqa: E402
from lantoa.core.shared_data import shared_data_dir  # noqa: E402
from lantoa.monitoring.ingest import file_source, ingest  # noqa: E402
from lantoa.monitoring.sources.file.plugin import read_records  # noqa: E402
from lantoa.org.gazetteer import entries_from_registry, other_province_names  # noqa: E402
from lantoa.org.reference import load_reference  # noqa: E402

PHRASES = [
    "tai nạn", "giao thông", "Hà Nội", "sạt lở", "mưa lớn", "cháy", "học sinh", "bệnh viện", "giá vàng", "xăng dầu",
    "tham nhũng", "khởi tố", "đất đai", "Thái Nguyên", "ô nhiễm", "dịch bệnh", "nông dân", "doanh nghiệp",
    "cảnh sát", "lũ quét", "bão", "thủy điện", "giáo dục", "y tế", "ngân hàng", "xuất khẩu", "du lịch", "bóng đá",
]  # fmt: skip
SHAPES = [
    '"{a}"',
    '"{a}" "{b}"',
    '"{a}" OR "{b}"',
    '"{a}" NEAR/5 "{b}"',
    '("{a}" OR "{b}") NOT "{c}"',
    '"{a}" NEAR/10 "{b}" OR "{c}"',
]


def rule_texts(count: int) -> list[str]:
    rng = random.Random(7)  # the same rules every run
    texts = []
    for index in range(count):
        a, b, c = rng.sample(PHRASES, 3)
        texts.append(SHAPES[index % len(SHAPES)].format(a=a, b=b, c=c))
    return texts


def write_sample(corpus: Path, target: Path, size: int) -> None:
    with lzma.open(corpus, "rt", encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for line in itertools.islice(lines, size):
            row = json.loads(line)
            record = {"id": row["id"], "title": row["title"], "sapo": row.get("sapo", ""), "body": row["body"],
                      "source": "Báo Mới"}  # fmt: skip
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--rules", type=int, default=50)
    parser.add_argument("--corpus", type=Path, default=shared_data_dir() / "news" / "baomoi-2017.jsonl.xz")
    args = parser.parse_args()
    if not args.corpus.is_file():
        print(f"skipped: corpus not found at {args.corpus}")
        return

    call_command("migrate", verbosity=0)
    load_reference(19)
    owner = do_create_user(None, username="bench", password=None, roles=[Role.PRESS_OFFICER])
    sample = Path(os.environ["LANTOA_VAR_DIR"]) / "sample.jsonl"
    write_sample(args.corpus, sample, args.items)
    started = time.perf_counter()
    records = ((r.line, r.item, r.error or None, "") for r in read_records(sample))
    summary = ingest(records, file_source(sample), (entries_from_registry(19), other_province_names(19)))
    stored_seconds = time.perf_counter() - started

    for index, text in enumerate(rule_texts(args.rules)):
        services.do_create_rule(owner, {"name": f"Quy tắc {index}", "query": text, "relevant_only": False})

    Checkpoint.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = services.do_run_tick(deliver=False)
        tick_seconds = time.perf_counter() - started
    started = time.perf_counter()
    services.do_run_tick(deliver=False)
    idle_seconds = time.perf_counter() - started
    # The corpus is dated 2017: the preview's "last 7 days" would be empty, so give the items today's date.
    from django.utils import timezone

    from lantoa.monitoring.models import Item

    Item.objects.update(published_at=timezone.now())
    rule = AlertRule.objects.order_by("id").first()
    assert rule is not None
    started = time.perf_counter()
    _shown, total = services.preview(owner, rule)
    preview_seconds = time.perf_counter() - started

    per_item_ms = 1000 * tick_seconds / max(result.items, 1)
    print(f"stored {summary.new} items in {stored_seconds:.1f} s (the pipeline; not part of the alert figures)")
    print(f"tick: {result.items} items x {args.rules} rules in {tick_seconds:.2f} s ({per_item_ms:.2f} ms per item, "
          f"{len(queries)} queries); {result.matches} matches, {result.notifications} notifications")  # fmt: skip
    print(f"next tick (nothing new; re-reads the burst, doc/alerts.md): {1000 * idle_seconds:.1f} ms")
    print(f"preview of rule {rule.query!r} over {summary.new} items of the last week: {1000 * preview_seconds:.0f} ms "
          f"({total} stories)")  # fmt: skip


if __name__ == "__main__":
    main()
