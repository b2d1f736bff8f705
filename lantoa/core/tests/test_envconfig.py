import os
import stat
from pathlib import Path

import pytest

from lantoa.envconfig import ConfigError, Env, database_from_url, redis_from_url, secret_key_from_file


def test_it_reads_booleans_strictly() -> None:
    env = Env({"A": "1", "B": "off", "C": "Yes", "D": "maybe"})
    assert env.boolean("A", False) is True
    assert env.boolean("B", True) is False
    assert env.boolean("C", False) is True
    assert env.boolean("MISSING", True) is True
    with pytest.raises(ConfigError) as error:
        env.boolean("D", False)
    assert error.value.name == "D"
    assert "maybe" in str(error.value)


def test_it_reads_bounded_integers() -> None:
    env = Env({"PORT": "80x", "N": "0", "OK": " 42 "})
    assert env.integer("OK", 1) == 42
    with pytest.raises(ConfigError, match="PORT: expected a whole number"):
        env.integer("PORT", 8000)
    with pytest.raises(ConfigError, match="N: must be at least 1"):
        env.integer("N", 2, minimum=1)


def test_it_reads_choices_and_lists() -> None:
    env = Env({"LEVEL": "LOUD", "HOSTS": "a.vn, b.vn,,"})
    assert env.strings("HOSTS", []) == ["a.vn", "b.vn"]
    with pytest.raises(ConfigError, match="LEVEL: expected one of"):
        env.choice("LEVEL", "INFO", ("INFO", "DEBUG"))


def test_it_reads_secrets_from_files(tmp_path: Path) -> None:
    secret = tmp_path / "s"
    secret.write_text("bi-mat\n", encoding="utf-8")
    assert Env({"KEY_FILE": str(secret)}).secret("KEY") == "bi-mat"
    with pytest.raises(ConfigError, match="KEY_FILE: cannot read"):
        Env({"KEY_FILE": str(tmp_path / "missing")}).secret("KEY")


def test_it_parses_postgres_urls() -> None:
    db = database_from_url("DATABASE_URL", "postgres://lan:m%40t@db.local:5433/lantoa?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "lantoa", "lan", "m@t", "db.local", "5433",
    )  # fmt: skip
    assert db["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("nonsense", "expected postgres://"),
        ("mysql://u@h/db", "expected postgres://"),
        ("postgres://u@h:port/db", "port is not a number"),
        ("postgres://u@h:5432/", "names no database"),
    ],
)
def test_it_rejects_bad_database_urls(url: str, problem: str) -> None:
    with pytest.raises(ConfigError) as error:
        database_from_url("DATABASE_URL", url)
    assert error.value.name == "DATABASE_URL"
    assert problem in error.value.problem


def test_it_rejects_bad_redis_urls() -> None:
    assert redis_from_url("REDIS_URL", "redis://127.0.0.1:6379/0").url.startswith("redis://")
    with pytest.raises(ConfigError, match="REDIS_URL"):
        redis_from_url("REDIS_URL", "localhost:6379")


def test_it_generates_the_secret_key_once(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"
    first = secret_key_from_file(path)
    assert len(first) >= 50
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert secret_key_from_file(path) == first
