"""Scale benchmark (issue I, doc/scaling.md): a million items in PostgreSQL through the pipeline, loaded by 1, 2 and
4 huey worker processes over Redis; then search and dashboard latency with wrk from loopback.

Steps (each a sub-command; `all` runs them in order):
  generate  perturbed copies of the real corpus (news/baomoi-2017), published over 90 days, as gzip JSONL shards
  load      queue one `monitoring.tasks.ingest_file` task per shard and start N worker processes (`lantoa run_huey`)
            to take them; prints items/s for that configuration
  web       start gunicorn on the loaded database and measure search and dashboard p95 with wrk

Run: `.venv/bin/python bench/scale/run.py all` (about an hour on a 2-core machine), or the steps one by one, e.g.
`bench/scale/run.py load --workers 2 --shards 10:20`. Needs PostgreSQL (SCALE_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/lantoa_scale), Redis (SCALE_REDIS_URL, default redis://127.0.0.1:6379/3) and wrk.
Work files go to SCALE_DIR (default /tmp/lantoa-scale: ~1 GB of shards).
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from multiprocessing import Pool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from lantoa.core.shared_data import shared_data_dir  # noqa: E402

DIRECTORY = Path(os.environ.get("SCALE_DIR") or Path(tempfile.gettempdir()) / "lantoa-scale")
DATABASE_URL = os.environ.get("SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lantoa_scale")
REDIS_URL = os.environ.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379/3")
SHARD_SIZE = 5000
DAYS = 90
SEED = 20260901
OUTLETS = [
    ("Báo Thái Nguyên", "baothainguyen.vn"), ("Báo Bắc Kạn", "baobackan.vn"), ("VnExpress", "vnexpress.net"),
    ("Tuổi Trẻ", "tuoitre.vn"), ("Thanh Niên", "thanhnien.vn"), ("Dân trí", "dantri.com.vn"),
    ("VietnamPlus", "vietnamplus.vn"), ("Nhân Dân", "nhandan.vn"), ("Tiền Phong", "tienphong.vn"),
    ("Lao Động", "laodong.vn"), ("VOV", "vov.vn"), ("Tin tức", "baotintuc.vn"), ("Người Lao Động", "nld.com.vn"),
    ("Công an Nhân dân", "cand.com.vn"), ("Báo Chính phủ", "baochinhphu.vn"), ("Kinh tế & Đô thị", "kinhtedothi.vn"),
]  # fmt: skip


def environment(**extra: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("LANTOA_") and k not in {"DATABASE_URL"}}
    environ.update(
        {
            "DATABASE_URL": DATABASE_URL,
            "REDIS_URL": REDIS_URL,
            "LANTOA_QUEUE_NAME": "lantoa-scale",
            "LANTOA_VAR_DIR": str(DIRECTORY / "var"),
            "LANTOA_POLLING": "0",
            "LANTOA_SCHEDULER": "0",
            "LANTOA_WORKER_THREADS": "1",
            "LANTOA_LOG_LEVEL": "WARNING",
        }
    )
    environ.update(extra)
    return environ


def lantoa(*args: str, **extra: str) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "lantoa", *args], env=environment(**extra), capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(f"lantoa {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


# --- generate ---------------------------------------------------------------------------------------------------
_ARTICLES: list[dict[str, str]] = []
_VOCABULARY: list[str] = []


def _load_corpus() -> None:
    corpus = shared_data_dir() / "news" / "baomoi-2017.jsonl.xz"
    if not corpus.is_file():
        raise SystemExit(f"{corpus} is missing: the generator copies the real corpus (set LANTOA_SHARED_DATA)")
    with lzma.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row.get("title") or row.get("body"):
                _ARTICLES.append({key: str(row.get(key) or "") for key in ("id", "title", "sapo", "body")})
    rng = random.Random(SEED)
    for article in rng.sample(_ARTICLES, 2000):
        _VOCABULARY.extend(article["body"].split()[:60])


def _replace_words(text: str, count: int, rng: random.Random) -> str:
    words = text.split()
    for _ in range(min(count, len(words))):
        words[rng.randrange(len(words))] = rng.choice(_VOCABULARY)
    return " ".join(words)


def perturbed(article: dict[str, str], copy: int, rng: random.Random, end: datetime) -> dict[str, str]:
    """Copy ``copy`` of an article as another outlet publishes it: light edits most often (the copy joins the
    story), heavier ones sometimes, and a rewrite now and then (most rewrites become stories of their own)."""
    outlet, domain = OUTLETS[(int(article["id"] or 0) + copy) % len(OUTLETS)]
    title, sapo, body = article["title"], article["sapo"], article["body"]
    if copy:
        roll = rng.random()
        if roll < 0.6:  # light: a byline, sometimes a new title, a few words
            body = _replace_words(body, rng.randint(0, 6), rng) + f" Theo {outlet}."
            if rng.random() < 0.3:
                title = f"{title} - {outlet}"
        elif roll < 0.9:  # heavy: new title, a paragraph cut, 10-20 words changed
            title = _replace_words(title, 2, rng)
            sentences = body.split(". ")
            if len(sentences) > 3:
                del sentences[rng.randrange(len(sentences))]
            body = _replace_words(". ".join(sentences), rng.randint(10, 20), rng)
        else:  # rewrite: a third of the words changed
            title = _replace_words(title, max(2, len(title.split()) // 2), rng)
            sapo = _replace_words(sapo, len(sapo.split()) // 3, rng)
            body = _replace_words(body, len(body.split()) // 3, rng)
    published = end - timedelta(seconds=rng.uniform(0, DAYS * 86400))
    key = f"{article['id']}-{copy}"
    return {
        "id": key,
        "title": title,
        "sapo": sapo,
        "body": body,
        "source": outlet,
        "url": f"https://{domain}/tin-{key}.html",
        "published": published.isoformat(timespec="seconds"),
    }


def _write_shard(job: tuple[int, int, str]) -> str:
    number, total, end_iso = job
    end = datetime.fromisoformat(end_iso)
    rng = random.Random(SEED + number)
    path = DIRECTORY / "shards" / f"shard-{number:04d}.jsonl.gz"
    partial = path.with_suffix(".part")
    with gzip.open(partial, "wt", encoding="utf-8", compresslevel=1) as handle:
        for index in range(number * SHARD_SIZE, min(total, (number + 1) * SHARD_SIZE)):
            copy, position = divmod(index, len(_ARTICLES))
            handle.write(json.dumps(perturbed(_ARTICLES[position], copy, rng, end), ensure_ascii=False) + "\n")
    partial.rename(path)
    return path.name


def generate(total: int, processes: int) -> list[Path]:
    shards_dir = DIRECTORY / "shards"
    manifest = DIRECTORY / "manifest.json"
    if manifest.is_file() and json.loads(manifest.read_text())["items"] == total:
        print(f"generate: {total:,} items already in {shards_dir}")
        return sorted(shards_dir.glob("shard-*.jsonl.gz"))
    shutil.rmtree(shards_dir, ignore_errors=True)
    shards_dir.mkdir(parents=True)
    _load_corpus()
    started = time.monotonic()
    end = datetime.now(UTC).replace(microsecond=0)
    jobs = [(number, total, end.isoformat()) for number in range(-(-total // SHARD_SIZE))]
    with Pool(processes) as pool:  # forked after _load_corpus: the workers share the corpus
        for done, _name in enumerate(pool.imap_unordered(_write_shard, jobs), start=1):
            if done % 20 == 0:
                print(f"  {done}/{len(jobs)} shards", flush=True)
    size = sum(path.stat().st_size for path in shards_dir.iterdir())
    manifest.write_text(json.dumps({"items": total, "shards": len(jobs), "end": end.isoformat()}))
    print(
        f"generate: {total:,} items from {len(_ARTICLES):,} articles in {len(jobs)} shards, "
        f"{size / 2**20:,.0f} MiB gzip, {time.monotonic() - started:.0f} s"
    )
    return sorted(shards_dir.glob("shard-*.jsonl.gz"))


# --- the database -----------------------------------------------------------------------------------------------
def fresh_database() -> None:
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    (DIRECTORY / "var").mkdir(parents=True, exist_ok=True)
    lantoa("migrate", "-v", "0")
    lantoa("loadreference")
    print(f"database: {DATABASE_URL} created, migrated, reference data loaded")


def database_facts() -> dict[str, Any]:
    import psycopg

    with psycopg.connect(DATABASE_URL) as db:
        facts: dict[str, Any] = {}
        for name, sql in {
            "items": "SELECT count(*) FROM monitoring_item",
            "stories": "SELECT count(*) FROM monitoring_story",
            "relevant_items": "SELECT count(*) FROM monitoring_item WHERE relevant",
            "database_mib": "SELECT pg_database_size(current_database()) / 1048576",
        }.items():
            row = db.execute(sql).fetchone()
            facts[name] = row[0] if row else None
    return facts


# --- load -------------------------------------------------------------------------------------------------------
def _django() -> Any:
    os.environ.update(environment())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
    import django

    django.setup()
    from huey.contrib.djhuey import HUEY

    return HUEY


def start_worker(number: int) -> subprocess.Popen[bytes]:
    """One worker process as deployed (doc/deploy.md): `lantoa run_huey`, one thread, not the scheduler."""
    log = open(DIRECTORY / f"worker-{number}.log", "a")  # noqa: SIM115 - the process keeps it
    command = [sys.executable, "-m", "lantoa", "run_huey", "--workers", "1", "--no-periodic"]
    return subprocess.Popen(command, env=environment(), stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)  # noqa: S603


def load(shards: list[Path], workers: int) -> dict[str, Any]:
    huey = _django()
    from lantoa.monitoring.tasks import ingest_file

    huey.flush()
    processes = [start_worker(number) for number in range(workers)]
    try:
        time.sleep(3)  # the workers import Django before taking tasks: not part of the rate
        started = time.monotonic()
        results = [ingest_file(str(path)) for path in shards]
        summaries = []
        for done, result in enumerate(results, start=1):
            summary = result.get(blocking=True, timeout=3600)
            summaries.append(summary)
            if done % 10 == 0 or done == len(results):
                new = sum(s["new"] for s in summaries)
                print(f"  {done}/{len(results)} shards, {new:,} new, {new / (time.monotonic() - started):,.0f}/s")
        seconds = time.monotonic() - started
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGINT)
        for process in processes:
            process.wait(timeout=120)
    new = sum(summary["new"] for summary in summaries)
    figures = {
        "workers": workers,
        "shards": len(shards),
        "read": sum(summary["read"] for summary in summaries),
        "new": new,
        "duplicates": sum(summary["duplicates"] for summary in summaries),
        "seconds": round(seconds, 1),
        "items_per_s": round(new / seconds, 1),
        **database_facts(),
    }
    print("load:", json.dumps(figures))
    return figures


# --- fill -------------------------------------------------------------------------------------------------------
FILL_CHUNK = 50_000
FILL_STEPS = [
    # New ids after the highest; the originals are items the pipeline stored (keys without "~").
    """CREATE TEMP TABLE clone_map ON COMMIT DROP AS
       SELECT id AS old_id, %(base)s + row_number() OVER (ORDER BY id) AS new_id
       FROM monitoring_item WHERE key NOT LIKE '%%~%%' ORDER BY random() LIMIT %(count)s""",
    # An identical copy by another outlet: same text, analysis and story; published at another moment of the
    # 90 days; a duplicate of its story, as the pipeline would mark it.
    """INSERT INTO monitoring_item (id, key, url, outlet_name, kind, title, lead, body, html, author, original,
         encoding, published_at, published_source, ingested_at, content_hash, fingerprint, relevant, place_score,
         status, stage, attempts, outlet_id, source_id, story_id, agencies, constructive, constructive_score,
         misinfo_risk, model_versions, polarity, sector, sentiment, toxicity, toxicity_score, corrected)
       SELECT m.new_id, i.key || '~' || m.new_id, i.url || '?copy=' || m.new_id, i.outlet_name, i.kind, i.title,
         i.lead, i.body, i.html, i.author, i.original, i.encoding,
         %(end)s::timestamptz - random() * interval '90 days', i.published_source, now(), i.content_hash,
         i.fingerprint, i.relevant, i.place_score, 'duplicate', i.stage, i.attempts, i.outlet_id, i.source_id,
         i.story_id, i.agencies, i.constructive, i.constructive_score, i.misinfo_risk, i.model_versions,
         i.polarity, i.sector, i.sentiment, i.toxicity, i.toxicity_score, i.corrected
       FROM monitoring_item i JOIN clone_map m ON m.old_id = i.id""",
    """INSERT INTO monitoring_itemsearch (item_id, document)
       SELECT m.new_id, s.document FROM monitoring_itemsearch s JOIN clone_map m ON m.old_id = s.item_id""",
    """INSERT INTO monitoring_itemplace (item_id, unit_code, mention_kind, mention_code, mention_name)
       SELECT m.new_id, p.unit_code, p.mention_kind, p.mention_code, p.mention_name
       FROM monitoring_itemplace p JOIN clone_map m ON m.old_id = p.item_id""",
    """INSERT INTO monitoring_storybucket (bucket, item_id, story_id)
       SELECT b.bucket, m.new_id, b.story_id FROM monitoring_storybucket b JOIN clone_map m ON m.old_id = b.item_id""",
]
FILL_FINISH = [
    "SELECT setval(pg_get_serial_sequence('monitoring_item', 'id'), (SELECT max(id) FROM monitoring_item))",
    """UPDATE monitoring_story s SET item_count = c.n, outlet_count = c.outlets, last_seen_at = now()
       FROM (SELECT story_id, count(*) AS n, count(DISTINCT outlet_name) AS outlets FROM monitoring_item
             WHERE story_id IS NOT NULL GROUP BY story_id) c
       WHERE s.id = c.story_id AND (s.item_count, s.outlet_count) IS DISTINCT FROM (c.n, c.outlets)""",
    "ANALYZE",
]


def fill(target: int) -> dict[str, Any]:
    """Top the database up to ``target`` items with SQL copies of items the pipeline stored (see doc/scaling.md):
    for measuring reads at a size the pipeline could not reach in the time this machine had. Copies keep the
    pipeline's analysis, search document, places and story buckets, and join their story as duplicates."""
    import psycopg

    started = time.monotonic()
    end = json.loads((DIRECTORY / "manifest.json").read_text())["end"]
    with psycopg.connect(DATABASE_URL, autocommit=True) as db:
        # The bulk-load practice: without the full-text index while copying (each document adds hundreds of
        # entries to it), then build it once.
        row = db.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'monitoring_item_search_document'"
        ).fetchone()
        search_index = row[0] if row else None
        db.execute("DROP INDEX IF EXISTS monitoring_item_search_document")
        while True:
            row = db.execute("SELECT count(*), coalesce(max(id), 0) FROM monitoring_item").fetchone()
            assert row is not None
            have, base = row
            if have >= target:
                break
            with db.transaction():
                for step in FILL_STEPS:
                    db.execute(step, {"base": base, "count": min(FILL_CHUNK, target - have), "end": end})  # type: ignore[arg-type]
            print(f"  fill: {have + min(FILL_CHUNK, target - have):,} items", flush=True)
        if search_index:
            db.execute("SET maintenance_work_mem = '1GB'")
            db.execute(search_index)
        for step in FILL_FINISH:
            db.execute(step)  # type: ignore[arg-type]
    figures = {"target": target, "seconds": round(time.monotonic() - started, 1), **database_facts()}
    print("fill:", json.dumps(figures))
    return figures


