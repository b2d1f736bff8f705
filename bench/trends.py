"""Trends benchmark: (1) forecast + backtest of every daily series a province has (3 polarities, 14 sectors,
92 communes, 30 outlets, 12 weeks each), model against the naive seasonal forecast, and the time for all of them;
(2) the ORM aggregation on SQLite over 3 months of a 35,000-items-a-month province (titles from the shared news
corpus when present, timestamps synthetic: the corpus has none), which decides whether a daily-counts table is needed.

Run: `.venv/bin/python bench/trends.py [--months 3] [--per-month 35000]`.
"""

from __future__ import annotations

import argparse
import json
import lzma
import math
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WEEKLY = [1.1, 1.15, 1.2, 1.15, 1.05, 0.7, 0.65]  # the press publishes less at weekends


def poisson(generator: random.Random, mean: float) -> int:
    if mean > 30:  # normal approximation: the exact sampler is slow for large means
        return max(0, round(generator.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, generator.random()
    while product > limit:
        k += 1
        product *= generator.random()
    return k


def synthetic_series(per_month: int, seed: int = 2026) -> dict[str, list[float]]:
    """Daily series shaped like a province's coverage: weekly rhythm, slow trends, occasional bursts."""
    generator = random.Random(seed)
    daily_total = per_month / 30
    groups = {"polarity": 3, "sector": 14, "commune": 92, "outlet": 30}
    found: dict[str, list[float]] = {}
    for group, size in groups.items():
        weights = [generator.paretovariate(1.2) for _ in range(size)]
        for n, weight in enumerate(weights):
            level = daily_total * weight / sum(weights)
            trend = generator.uniform(-0.004, 0.006)
            values = []
            for t in range(84):
                mean = level * (1 + trend * t) * WEEKLY[t % 7]
                if generator.random() < 0.02:
                    mean *= 3  # a burst
                values.append(float(poisson(generator, max(mean, 0.0))))
            found[f"{group}:{n}"] = values
    return found


def forecast_figures(series: dict[str, list[float]]) -> None:
    from lantoa.trends.forecast import _cached, backtest, forecast

    _cached.cache_clear()
    started = time.perf_counter()
    results = {}
    for key, values in series.items():
        forecast(values)
        results[key] = backtest(values)
    seconds = time.perf_counter() - started
    done = {key: result for key, result in results.items() if result is not None}
    model = sum(r.model_mase for r in done.values()) / len(done)
    naive = sum(r.naive_mase for r in done.values()) / len(done)
    wins = sum(r.beats_naive for r in done.values())
    print(f"forecast + backtest (4 origins, horizon 7) of {len(series)} series x 84 days: {seconds:.1f} s "
          f"({1000 * seconds / len(series):.0f} ms a series)")  # fmt: skip
    print(f"  mean MASE: model {model:.3f}, naive seasonal {naive:.3f}; model better on {wins}/{len(done)} series")
    for group in ("polarity", "sector", "commune", "outlet"):
        chosen = [r for key, r in done.items() if key.startswith(group)]
        model_mae = sum(r.model_mae for r in chosen) / len(chosen)
        naive_mae = sum(r.naive_mae for r in chosen) / len(chosen)
        print(f"  {group:9} MAE model {model_mae:7.2f}  naive {naive_mae:7.2f}  "
              f"({100 * (naive_mae - model_mae) / naive_mae:+.0f}%)")  # fmt: skip


def titles(limit: int) -> list[str]:
    from lantoa.core.shared_data import shared_data_dir

    path = shared_data_dir() / "news" / "baomoi-2017.jsonl.xz"
    if not path.exists():
        return [f"Tin thử số {n} về kinh tế, xã hội của tỉnh" for n in range(limit)]
    found = []
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            found.append(json.loads(line)["title"])
            if len(found) >= limit:
                break
    return found


def aggregation_figures(months: int, per_month: int) -> None:
    var = tempfile.mkdtemp(prefix="lantoa-bench-trends-")
    os.environ.update({"LANTOA_VAR_DIR": var, "LANTOA_POLLING": "0", "DJANGO_SETTINGS_MODULE": "lantoa.settings"})
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from lantoa.monitoring.models import Item, ItemPlace, ItemStatus, Source, SourceKind
    from lantoa.org.models import AdministrativeUnit, Outlet
    from lantoa.org.reference import load_reference
    from lantoa.trends import report, series

    load_reference(19)
    codes = [unit.code_display for unit in AdministrativeUnit.objects.all()]
    outlets = list(Outlet.objects.all()[:30])
    source = Source.objects.create(name="bench", kind=SourceKind.FILE)
    generator = random.Random(7)
    total = months * per_month
    texts = titles(min(total, 40000))
    now = timezone.now()
    started = time.perf_counter()
    items = []
    for n in range(total):
        moment = now - timedelta(seconds=generator.uniform(0, months * 30 * 86400))
        items.append(Item(
            source=source, key=f"b{n}", title=texts[n % len(texts)], published_at=moment, ingested_at=moment,
            status=ItemStatus.STORED, relevant=generator.random() < 0.8, outlet=generator.choice(outlets),
            polarity=generator.choice(["neg", "neu", "neu", "pos"]), sector=generator.choice(["economy", "health",
            "education", "security", "government"]),
        ))  # fmt: skip
    Item.objects.bulk_create(items, batch_size=2000)
    ids = list(Item.objects.values_list("id", flat=True))
    ItemPlace.objects.bulk_create(
        [ItemPlace(item_id=i, unit_code=generator.choice(codes), mention_kind="xa", mention_code="x", mention_name="x")
         for i in ids if generator.random() < 0.6],
        batch_size=5000,
    )  # fmt: skip
    connection.cursor().execute("ANALYZE")
    print(f"\nSQLite, {total:,} items over {months} months ({time.perf_counter() - started:.0f} s to build):")
    filters = series.Filters()
    first, last = report.history_days(now)
    cases = {
        "daily, 12 weeks, by polarity": lambda: series.daily("polarity", first, last, filters),
        "daily, 12 weeks, by commune": lambda: series.daily("commune", first, last, filters),
        "daily, 12 weeks, by outlet": lambda: series.daily("outlet", first, last, filters),
        "hourly, 48 h": lambda: series.hourly(None, 48, filters, now),
        "spike windows, all 5 dimensions": lambda: [
            report.window_counts(dimension, filters, now) for dimension in report.SPIKE_DIMENSIONS
        ],
        "the whole dashboard (forecast cached)": lambda: report.dashboard_data(filters, now),
        "the whole dashboard, one commune": lambda: report.dashboard_data(series.Filters(commune=codes[0]), now),
    }  # fmt: skip
    for name, case in cases.items():
        case()  # warm the page cache: a server's second request
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            case()
            runs.append(time.perf_counter() - started)
        print(f"  {name:42} {1000 * min(runs):7.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--per-month", type=int, default=35000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
    forecast_figures(synthetic_series(args.per_month))
    aggregation_figures(args.months, args.per_month)


if __name__ == "__main__":
    main()
