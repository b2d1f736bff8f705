"""The command-line contract: `lantoa analyze`, `lantoa ingest`, `lantoa search` as an operator runs them."""

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lantoa.monitoring.tests.test_pipeline import BODY

pytestmark = pytest.mark.slow


def lantoa(tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    environ = {key: value for key, value in os.environ.items() if not key.startswith("LANTOA_")}
    environ.pop("DATABASE_URL", None)
    environ.pop("REDIS_URL", None)
    environ["LANTOA_VAR_DIR"] = str(tmp_path / "var")
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "lantoa", *args], env=environ, input=stdin, capture_output=True, text=True,
        timeout=180, check=False,
    )  # fmt: skip


def test_analyze_answers_each_line_in_order_without_a_database(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": 7, "title": "Thái Nguyên sơ kết nông thôn mới", "body": BODY}, ensure_ascii=False),
        "{broken",
        json.dumps({"id": "copy", "text": BODY + " (Theo TTXVN)"}, ensure_ascii=False),
        json.dumps({"id": 9, "title": "Giá vàng", "body": "Giá vàng hôm nay tăng ở Hà Nội."}, ensure_ascii=False),
    ]
    result = lantoa(tmp_path, "analyze", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row.get("id") for row in out] == [7, None, "copy", 9]
    assert out[0]["relevant"] is True
    assert {"name": "Phú Bình", "code": "173", "kind": "former_district"}.items() <= next(
        place for place in out[0]["places"] if place["kind"] == "former_district"
    ).items()
    assert "JSON" in out[1]["error"] and out[1]["line"] == 2
    assert out[2]["story"] == out[0]["story"] == "7"
    assert out[3]["relevant"] is False and out[3]["story"] == "9"
    assert not (tmp_path / "var" / "lantoa.sqlite3").exists()


def test_ingest_prints_one_summary_line_and_search_finds_the_items(tmp_path: Path) -> None:
    assert lantoa(tmp_path, "migrate", "-v", "0").returncode == 0
    assert lantoa(tmp_path, "loadreference").returncode == 0
    export = tmp_path / "posts.jsonl.gz"
    rows = [
        {"id": "p1", "title": "Đường về Định Hóa", "body": BODY, "source": "Báo Thái Nguyên"},
        {"id": "p2", "title": "Tin khác", "body": "Hà Nội hôm nay trời nắng, nhiệt độ cao nhất 35 độ."},
    ]
    export.write_bytes(gzip.compress(("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\nxx\n").encode()))
    result = lantoa(tmp_path, "ingest", str(export))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip())
    assert set(summary) == {"read", "new", "duplicates", "stories", "relevant", "quarantined", "seconds"}
    assert (summary["read"], summary["new"], summary["relevant"], summary["quarantined"]) == (3, 2, 1, 1)
    again = json.loads(lantoa(tmp_path, "ingest", str(export)).stdout.strip())
    assert again["new"] == 0

    found = lantoa(tmp_path, "search", "dinh hoa", "--json")
    assert found.returncode == 0, found.stderr
    hits = [json.loads(line) for line in found.stdout.splitlines()]
    assert [hit["key"] for hit in hits] == ["id:p1"]
    assert hits[0]["relevant"] is True

    missing = lantoa(tmp_path, "ingest", str(tmp_path / "nothing.jsonl"))
    assert missing.returncode != 0 and "no such file" in missing.stderr
