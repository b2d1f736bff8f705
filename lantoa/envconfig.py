"""Typed readers of environment variables that fail loudly.

Every setting of Lantoa comes from the environment (see README's configuration table). A bad value must stop
start-up with one message that names the variable, never fall back silently to a default: an operator who typed
``DATABASE_URL=postgres:/x`` wants to hear about it, not to find the platform running on SQLite.

This module has no Django imports so that ``lantoa`` can check configuration before Django starts.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})
# The periods of a rate (``60/min``, ``1000/hour``, ``10/30s``): django-ninja's and DRF's spelling.
RATE_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
RATE_PATTERN = re.compile(r"(\d+)\s*/\s*(\d*)\s*([a-z]+)")


class ConfigError(Exception):
    """A configuration value is missing or malformed; the message names the variable."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        self.problem = problem
        super().__init__(f"{name}: {problem}")


class Env:
    """Reads typed values from a mapping (``os.environ`` by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        return None if value is None else value.strip()

    def string(self, name: str, default: str) -> str:
        value = self.raw(name)
        return default if value is None or value == "" else value

    def boolean(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        word = value.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ConfigError(name, f"expected 1/0, true/false, yes/no or on/off, got {value!r}")

    def integer(self, name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
        value = self.raw(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise ConfigError(name, f"expected a whole number, got {value!r}") from None
        if minimum is not None and number < minimum:
            raise ConfigError(name, f"must be at least {minimum}, got {number}")
        if maximum is not None and number > maximum:
            raise ConfigError(name, f"must be at most {maximum}, got {number}")
        return number

    def strings(self, name: str, default: list[str]) -> list[str]:
        value = self.raw(name)
        if value is None or value == "":
            return list(default)
        return [item.strip() for item in value.split(",") if item.strip()]

    def path(self, name: str, default: Path) -> Path:
        value = self.raw(name)
        return (Path(value) if value else default).expanduser().resolve()

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.string(name, default)
        if value not in choices:
            raise ConfigError(name, f"expected one of {', '.join(choices)}, got {value!r}")
        return value

    def clock(self, name: str, default: str) -> tuple[int, int]:
        """A time of day written HH:MM (24-hour), as (hour, minute)."""
        value = self.string(name, default)
        hour, _, minute = value.partition(":")
        if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60 and len(minute) == 2):
            raise ConfigError(name, f"expected a time of day as HH:MM (24-hour), got {value!r}")
        return int(hour), int(minute)

    def rate(self, name: str, default: str) -> tuple[int, int]:
        """A rate written ``N/period`` (``60/min``, ``1000/hour``, ``10/30s``), as (requests, seconds)."""
        value = self.string(name, default)
        match = RATE_PATTERN.fullmatch(value.lower())
        if match is None or match.group(3) not in RATE_PERIODS or int(match.group(1)) < 1 or match.group(2) == "0":
            raise ConfigError(name, f"expected a rate such as 60/min (requests per s, min, hour or day), got {value!r}")
        return int(match.group(1)), int(match.group(2) or 1) * RATE_PERIODS[match.group(3)]

    def secret(self, name: str, default: str | None = None) -> str | None:
        """A secret from ``NAME`` or from the file named by ``NAME_FILE`` (Docker/systemd secrets)."""
        file_name = self.raw(f"{name}_FILE")
        if file_name:
            try:
                return Path(file_name).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(f"{name}_FILE", f"cannot read {file_name}: {exc.strerror}") from None
        value = self.raw(name)
        return value if value else default


def database_from_url(name: str, url: str) -> dict[str, object]:
    """Django DATABASES entry for a ``postgres://`` URL; anything else is a ConfigError naming ``name``."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ConfigError(
            name,
            f"expected postgres://user:password@host:port/database (or leave it unset for SQLite), got {url!r}",
        )
    database = unquote(parts.path.lstrip("/"))
    if not database:
        raise ConfigError(name, f"the URL names no database: {url!r}")
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(name, f"the port is not a number: {url!r}") from None
    options: dict[str, str] = dict(parse_qsl(parts.query))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": database,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "OPTIONS": options,
        # Persistent connections: the WSGI workers reuse them; checked before reuse after a restart of PostgreSQL.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


@dataclass(frozen=True)
class RedisLocation:
    url: str


def redis_from_url(name: str, url: str) -> RedisLocation:
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss", "unix"}:
        raise ConfigError(name, f"expected redis://host:port/db, got {url!r}")
    if parts.scheme != "unix" and not parts.hostname:
        raise ConfigError(name, f"the URL names no host: {url!r}")
    try:
        _ = parts.port
    except ValueError:
        raise ConfigError(name, f"the port is not a number: {url!r}") from None
    return RedisLocation(url=url)


def secret_key_from_file(path: Path) -> str:
    """Read the secret key kept in ``path``, creating it (mode 0600) on first use."""
    try:
        key = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        key = ""
    if key:
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # O_EXCL: two processes starting at once must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key
