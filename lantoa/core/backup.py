"""Backups of a Lantoa installation: the database and the uploaded files in one ``.tar.gz`` with a manifest.

The archive holds, in this order:

``manifest.json``
    format and version, Lantoa's version, the date, the database vendor, the SHA-256 of the database member, and per
    table of every Django model (plus ``django_migrations``) its columns, its row count and a SHA-256 over its rows
    ordered by primary key; per uploaded file its size and SHA-256.
``database.sqlite3`` (SQLite)
    a consistent copy made with SQLite's online backup API while the platform runs.
``database.pgdump`` (PostgreSQL)
    ``pg_dump --format=custom`` of the same snapshot the checksums were computed in (``pg_export_snapshot``).
``media/…``
    the uploaded files (the default storage's folder, ``LANTOA_VAR_DIR/media``).

:func:`restore_backup` checks the whole archive (every member against the manifest, the SQLite file's integrity,
the dump's table of contents) before it touches anything, refuses a database that is not empty, restores, then
recomputes the row counts and checksums in the restored database and compares them with the manifest.

Checksums are computed on raw database values (a plain ``sqlite3`` connection on the file, a plain psycopg connection
in UTC), serialised as canonical JSON one row per line; they compare a backup with its restore on the same vendor.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model

FORMAT = "lantoa-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
MEDIA_PREFIX = "media/"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
CHUNK_ROWS = 2000
COPY_BUFFER = 1024 * 1024
# Errors of a file that is not a gzip'd tar or is damaged or truncated.
_ARCHIVE_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError, UnicodeDecodeError)


class BackupError(Exception):
    """The backup or the restore cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class TableSum:
    table: str
    columns: list[str]
    order_by: list[str]
    rows: int
    sha256: str

    def as_manifest(self) -> dict[str, object]:
        return {"columns": self.columns, "order_by": self.order_by, "rows": self.rows, "sha256": self.sha256}


@dataclass(frozen=True)
class Comparison:
    """One table of the manifest against the restored database."""

    table: str
    expected_rows: int
    found_rows: int | None  # None: the table is missing
    checksum_matches: bool

    @property
    def ok(self) -> bool:
        return self.found_rows == self.expected_rows and self.checksum_matches


@dataclass
class Verification:
    tables: list[Comparison] = field(default_factory=list)
    media_files: int = 0

    @property
    def ok(self) -> bool:
        return all(comparison.ok for comparison in self.tables)

    @property
    def mismatches(self) -> list[Comparison]:
        return [comparison for comparison in self.tables if not comparison.ok]


# --- checksums ---------------------------------------------------------------------------------------------------


def _plain(value: object) -> object:
    """A JSON-serialisable, canonical form of a database value json cannot write itself."""
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)  # Decimal, UUID, timedelta, network addresses…


