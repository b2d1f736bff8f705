"""``lantoa backup`` / ``lantoa restore``: a round trip on SQLite and on PostgreSQL, through the real commands, and
backups that are damaged, foreign or hostile refused before anything is touched."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from lantoa.core.backup import BackupError, _stage, read_manifest

KEY_TABLES = [
    "accounts_user",
    "org_organisation",
    "org_person",
    "monitoring_item",
    "monitoring_story",
    "audit_auditevent",
    "django_migrations",
]

# Run in the installation under test (its own LANTOA_VAR_DIR / DATABASE_URL): schema, reference data, users, a
# person, items through the ingest pipeline, an uploaded file.
POPULATE = r"""
import json, sys
from pathlib import Path
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from lantoa.accounts.roles import Role
from lantoa.accounts.services import do_create_user
from lantoa.monitoring.ingest import file_source, ingest
from lantoa.monitoring.sources.file.plugin import read_records
from lantoa.org.gazetteer import entries_from_registry, other_province_names
from lantoa.org.models import Organisation, Person
from lantoa.org.reference import load_reference
load_reference(19)
health = Organisation.objects.get(code="so-y-te")
do_create_user(None, username="quan_tri", password="mat-khau-thu-nghiem-2026", full_name="Quản trị",
               is_superuser=True, roles=[Role.ADMINISTRATOR])
do_create_user(None, username="can_bo_y_te", password="mat-khau-thu-nghiem-2026", full_name="Nguyễn Thị Hà",
               organisation_id=health.pk, roles=[Role.AGENCY_OFFICER])
Person.objects.create(full_name="Trần Văn Đức", organisation=health, title="Giám đốc")
body = ("Sáng 15/8, UBND tỉnh Thái Nguyên tổ chức hội nghị sơ kết công tác xây dựng nông thôn mới tại xã Tân "
        "Thành, huyện Phú Bình. Toàn tỉnh có thêm 12 xã đạt chuẩn nông thôn mới nâng cao. ") * 3
rows = [
    {"id": "a1", "title": "Thái Nguyên sơ kết nông thôn mới", "body": body, "source": "Báo Thái Nguyên",
     "published": "15/08/2025 09:00"},
    {"id": "a2", "title": "Hội nghị nông thôn mới", "body": body, "source": "VnExpress",
     "published": "15/08/2025 11:30"},
    {"id": "b1", "title": "Giá vàng hôm nay tăng mạnh", "source": "VnExpress",
     "body": "Giá vàng SJC sáng nay tăng 500.000 đồng mỗi lượng so với hôm qua tại Hà Nội và TP.HCM."},
    "{not json",
]
path = Path(sys.argv[1])
path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                encoding="utf-8")
items = ((r.line, r.item, r.error or None, "") for r in read_records(path))
ingest(items, file_source(path), (entries_from_registry(19), other_province_names(19)), workers=1, batch_size=2)
default_storage.save("uploads/2025/bien-ban-họp.txt", ContentFile("Biên bản họp báo quý III".encode()))
default_storage.save("uploads/2025/anh.bin", ContentFile(bytes(range(256)) * 10))
"""

# What the test compares between the original and the restored installation, independently of the manifest.
SNAPSHOT = r"""
import json
import django
django.setup()
from django.apps import apps
from django.core.files.storage import default_storage
from lantoa.accounts.models import User
from lantoa.monitoring.models import Item
counts = {model._meta.db_table: model.objects.count() for model in apps.get_models() if model._meta.managed}
print(json.dumps({
    "counts": counts,
    "users": sorted(User.objects.values_list("username", "password", "full_name")),
    "items": sorted(Item.objects.values_list("key", "title", "status")),
    "upload": default_storage.open("uploads/2025/bien-ban-họp.txt").read().decode(),
}, default=str, sort_keys=True))
"""


def environ(var_dir: Path, database_url: str | None) -> dict[str, str]:
    result = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    result["LANTOA_VAR_DIR"] = str(var_dir)
    result["DJANGO_SETTINGS_MODULE"] = "lantoa.settings"
    if database_url:
        result["DATABASE_URL"] = database_url
    return result


def lantoa(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "lantoa", *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def python(env: dict[str, str], script: str, *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def round_trip(tmp: Path, source_url: str | None, target_url: str | None) -> None:
    source = environ(tmp / "source", source_url)
    target = environ(tmp / "target", target_url)
    python(source, POPULATE, str(tmp / "export.jsonl"))
    before = json.loads(python(source, SNAPSHOT))

    backup = tmp / "lantoa.tar.gz"
    made = lantoa(source, "backup", "--output", str(backup))
    assert made.returncode == 0, made.stderr
    assert "written to" in made.stdout
    assert backup.stat().st_mode & 0o077 == 0  # password hashes inside: the owner's only
    manifest = read_manifest(backup)
    assert manifest["vendor"] == ("postgresql" if source_url else "sqlite")
    for table in KEY_TABLES:
        assert manifest["tables"][table]["rows"] > 0, table
        assert len(manifest["tables"][table]["sha256"]) == 64
    assert manifest["tables"]["accounts_user"]["rows"] == 2
    assert manifest["tables"]["monitoring_item"]["rows"] == 3
    assert set(manifest["media"]) == {"uploads/2025/bien-ban-họp.txt", "uploads/2025/anh.bin"}

    restored = lantoa(target, "restore", str(backup), "--yes")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "DIFFERENT" not in restored.stdout and "missing" not in restored.stdout
    for table in KEY_TABLES:  # the comparison is printed, one line per table
        rows = manifest["tables"][table]["rows"]
        assert any(line.split() == [table, str(rows), str(rows), "ok"] for line in restored.stdout.splitlines())
    after = json.loads(python(target, SNAPSHOT))
    assert after == before
    assert (tmp / "target" / "media" / "uploads" / "2025" / "anh.bin").read_bytes() == bytes(range(256)) * 10

    # The restored database is not empty any more: a second restore is refused, and changes nothing.
    again = lantoa(target, "restore", str(backup), "--yes")
    assert again.returncode != 0
    assert "not empty" in again.stderr
    assert json.loads(python(target, SNAPSHOT)) == before

    # A change after the restore shows in the verification against the manifest.
    python(target, "import django; django.setup()\nfrom lantoa.org.models import Person\n"
           "Person.objects.update(title='Phó Giám đốc')")  # fmt: skip
    from_target = python(
        target,
        "import json, sys, django; django.setup()\nfrom lantoa.core.backup import read_manifest, verify\n"
        "from pathlib import Path\nv = verify(read_manifest(Path(sys.argv[1])))\n"
        "print(json.dumps([c.table for c in v.mismatches]))",
        str(backup),
    )
    assert json.loads(from_target) == ["org_person"]


@pytest.mark.slow
def test_it_backs_up_and_restores_sqlite_with_the_same_rows_checksums_and_files(tmp_path: Path) -> None:
    round_trip(tmp_path, None, None)


# --- PostgreSQL --------------------------------------------------------------------------------------------------


def postgres_server() -> str:
    """postgres://user@host:port of the server the PostgreSQL suite uses (or the CI default), without a database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


