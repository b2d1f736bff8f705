"""Ingest benchmark: the whole shared news corpus through `lantoa ingest` on SQLite, twice, beside the "floor".

Targets (issue B): first run ≤ 60 s with peak memory ≤ 1 GB; second run ≤ 20 s with 0 new items; the goal after
that is ≤ 10× the floor (read + decompress + NFC + regex scan). Also the rate of `lantoa analyze` alone.

Run: `make bench` or `.venv/bin/python bench/ingest.py [--corpus PATH] [--limit N]`.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lantoa.core.shared_data import shared_data_dir


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    total = 0
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except OSError:
                continue
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm", encoding="ascii") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
        stack.extend(children.get(current, []))
    return total


def timed(command: list[str], env: dict[str, str], stdin: object = None) -> tuple[float, int, str]:
    """(seconds, peak resident bytes of the process tree, stdout)."""
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stdin=stdin, text=True)  # noqa: S603
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed with {process.returncode}")
    return time.monotonic() - started, peak, output


def floor(corpus: Path) -> tuple[float, int]:
    """Read, decompress, parse, NFC-normalise and regex-scan the corpus: what any pipeline must at least do."""
    word = re.compile(r"\w+")
    started = time.monotonic()
    count = 0
    with lzma.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = unicodedata.normalize(
                "NFC", f"{record.get('title', '')}\n{record.get('sapo', '')}\n{record.get('body', '')}"
            )
            for _ in word.finditer(text):
                pass
            count += 1
    return time.monotonic() - started, count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=shared_data_dir() / "news" / "baomoi-2017.jsonl.xz")
    parser.add_argument("--skip-analyze", action="store_true")
    args = parser.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus} (set LANTOA_SHARED_DATA)")
    lantoa = [sys.executable, "-m", "lantoa"]
    with tempfile.TemporaryDirectory(prefix="lantoa-bench-ingest-") as var:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("LANTOA_") and k not in {"DATABASE_URL", "REDIS_URL"}
        }
        env["LANTOA_VAR_DIR"] = var
        subprocess.run([*lantoa, "migrate", "-v", "0"], env=env, check=True)  # noqa: S603
        subprocess.run([*lantoa, "loadreference"], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603

        floor_seconds, articles = floor(args.corpus)
        print(f"floor (read + xz + json + NFC + regex scan): {floor_seconds:.1f} s for {articles} articles")

        seconds, peak, output = timed([*lantoa, "ingest", str(args.corpus)], env)
        summary = json.loads(output.strip().splitlines()[-1])
        print(
            f"ingest, first run:  {seconds:.1f} s (target ≤ 60 s), peak memory {peak / 2**20:.0f} MiB "
            f"(target ≤ 1024 MiB), {seconds / floor_seconds:.1f}× floor (goal ≤ 10×)"
        )
        print(f"  summary: {json.dumps(summary)}")
        seconds, peak, output = timed([*lantoa, "ingest", str(args.corpus)], env)
        summary = json.loads(output.strip().splitlines()[-1])
        print(
            f"ingest, second run: {seconds:.1f} s (target ≤ 20 s), new = {summary['new']} (target 0), "
            f"peak memory {peak / 2**20:.0f} MiB"
        )
        database = Path(var) / "lantoa.sqlite3"
        print(f"  database: {database.stat().st_size / 2**20:.0f} MiB")

        if not args.skip_analyze:
            with lzma.open(args.corpus, "rb") as compressed, tempfile.NamedTemporaryFile(suffix=".jsonl") as plain:
                for chunk in iter(lambda: compressed.read(1 << 20), b""):
                    plain.write(chunk)
                plain.flush()
                with open(plain.name, "rb") as stdin:
                    seconds, peak, output = timed([*lantoa, "analyze"], env, stdin=stdin)
            lines = output.count("\n")
            print(
                f"analyze: {lines} lines in {seconds:.1f} s = {lines / seconds:.0f} articles/s (target > 500/s), "
                f"peak memory {peak / 2**20:.0f} MiB"
            )
    print(f"machine: {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
