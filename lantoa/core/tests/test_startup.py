"""Start-up as an operator sees it: the ``lantoa`` command in a subprocess with a given environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run_lantoa(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("LANTOA_", "DATABASE_URL"))}
    environ.pop("REDIS_URL", None)
    environ.update({"LANTOA_VAR_DIR": str(tmp_path / "var"), **env})
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "lantoa", *args], env=environ, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "nonsense"),
        ("REDIS_URL", "nonsense"),
        ("LANTOA_DEBUG", "perhaps"),
        ("LANTOA_WORKER_THREADS", "many"),
    ],
)
def test_bad_configuration_stops_with_one_clear_line(tmp_path: Path, variable: str, value: str) -> None:
    result = run_lantoa(tmp_path, "up", **{variable: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"lantoa: configuration error: {variable}: ")
    assert value in lines[0]
    assert "Traceback" not in result.stderr


def test_defaults_are_sqlite_and_sqlite_huey_in_the_var_dir(tmp_path: Path) -> None:
    script = (
        "from django.conf import settings; from huey.contrib.djhuey import HUEY; "
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'], "
        "type(HUEY).__name__, settings.DEBUG, settings.TIME_ZONE, settings.LANGUAGE_CODE)"
    )
    result = run_lantoa(tmp_path, "shell", "-v", "0", "-c", script)
    assert result.returncode == 0, result.stderr
    engine, name, huey_class, debug, zone, language = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(tmp_path / "var" / "lantoa.sqlite3")
    assert (huey_class, debug, zone, language) == ("SqliteHuey", "False", "Asia/Ho_Chi_Minh", "vi")
    assert (tmp_path / "var" / "secret_key").exists()


def test_redis_url_switches_the_queue_to_redis(tmp_path: Path) -> None:
    script = "from huey.contrib.djhuey import HUEY; print(type(HUEY).__name__)"
    result = run_lantoa(tmp_path, "shell", "-v", "0", "-c", script, REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "RedisHuey"


def test_database_url_switches_to_postgresql(tmp_path: Path) -> None:
    script = "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    result = run_lantoa(
        tmp_path, "shell", "-v", "0", "-c", script, DATABASE_URL="postgres://postgres@127.0.0.1:5432/lantoa"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "lantoa"]


def redis_available() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_available(), reason="no Redis server on 127.0.0.1:6379")
def test_tasks_round_trip_through_a_real_redis(tmp_path: Path) -> None:
    script = (
        "from huey.contrib.djhuey import HUEY; from lantoa.core.tasks import echo; "
        "HUEY.flush(); echo('chào Thái Nguyên'); print(HUEY.pending_count()); "
        "task = HUEY.dequeue(); print(HUEY.execute(task)); HUEY.flush()"
    )
    result = run_lantoa(
        tmp_path,
        "shell",
        "-v",
        "0",
        "-c",
        script,
        REDIS_URL="redis://127.0.0.1:6379/15",
        LANTOA_QUEUE_NAME=f"test-{os.getpid()}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["1", "chào Thái Nguyên"]