@pytest.fixture
def postgres_databases() -> Iterator[tuple[str, str]]:
    """Two new databases on the server (the origin and ``lantoa_restore_test_…``), dropped afterwards."""
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"PostgreSQL client tools missing: {', '.join(missing)} (Debian: postgresql-client)")
    import psycopg

    server = postgres_server()
    try:
        admin = psycopg.connect(server + "/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL server at {server}: {str(error).strip()[:200]}")
    suffix = uuid.uuid4().hex[:10]
    names = [f"lantoa_backup_test_{suffix}", f"lantoa_restore_test_{suffix}"]
    try:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        yield server + "/" + names[0], server + "/" + names[1]
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.slow
def test_it_backs_up_and_restores_postgresql_with_the_same_rows_checksums_and_files(
    tmp_path: Path, postgres_databases: tuple[str, str]
) -> None:
    source_url, target_url = postgres_databases
    round_trip(tmp_path, source_url, target_url)


# --- bad input ----------------------------------------------------------------------------------------------------


def tar_gz(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def sqlite_file(path: Path) -> bytes:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE marker (id INTEGER PRIMARY KEY, note TEXT)")
        connection.execute("INSERT INTO marker (note) VALUES ('giữ nguyên')")
    connection.close()
    return path.read_bytes()


def manifest_for(database: bytes, media: dict[str, bytes] | None = None) -> bytes:
    import hashlib

    return json.dumps({
        "format": "lantoa-backup", "format_version": 1, "vendor": "sqlite",
        "database": {"member": "database.sqlite3", "sha256": hashlib.sha256(database).hexdigest()},
        "tables": {"marker": {"columns": ["id", "note"], "order_by": ["id"], "rows": 1, "sha256": "0" * 64}},
        "media": {name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                  for name, data in (media or {}).items()},
    }).encode()  # fmt: skip


@pytest.fixture
def target(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An installation whose SQLite database already holds a table (restored over with --force-empty-check)."""
    var = tmp_path / "target"
    var.mkdir()
    sqlite_file(var / "lantoa.sqlite3")
    return environ(var, None), var


def marker_rows(var: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(var / "lantoa.sqlite3") as connection:
        rows = connection.execute("SELECT id, note FROM marker").fetchall()
    connection.close()
    return rows


@pytest.mark.slow
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a Lantoa backup"),
        (b"PK\x03\x04 a zip file, not ours", "not a Lantoa backup"),
        (gzip.compress(b"plain text, gzip'd"), "not a Lantoa backup"),
        (tar_gz({"notes.txt": b"hello"}), "does not start with manifest.json"),
        (tar_gz({"manifest.json": b'{"format": "pg_dump"}'}), "not a Lantoa backup"),
        (tar_gz({"manifest.json": b"{nope"}), "not valid JSON"),
        (tar_gz({"manifest.json": b'{"format": "lantoa-backup", "format_version": 99}'}), "upgrade Lantoa"),
    ],
    ids=["empty", "zip", "gzip-not-tar", "no-manifest", "foreign-manifest", "bad-json", "future-version"],
)
def test_it_refuses_a_foreign_file_and_leaves_the_target_untouched(
    tmp_path: Path, target: tuple[dict[str, str], Path], content: bytes, message: str
) -> None:
    env, var = target
    path = tmp_path / "backup.tar.gz"
    path.write_bytes(content)
    result = lantoa(env, "restore", str(path), "--yes", "--force-empty-check")
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert marker_rows(var) == [(1, "giữ nguyên")]


@pytest.mark.slow
def test_it_refuses_damaged_backups_and_leaves_the_target_untouched(
    tmp_path: Path, target: tuple[dict[str, str], Path]
) -> None:
    env, var = target
    database = sqlite_file(tmp_path / "other.sqlite3")
    good = tar_gz({"manifest.json": manifest_for(database), "database.sqlite3": database})
    cases = {
        "truncated": good[: len(good) // 2],
        "flipped": good[:40] + bytes([good[40] ^ 0xFF]) + good[41:],
        "checksum": tar_gz({"manifest.json": manifest_for(database), "database.sqlite3": database[:-1] + b"x"}),
        "no-database": tar_gz({"manifest.json": manifest_for(database)}),
        "not-sqlite": tar_gz({"manifest.json": manifest_for(b"x" * 4096), "database.sqlite3": b"x" * 4096}),
        "extra": tar_gz({"manifest.json": manifest_for(database), "database.sqlite3": database, "media/a": b"a"}),
    }
    for case, content in cases.items():
        path = tmp_path / f"{case}.tar.gz"
        path.write_bytes(content)
        result = lantoa(env, "restore", str(path), "--yes", "--force-empty-check")
        assert result.returncode != 0, case
        assert "Traceback" not in result.stderr, (case, result.stderr)
        assert result.stderr.strip(), case
        assert marker_rows(var) == [(1, "giữ nguyên")], case


@pytest.mark.parametrize(
    "name", ["media/../../etc/passwd", "media//etc/passwd", "media/a/../../x", "../media/x", "/media/x", "media/"]
)
def test_it_refuses_members_that_would_land_outside_the_media_folder(tmp_path: Path, name: str) -> None:
    database = sqlite_file(tmp_path / "db.sqlite3")
    path = tmp_path / "evil.tar.gz"
    path.write_bytes(
        tar_gz({"manifest.json": manifest_for(database, {name: b"x"}), "database.sqlite3": database, name: b"x"})
    )
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(BackupError, match="unexpected entry"):
        _stage(path, work)
    assert not (tmp_path / "etc").exists() and not Path("/media/x").exists()


def test_it_refuses_links_in_a_backup(tmp_path: Path) -> None:
    database = sqlite_file(tmp_path / "db.sqlite3")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in (("manifest.json", manifest_for(database)), ("database.sqlite3", database)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("media/passwd")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tar.addfile(link)
    path = tmp_path / "link.tar.gz"
    path.write_bytes(buffer.getvalue())
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(BackupError, match="not a plain file"):
        _stage(path, work)


@pytest.mark.slow
def test_it_refuses_a_sqlite_backup_for_a_postgresql_target(tmp_path: Path) -> None:
    database = sqlite_file(tmp_path / "db.sqlite3")
    path = tmp_path / "sqlite.tar.gz"
    path.write_bytes(tar_gz({"manifest.json": manifest_for(database), "database.sqlite3": database}))
    env = environ(tmp_path / "var", postgres_server() + "/lantoa_never_created")
    result = lantoa(env, "restore", str(path), "--yes")
    assert result.returncode != 0
    assert "backup of a sqlite database; the target is postgresql" in result.stderr


@pytest.mark.slow
def test_it_asks_before_restoring_unless_told_yes(tmp_path: Path) -> None:
    database = sqlite_file(tmp_path / "db.sqlite3")
    path = tmp_path / "b.tar.gz"
    path.write_bytes(tar_gz({"manifest.json": manifest_for(database), "database.sqlite3": database}))
    result = lantoa(environ(tmp_path / "var", None), "restore", str(path))
    assert result.returncode != 0
    assert "pass --yes" in result.stderr
    assert not (tmp_path / "var" / "lantoa.sqlite3").exists() or not marker_rows_or_none(tmp_path / "var")


def marker_rows_or_none(var: Path) -> list[str]:
    with sqlite3.connect(var / "lantoa.sqlite3") as connection:
        rows = connection.execute("SELECT name FROM sqlite_master").fetchall()
    connection.close()
    return [row[0] for row in rows]