def _row_line(row: tuple[Any, ...]) -> bytes:
    text = json.dumps(list(row), default=_plain, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return text.encode("ascii") + b"\n"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Reader:
    """Raw rows of tables, in one consistent view of the database."""

    def tables(self) -> set[str]:
        raise NotImplementedError

    def columns(self, table: str) -> list[str]:
        raise NotImplementedError

    def rows(self, sql: str) -> Iterator[tuple[Any, ...]]:
        raise NotImplementedError

    def close(self) -> None:
        """Release what the reader holds (nothing by default)."""

    def table_sum(self, table: str, columns: list[str], order_by: list[str]) -> TableSum:
        sql = "SELECT {} FROM {} ORDER BY {}".format(  # noqa: S608 - quoted identifiers, no values
            ", ".join(_quote(column) for column in columns),
            _quote(table),
            ", ".join(_quote(column) for column in order_by),
        )
        digest = hashlib.sha256()
        count = 0
        for row in self.rows(sql):
            digest.update(_row_line(row))
            count += 1
        return TableSum(table, columns, order_by, count, digest.hexdigest())


class _SqliteReader(_Reader):
    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        # Raw stored values; text that is not valid UTF-8 still reads (and hashes) the same every time.
        self.connection.text_factory = lambda raw: raw.decode("utf-8", "surrogateescape")

    def close(self) -> None:
        self.connection.close()

    def tables(self) -> set[str]:
        return {row[0] for row in self.connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def columns(self, table: str) -> list[str]:
        return [row[1] for row in self.connection.execute(f"PRAGMA table_info({_quote(table)})")]

    def rows(self, sql: str) -> Iterator[tuple[Any, ...]]:
        cursor = self.connection.execute(sql)
        while chunk := cursor.fetchmany(CHUNK_ROWS):
            yield from chunk


class _PostgresReader(_Reader):
    """A read-only REPEATABLE READ transaction: every table is read in one snapshot, which pg_dump can share."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        connection.execute("SET LOCAL TIME ZONE 'UTC'")
        self.counter = 0

    def snapshot(self) -> str:
        return str(self.connection.execute("SELECT pg_export_snapshot()").fetchone()[0])

    def tables(self) -> set[str]:
        rows = self.connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        return {row[0] for row in rows}

    def columns(self, table: str) -> list[str]:
        rows = self.connection.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = %s ORDER BY ordinal_position",
            (table,),
        )
        return [row[0] for row in rows]

    def rows(self, sql: str) -> Iterator[tuple[Any, ...]]:
        self.counter += 1
        with self.connection.cursor(name=f"lantoa_backup_{self.counter}") as cursor:
            cursor.execute(sql)
            while chunk := cursor.fetchmany(CHUNK_ROWS):
                yield from chunk


def _model_tables() -> dict[str, list[str]]:
    """Every table of a Django model (auto-created many-to-many tables too) → its primary-key columns."""
    tables: dict[str, list[str]] = {}
    models: list[type[Model]] = [*apps.get_models(include_auto_created=True), MigrationRecorder.Migration]
    for model in models:
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in tables:
            continue
        tables[meta.db_table] = [pk_field.column for pk_field in meta.pk_fields]
    return dict(sorted(tables.items()))


def _compute_sums(reader: _Reader) -> list[TableSum]:
    present = reader.tables()
    sums = []
    for table, key in _model_tables().items():
        if table not in present:  # an app whose migrations have not run yet
            continue
        sums.append(reader.table_sum(table, reader.columns(table), key))
    return sums


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(COPY_BUFFER):
            digest.update(chunk)
    return digest.hexdigest()


# --- where things are ---------------------------------------------------------------------------------------------


def media_root() -> Path | None:
    """The folder of uploaded files, when the default storage is the file system (the only one Lantoa configures)."""
    storage = storages["default"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def _media_files(root: Path | None) -> list[tuple[str, Path]]:
    """Uploaded files under ``root``: (name relative to it, POSIX style; path), sorted; links are left out."""
    if root is None or not root.is_dir():
        return []
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return found


def _postgres_params(alias: str) -> tuple[dict[str, str], str]:
    """libpq parameters of the database (without the password) and the password, from Django's settings."""
    settings_dict = connections[alias].settings_dict
    params = {
        "dbname": str(settings_dict["NAME"] or ""),
        "user": str(settings_dict["USER"] or ""),
        "host": str(settings_dict["HOST"] or ""),
        "port": str(settings_dict["PORT"] or ""),
    }
    params.update({str(name): str(value) for name, value in (settings_dict.get("OPTIONS") or {}).items()})
    return {name: value for name, value in params.items() if value}, str(settings_dict["PASSWORD"] or "")


def _postgres_connect(alias: str) -> Any:
    import psycopg
    from psycopg.conninfo import make_conninfo

    params, password = _postgres_params(alias)
    try:
        return psycopg.connect(make_conninfo(**params), password=password or None, autocommit=False)
    except psycopg.Error as error:
        raise BackupError(f"cannot connect to PostgreSQL: {error}") from error


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} not found: install the PostgreSQL client tools of the server's major version "
            "(Debian: postgresql-client) and put them on PATH"
        )
    return path


