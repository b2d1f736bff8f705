"""Digest benchmark: a day with 2,000 relevant items → the daily digest as DOCX (target < 2 s), and PDF/HTML.

Real articles of the shared 2017 corpus go through `lantoa ingest` into a fresh SQLite database; then the first
2,000 stored items are made relevant and dated within one digest day (the corpus has no dates), with a fifth of
them negative so that the attention section is long, as on a bad day.

Run: `make bench` or `.venv/bin/python bench/digest.py [--items 2000]`.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lantoa-bench-digest-") as var:
        for key in [key for key in os.environ if key.startswith("LANTOA_") and key != "LANTOA_SHARED_DATA"]:
            del os.environ[key]
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("REDIS_URL", None)
        os.environ.update({"LANTOA_VAR_DIR": var, "LANTOA_POLLING": "0", "DJANGO_SETTINGS_MODULE": "lantoa.settings"})
        import django

        django.setup()
        from django.core.management import call_command

        from lantoa.core.shared_data import shared_data_dir
        from lantoa.digests import content, render
        from lantoa.monitoring.models import Item, Story

        corpus = shared_data_dir() / "news" / "baomoi-2017.jsonl.xz"
        if not corpus.exists():
            raise SystemExit(f"corpus not found: {corpus} (set LANTOA_SHARED_DATA)")
        call_command("migrate", verbosity=0)
        call_command("loadreference", stdout=open(os.devnull, "w"))  # noqa: SIM115
        source = Path(var) / "day.jsonl"
        with lzma.open(corpus, "rt", encoding="utf-8") as handle, source.open("w", encoding="utf-8") as out:
            for number, line in enumerate(handle):
                if number >= args.items * 1.3:  # a few are copies of others and fold into one story
                    break
                out.write(line)
        started = time.perf_counter()
        call_command("ingest", str(source), stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"ingest of {args.items * 1.3:.0f} corpus articles: {time.perf_counter() - started:.1f} s")

        day = date(2026, 11, 26)
        start, _end = content.period_bounds("day", day)
        ids = list(Item.objects.order_by("id").values_list("id", flat=True)[: args.items])
        step = timedelta(days=1) / len(ids)
        items = list(Item.objects.filter(id__in=ids).only("id", "published_at", "relevant", "polarity"))
        for index, item in enumerate(items):
            item.published_at = start + step * index
            item.relevant = True
            if index % 5 == 0:
                item.polarity = "neg"
        Item.objects.bulk_update(items, ["published_at", "relevant", "polarity"], batch_size=500)
        Item.objects.exclude(id__in=ids).update(relevant=False)
        story_ids = set(Item.objects.filter(id__in=ids).values_list("story_id", flat=True))
        Story.objects.update(relevant=False)
        first_dates = {item.story_id: item.published_at for item in Item.objects.filter(id__in=ids).order_by("-id")}
        stories = list(Story.objects.filter(id__in=story_ids).only("id"))
        for story in stories:
            story.relevant = True
            story.first_published_at = first_dates[story.pk]
        Story.objects.bulk_update(stories, ["relevant", "first_published_at"], batch_size=500)
        print(f"day {day:%d/%m/%Y}: {len(ids)} relevant items in {len(stories)} stories")
        risky = Item.objects.filter(id__in=ids, misinfo_risk__gte=content.MISINFO_ATTENTION).count()
        negative = Item.objects.filter(id__in=ids, polarity="neg").count()
        print(f"  of them negative: {negative}; misinformation risk ≥ {content.MISINFO_ATTENTION}: {risky}")

        timings: dict[str, list[float]] = {"collect": [], "docx": [], "pdf": [], "html": []}
        for _ in range(3):
            started = time.perf_counter()
            rendering = render.from_data(content.collect("day", day))
            timings["collect"].append(time.perf_counter() - started)
            started = time.perf_counter()
            docx = render.docx_bytes(rendering)
            timings["docx"].append(time.perf_counter() - started)
        started = time.perf_counter()
        pdf = render.pdf_bytes(rendering)
        timings["pdf"].append(time.perf_counter() - started)
        started = time.perf_counter()
        html = render.html_document(rendering)
        timings["html"].append(time.perf_counter() - started)
        best = {name: min(values) for name, values in timings.items()}
        total = best["collect"] + best["docx"]
        print(
            f"digest entries: {rendering.entry_count} ({len(rendering.sections[0].entries)} needing attention), "
            f"omitted by the per-sector cap: {sum(rendering.stats['omitted'].values())}"
        )
        print(
            f"DOCX: collect {best['collect']:.2f} s + render {best['docx']:.2f} s = {total:.2f} s "
            f"(target < 2 s), {len(docx) / 1024:.0f} KiB"
        )
        print(
            f"PDF: {best['pdf']:.2f} s, {len(pdf) / 1024:.0f} KiB; "
            f"HTML: {best['html']:.2f} s, {len(html) / 1024:.0f} KiB"
        )
        print(json.dumps({name: round(value, 3) for name, value in best.items()}))


if __name__ == "__main__":
    main()
