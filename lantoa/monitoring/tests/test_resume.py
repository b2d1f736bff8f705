"""Kill `lantoa ingest` half-way (SIGKILL) and run it again: nothing lost, nothing doubled."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lantoa.monitoring.tests.test_commands import lantoa

pytestmark = pytest.mark.slow
COUNT = 3000


def test_a_killed_ingest_resumes_without_loss_or_doubles(tmp_path: Path) -> None:
    assert lantoa(tmp_path, "migrate", "-v", "0").returncode == 0
    assert lantoa(tmp_path, "loadreference").returncode == 0
    export = tmp_path / "big.jsonl"
    with export.open("w", encoding="utf-8") as handle:
        for number in range(COUNT):
            words = " ".join(f"từ{(number * 7 + k) % 997}" for k in range(120))
            row = {
                "id": f"r{number}",
                "title": f"Bài số {number}",
                "body": f"Bài {number} tại tỉnh Thái Nguyên. {words}",
            }
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    environ = {key: value for key, value in os.environ.items() if not key.startswith("LANTOA_")}
    environ.pop("DATABASE_URL", None)
    environ["LANTOA_VAR_DIR"] = str(tmp_path / "var")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "lantoa", "ingest", str(export), "--batch-size", "100", "--workers", "1"],
        env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    database = tmp_path / "var" / "lantoa.sqlite3"
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        with sqlite3.connect(database, timeout=30) as db:
            stored = db.execute("SELECT count(*) FROM monitoring_item").fetchone()[0]
        if stored >= 300:
            break
    os.killpg(process.pid, signal.SIGKILL)  # the ingest and its worker processes, mid-batch
    process.wait()
    with sqlite3.connect(database, timeout=30) as db:
        after_kill = db.execute("SELECT count(*) FROM monitoring_item").fetchone()[0]
    assert 0 < after_kill < COUNT, "the ingest must be killed part-way for this test to mean anything"

    result = lantoa(tmp_path, "ingest", str(export))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip())
    with sqlite3.connect(database) as db:
        total, distinct = db.execute("SELECT count(*), count(DISTINCT key) FROM monitoring_item").fetchone()
        fts = db.execute("SELECT count(*) FROM monitoring_item_fts").fetchone()[0]
    assert total == distinct == COUNT
    assert summary["new"] == COUNT - after_kill  # what was missing, and only that
    assert fts == COUNT