def _run_pg_tool(alias: str, command: list[str]) -> None:
    from psycopg.conninfo import make_conninfo

    params, password = _postgres_params(alias)
    environment = dict(os.environ)
    if password:
        environment["PGPASSWORD"] = password
    full = [*command, f"--dbname={make_conninfo(**params)}"]
    result = subprocess.run(full, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        raise BackupError(f"{Path(command[0]).name} failed: " + " / ".join(lines[-5:] or ["no message"]))


# --- backup --------------------------------------------------------------------------------------------------------


def default_output() -> Path:
    stamp = datetime.now(UTC).astimezone().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"lantoa-{stamp}.tar.gz"


def create_backup(output: Path, *, alias: str = "default") -> dict[str, Any]:
    """Write the backup to ``output`` (atomically, mode 0600: it holds password hashes); return its manifest."""
    connection = connections[alias]
    vendor = connection.vendor
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".lantoa-backup-") as work_name:
        work = Path(work_name)
        if vendor == "sqlite":
            member = SQLITE_MEMBER
            sums = _backup_sqlite(Path(connection.settings_dict["NAME"]), work / member)
        elif vendor == "postgresql":
            member = PG_MEMBER
            sums = _backup_postgres(alias, work / member)
        else:
            raise BackupError(f"backups of a {vendor} database are not supported (SQLite and PostgreSQL are)")
        media = _media_files(media_root())
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "lantoa_version": _version(),
            "created": datetime.now(UTC).isoformat(),
            "vendor": vendor,
            "database": {
                "member": member,
                "sha256": _file_sha256(work / member),
                "bytes": (work / member).stat().st_size,
            },
            "tables": {table_sum.table: table_sum.as_manifest() for table_sum in sums},
            "media": {
                relative: {"bytes": path.stat().st_size, "sha256": _file_sha256(path)} for relative, path in media
            },
        }
        archive = work / "backup.tar.gz"
        descriptor = os.open(archive, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
            _add_file(tar, member, work / member)
            for relative, path in media:
                _add_file(tar, MEDIA_PREFIX + relative, path)
        os.replace(archive, output)
    return manifest


def _version() -> str:
    try:
        return metadata.version("lantoa")
    except metadata.PackageNotFoundError:
        return "unknown"


def _tar_info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    return info


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    tar.addfile(_tar_info(name, len(data)), io.BytesIO(data))


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> None:
    with path.open("rb") as handle:
        tar.addfile(_tar_info(name, os.fstat(handle.fileno()).st_size), handle)


def _backup_sqlite(source: Path, target: Path) -> list[TableSum]:
    if not source.exists():
        raise BackupError(f"the database {source} does not exist")
    # The online backup API: a consistent copy while the web server and the workers keep writing (WAL).
    with (
        contextlib.closing(sqlite3.connect(source, timeout=30)) as origin,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        origin.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    reader = _SqliteReader(target)
    try:
        return _compute_sums(reader)
    finally:
        reader.close()


def _backup_postgres(alias: str, target: Path) -> list[TableSum]:
    pg_dump = _pg_tool("pg_dump")
    with contextlib.closing(_postgres_connect(alias)) as connection:
        reader = _PostgresReader(connection)
        snapshot = reader.snapshot()
        # pg_dump reads the snapshot this transaction exported, so the dump and the checksums describe the same data.
        _run_pg_tool(alias, [pg_dump, "--format=custom", f"--snapshot={snapshot}", "--no-password", f"--file={target}"])
        sums = _compute_sums(reader)
        connection.rollback()
    return sums


# --- restore -------------------------------------------------------------------------------------------------------


@dataclass
class _Staged:
    manifest: dict[str, Any]
    database: Path
    media: dict[str, Path]


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of a backup file (its first member), checked; BackupError for anything else."""
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            first = tar.next()
            return _manifest_from(tar, first, path)
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except _ARCHIVE_ERRORS as error:
        raise BackupError(f"{path} is not a Lantoa backup (not a readable .tar.gz: {error})") from None


def _manifest_from(tar: tarfile.TarFile, first: tarfile.TarInfo | None, path: Path) -> dict[str, Any]:
    if first is None or first.name != MANIFEST or not first.isfile() or first.size > MAX_MANIFEST_BYTES:
        raise BackupError(f"{path} is not a Lantoa backup (it does not start with {MANIFEST})")
    handle = tar.extractfile(first)
    try:
        manifest = json.loads(handle.read().decode("utf-8") if handle else "")
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{path}: the manifest is not valid JSON ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Lantoa backup (its manifest is not one of {FORMAT})")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"{path}: backup format version {version!r}; this Lantoa reads up to {FORMAT_VERSION} (upgrade Lantoa)"
        )
    problems = _manifest_problems(manifest)
    if problems:
        raise BackupError(f"{path}: the manifest is damaged ({problems})")
    return manifest


def _manifest_problems(manifest: dict[str, Any]) -> str:
    database = manifest.get("database")
    if manifest.get("vendor") not in ("sqlite", "postgresql"):
        return "unknown database vendor"
    if not isinstance(database, dict) or database.get("member") not in (SQLITE_MEMBER, PG_MEMBER):
        return "no database member"
    if database["member"] != (SQLITE_MEMBER if manifest["vendor"] == "sqlite" else PG_MEMBER):
        return "the database member does not match the vendor"
    if not isinstance(database.get("sha256"), str):
        return "no database checksum"
    tables = manifest.get("tables")
    if not isinstance(tables, dict):
        return "no tables"
    for name, entry in tables.items():
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("rows"), int)
            and isinstance(entry.get("sha256"), str)
            and _names(entry.get("columns"))
            and _names(entry.get("order_by"))
        ):
            return f"table {str(name)[:80]!r}"
    media = manifest.get("media")
    if not isinstance(media, dict) or not all(
        isinstance(entry, dict) and isinstance(entry.get("sha256"), str) for entry in media.values()
    ):
        return "media list"
    return ""


def _names(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, str) and item for item in value)


def _safe_media_name(name: str) -> str | None:
    """``media/a/b.pdf`` → ``a/b.pdf``; None for a name that could land outside the media folder."""
    if not name.startswith(MEDIA_PREFIX):
        return None
    relative = PurePosixPath(name[len(MEDIA_PREFIX) :])
    if relative.is_absolute() or not relative.parts or any(part in ("", ".", "..") for part in relative.parts):
        return None
    return relative.as_posix()


def _copy_hashing(source: IO[bytes], target: Path) -> str:
    digest = hashlib.sha256()
    with target.open("wb") as handle:
        while chunk := source.read(COPY_BUFFER):
            digest.update(chunk)
            handle.write(chunk)
    return digest.hexdigest()


def _stage(path: Path, work: Path) -> _Staged:
    """Extract and check every member against the manifest, into ``work``; nothing else is touched."""
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            manifest = _manifest_from(tar, tar.next(), path)
            database_entry = manifest["database"]
            database: Path | None = None
            media: dict[str, Path] = {}
            while (member := tar.next()) is not None:  # iterating the TarFile would start again at the manifest
                if not member.isfile():
                    raise BackupError(f"{path}: unexpected entry {member.name!r} (not a plain file)")
                handle = tar.extractfile(member)
                if handle is None:
                    raise BackupError(f"{path}: unreadable entry {member.name[:200]!r}")
                if member.name == database_entry["member"] and database is None:
                    database = work / "database"
                    if _copy_hashing(handle, database) != database_entry["sha256"]:
                        raise BackupError(f"{path}: the database in the backup does not match its checksum")
                    continue
                relative = _safe_media_name(member.name)
                expected = manifest["media"].get(relative) if relative else None
                if relative is None or expected is None or relative in media:
                    raise BackupError(f"{path}: unexpected entry {member.name[:200]!r}")
                staged = work / "media" / relative
                staged.parent.mkdir(parents=True, exist_ok=True)
                if _copy_hashing(handle, staged) != expected["sha256"]:
                    raise BackupError(f"{path}: the file {relative!r} does not match its checksum")
                media[relative] = staged
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except _ARCHIVE_ERRORS as error:
        raise BackupError(f"{path} is damaged or not a Lantoa backup ({type(error).__name__}: {error})") from None
    if database is None:
        raise BackupError(f"{path}: the database ({database_entry['member']}) is missing from the backup")
    missing = sorted(set(manifest["media"]) - set(media))
    if missing:
        raise BackupError(f"{path}: {len(missing)} uploaded file(s) missing from the backup, e.g. {missing[0]!r}")
    return _Staged(manifest, database, media)


def _sqlite_tables(path: Path) -> set[str]:
    if not path.exists() or path.stat().st_size == 0:
        return set()
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        return {row[0] for row in rows}


def _postgres_tables(alias: str) -> set[str]:
    with contextlib.closing(_postgres_connect(alias)) as connection:
        rows = connection.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        return {row[0] for row in rows}


def target_description(alias: str = "default") -> str:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        return f"SQLite {connection.settings_dict['NAME']}"
    params, _password = _postgres_params(alias)
    return f"PostgreSQL {params.get('dbname', '')} on {params.get('host', 'localhost')}:{params.get('port', '5432')}"


def restore_backup(
    path: Path, *, alias: str = "default", force_empty_check: bool = False, say: Callable[[str], None] = print
) -> Verification:
    """Restore the backup at ``path`` into the (empty) database and media folder, then verify it."""
    connection = connections[alias]
    vendor = connection.vendor
    manifest = read_manifest(path)
    if manifest["vendor"] != vendor:
        raise BackupError(
            f"{path} is a backup of a {manifest['vendor']} database; the target is {vendor}. Restore it into the same "
            "kind of database (moving between SQLite and PostgreSQL is `lantoa dumpdata` / `loaddata`)"
        )
    root = media_root()
    var_dir = Path(settings.VAR_DIR)
    var_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=var_dir, prefix=".lantoa-restore-") as work_name:
        staged = _stage(path, Path(work_name))
        say(f"Backup checked: {len(manifest['tables'])} tables, {len(staged.media)} uploaded files, "
            f"made {manifest.get('created', '?')} by Lantoa {manifest.get('lantoa_version', '?')}.")  # fmt: skip
        if vendor == "sqlite":
            _check_sqlite_file(staged.database, path)
        else:
            _run_pg_tool_list(staged.database, path)
        if not force_empty_check:
            _refuse_unless_empty(alias, root)
        connection.close()
        if vendor == "sqlite":
            _restore_sqlite(staged.database, Path(connection.settings_dict["NAME"]))
        else:
            _restore_postgres(alias, staged.database, clean=force_empty_check)
        if staged.media and root is None:
            raise BackupError("the backup has uploaded files but the default storage is not a folder")
        for relative, staged_file in staged.media.items():
            destination = (root or Path(work_name)) / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged_file, destination)
    verification = verify(manifest, alias=alias)
    verification.media_files = len(staged.media)
    return verification


def _check_sqlite_file(database: Path, path: Path) -> None:
    try:
        with contextlib.closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            result = connection.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path}: the database in the backup is not a usable SQLite file ({error})") from None
    if not result or result[0] != "ok":
        raise BackupError(f"{path}: the database in the backup is damaged (quick_check: {result})")


def _run_pg_tool_list(database: Path, path: Path) -> None:
    """``pg_restore --list``: the dump's table of contents reads (no database involved)."""
    command = [_pg_tool("pg_restore"), "--list", str(database)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{path}: the PostgreSQL dump in the backup is damaged ({result.stderr.strip()[:300]})")


def _refuse_unless_empty(alias: str, root: Path | None) -> None:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        tables = _sqlite_tables(Path(connection.settings_dict["NAME"]))
    else:
        tables = _postgres_tables(alias)
    if tables:
        raise BackupError(
            f"the target database ({target_description(alias)}) is not empty: it has {len(tables)} tables, e.g. "
            f"{sorted(tables)[0]}. Restore into an empty database (a new SQLite file, or `createdb`), or pass "
            "--force-empty-check to restore over it"
        )
    if _media_files(root):
        raise BackupError(
            f"the media folder {root} is not empty: restore into an empty one, or pass --force-empty-check"
        )


def _restore_sqlite(staged: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        contextlib.closing(sqlite3.connect(staged)) as origin,
        contextlib.closing(sqlite3.connect(target, timeout=30)) as destination,
    ):
        # The backup API writes every page of the target in one transaction (and takes care of its WAL).
        origin.backup(destination)
        destination.execute("PRAGMA journal_mode=WAL")


def _restore_postgres(alias: str, staged: Path, *, clean: bool) -> None:
    command = [
        _pg_tool("pg_restore"), "--single-transaction", "--exit-on-error", "--no-owner", "--no-acl", "--no-password",
    ]  # fmt: skip
    if clean:
        command += ["--clean", "--if-exists"]
    # --single-transaction: a failure leaves the database as it was.
    _run_pg_tool(alias, [*command, str(staged)])


def verify(manifest: dict[str, Any], *, alias: str = "default") -> Verification:
    """Row counts and checksums of the database now, against the manifest's."""
    connection = connections[alias]
    verification = Verification()
    if connection.vendor == "sqlite":
        reader: _Reader = _SqliteReader(Path(connection.settings_dict["NAME"]))
        try:
            _compare(reader, manifest, verification)
        finally:
            reader.close()
    else:
        with contextlib.closing(_postgres_connect(alias)) as pg_connection:
            _compare(_PostgresReader(pg_connection), manifest, verification)
            pg_connection.rollback()
    return verification


def _compare(reader: _Reader, manifest: dict[str, Any], verification: Verification) -> None:
    present = reader.tables()
    for table, entry in manifest["tables"].items():
        if table not in present or not set(entry["columns"]) <= set(reader.columns(table)):
            verification.tables.append(Comparison(table, entry["rows"], None, False))
            continue
        found = reader.table_sum(table, entry["columns"], entry["order_by"])
        verification.tables.append(Comparison(table, entry["rows"], found.rows, found.sha256 == entry["sha256"]))
