"""``lantoa up`` on an empty var directory, as `make run` starts it: the whole platform, then Ctrl-C."""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_json(url: str) -> tuple[int, dict[str, object]]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.status, json.loads(response.read())


def test_it_serves_healthz_on_an_empty_var_dir_and_stops_cleanly(tmp_path: Path) -> None:
    var = tmp_path / "var"
    port = free_port()
    environ = {key: value for key, value in os.environ.items() if not key.startswith("LANTOA_")}
    environ.pop("DATABASE_URL", None)
    environ.pop("REDIS_URL", None)
    environ.update(
        {"LANTOA_VAR_DIR": str(var), "LANTOA_ADMIN_PASSWORD": "mat-khau-rat-dai-2026", "LANTOA_POLLING": "0"}
    )
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "lantoa", "up", "--port", str(port), "--web-workers", "1"],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    started = time.monotonic()
    report: dict[str, object] = {}
    try:
        while time.monotonic() - started < 60:
            try:
                status, report = get_json(f"http://127.0.0.1:{port}/healthz")
                if status == 200 and report["worker"]["status"] == "ok":  # type: ignore[index]
                    break
            except OSError:
                pass
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            time.sleep(0.5)
        elapsed = time.monotonic() - started
        assert report.get("status") == "ok", report
        assert elapsed < 60
        assert report["database"]["vendor"] == "sqlite"  # type: ignore[index]
        assert report["queue"]["backend"] == "SqliteHuey"  # type: ignore[index]

        with sqlite3.connect(var / "lantoa.sqlite3") as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert db.execute("SELECT count(*) FROM org_administrativeunit").fetchone()[0] == 92
            assert db.execute("SELECT count(*) FROM accounts_user WHERE is_superuser").fetchone()[0] == 1
        assert (var / "huey.sqlite3").exists()
        assert (var / "secret_key").exists()
        # The shipped plan is loaded by the worker after start (not in the way of the first page).
        loaded = 0
        while not loaded and time.monotonic() - started < 150:
            with sqlite3.connect(var / "lantoa.sqlite3") as db:
                loaded = db.execute("SELECT count(*) FROM plans_plan").fetchone()[0]
            time.sleep(1)
        assert loaded == 1
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=40)
    assert process.returncode == 0, output
    assert f"http://127.0.0.1:{port}/" in output
    assert "Lantoa đã dừng." in output
    # The password came from the environment: it is not printed.
    assert "mat-khau-rat-dai-2026" not in output
    with pytest.raises(OSError):
        get_json(f"http://127.0.0.1:{port}/healthz")


def test_the_servers_stop_when_the_supervisor_is_killed(tmp_path: Path) -> None:
    port = free_port()
    environ = {key: value for key, value in os.environ.items() if not key.startswith("LANTOA_")}
    environ.pop("DATABASE_URL", None)
    environ.pop("REDIS_URL", None)
    environ.update(
        {
            "LANTOA_VAR_DIR": str(tmp_path / "var"),
            "LANTOA_ADMIN_PASSWORD": "mat-khau-rat-dai-2026",
            "LANTOA_POLLING": "0",
        }
    )
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "lantoa", "up", "--port", str(port), "--web-workers", "1"],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            get_json(f"http://127.0.0.1:{port}/healthz")
            break
        except OSError:
            time.sleep(0.3)
    process.kill()  # SIGKILL: no chance to stop its children itself
    process.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            get_json(f"http://127.0.0.1:{port}/healthz")
        except OSError:
            return
        time.sleep(0.3)
    pytest.fail("the web server outlived `lantoa up`")