# --- web --------------------------------------------------------------------------------------------------------
SEARCHES = [
    "Thái Nguyên", "giá vàng", "tai nạn giao thông", "học sinh", "bệnh viện", "bão lũ", "giá xăng", "chứng khoán",
    "bóng đá", "công an", "nông thôn mới", "dự án đầu tư", "thi tốt nghiệp", "cháy nhà", "thời tiết", "Hà Nội",
    "xuất khẩu", "giáo dục", "tham nhũng", "y tế", "chè Thái Nguyên", "Bắc Kạn", "đường cao tốc", "du lịch",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def session_cookie() -> str:
    _django()
    from django.conf import settings
    from django.test import Client

    from lantoa.accounts.models import User

    user, _ = User.objects.get_or_create(username="scale-admin", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def wrk(port: int, paths: list[str], cookie: str, connections: int, seconds: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(paths))
    environ = {**os.environ, "WRK_PATHS": handle.name, "WRK_COOKIE": cookie}
    result = subprocess.run(  # noqa: S603
        ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",  # noqa: S607
         "-s", str(Path(__file__).with_name("pages.lua")), f"http://127.0.0.1:{port}"],
        env=environ, capture_output=True, text=True, check=True,
    )  # fmt: skip
    os.unlink(handle.name)
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    figures["requests_per_s"] = round(figures["requests"] / figures["seconds"], 1)
    return figures


def check_pages(port: int, paths: list[str], cookie: str) -> None:
    """Every path answers 200 with the session (not a redirect to the login page), before wrk counts anything."""
    for path in paths:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            if response.status != 200 or "/dang-nhap/" in response.url:
                raise SystemExit(f"{path}: {response.status} {response.url}")


def web(web_workers: int, connections: list[int], seconds: int, *, dashboard_cache: bool = True) -> dict[str, Any]:
    from urllib.parse import quote

    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    lantoa("collectstatic", "--noinput", "-v", "0")
    cookie = session_cookie()
    # The dashboard reads the daily-counts table, which the scheduler refreshes every 10 minutes (decision D20);
    # the bench's workers run no periodic tasks, so refresh it here, as the scheduler's first tick would.
    from lantoa.trends.counts import refresh

    started = time.monotonic()
    rows = refresh()
    refresh_seconds = round(time.monotonic() - started, 1)
    print(f"web: daily counts refreshed for 90 days: {rows:,} rows in {refresh_seconds} s", flush=True)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).with_name("gunicorn")), "lantoa.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(web_workers), "--threads", "4", "--timeout", "120", "--no-control-socket"],
        env=environment(**({} if dashboard_cache else {"LANTOA_DASHBOARD_CACHE_SECONDS": "0"})),
        stdout=subprocess.DEVNULL, stderr=open(DIRECTORY / "gunicorn.log", "a"),  # noqa: SIM115
        start_new_session=True,
    )  # fmt: skip
    pages = {
        "search": [f"/tin/?q={quote(query)}&lien_quan=tat_ca" for query in SEARCHES],
        "search_relevant": [f"/tin/?q={quote(query)}" for query in SEARCHES],
        "dashboard": ["/"],
        "stream": ["/tin/"],
    }
    if not dashboard_cache:  # the cost of computing the coverage panels on every request
        pages = {"dashboard_uncached": ["/"]}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        figures: dict[str, Any] = {"web_workers": web_workers, "daily_counts_refresh_s": refresh_seconds}
        for name, paths in pages.items():
            check_pages(port, paths, cookie)  # also warms the caches, as a day of use would
            for count in connections:
                figures[f"{name}@{count}"] = result = wrk(port, paths, cookie, count, seconds)
                print(f"web: {name:16} {count:>2} connections  {json.dumps(result)}", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    return figures


# --- all --------------------------------------------------------------------------------------------------------
def parse_range(text: str, count: int) -> slice:
    start, _, stop = text.partition(":")
    return slice(int(start or 0), int(stop) if stop else count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["generate", "fresh", "load", "fill", "web", "all"])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=1, help="load: worker processes")
    parser.add_argument("--shards", default=":", help="load: which shards, start:stop")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--connections", default="4,16")
    parser.add_argument("--seconds", type=int, default=30)
    args = parser.parse_args()
    DIRECTORY.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    if args.step in {"generate", "all"}:
        shards = generate(args.items, processes=os.cpu_count() or 2)
    else:
        shards = sorted((DIRECTORY / "shards").glob("shard-*.jsonl.gz"))
    if args.step in {"fresh", "all"}:
        fresh_database()
    if args.step == "load":
        results["load"] = load(shards[parse_range(args.shards, len(shards))], args.workers)
    if args.step == "all":
        # 1, 2 and 4 workers on equal slices (50,000 items each), then the rest with 4: a million in all.
        results["load"] = [
            load(shards[0:10], 1),
            load(shards[10:20], 2),
            load(shards[20:30], 4),
            load(shards[30:], 4),
        ]
    if args.step == "fill":
        results["fill"] = fill(args.items)
    if args.step in {"web", "all"}:
        connections = [int(value) for value in args.connections.split(",")]
        results["web"] = web(args.web_workers, connections, args.seconds)
        results["web_uncached"] = web(args.web_workers, connections, args.seconds, dashboard_cache=False)
    if results:
        out = DIRECTORY / f"results-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
        out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
        print(f"results: {out}")


if __name__ == "__main__":
    main()
