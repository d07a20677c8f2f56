"""Database dump and load, one pair per vendor, each taken from one consistent snapshot.

- SQLite: the online backup API copies the database in one step inside one read transaction;
  in WAL mode writers go on meanwhile and the copy is the database as of that transaction.
- PostgreSQL: a REPEATABLE READ transaction exports its snapshot, reads the facts for the
  manifest, and `pg_dump --snapshot` dumps exactly that snapshot; `pg_restore` loads it.

The facts for the manifest (audit head, applied migrations, row counts) are read from the same
snapshot as the dump, so they describe what the archive holds, not what came a moment later.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess  # noqa: S404 - pg_dump / pg_restore with arguments we build, no shell
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps

from gongkai.audit.chain import GENESIS_HASH

# The counts a manifest carries, so an operator sees at a glance what an archive holds.
KEY_TABLES = {
    "users": "accounts.User",
    "agencies": "accounts.Agency",
    "info_requests": "info_requests.InfoRequest",
    "items": "catalogue.Item",
    "attachments": "catalogue.Attachment",
    "audit_records": "audit.AuditRecord",
}


class DumpError(Exception):
    """A dump or load failed; the message says why, in Chinese."""


@dataclass
class Snapshot:
    file: Path
    head: tuple[int, str] = (0, GENESIS_HASH)
    migrations: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def dump_file_name(vendor: str) -> str:
    return {"sqlite": "gongkai.sqlite3", "postgresql": "gongkai.pgdump"}[vendor]


def _read_facts(cursor: Any, snapshot: Snapshot) -> None:
    try:
        _read_facts_unguarded(cursor, snapshot)
    except Exception as error:  # sqlite3 or psycopg: the tables are not there
        raise DumpError(
            f"数据库中没有公开系统的数据表（是否尚未运行 gongkai migrate？）：{error}"
        ) from error


def _read_facts_unguarded(cursor: Any, snapshot: Snapshot) -> None:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    for app, name in cursor.fetchall():
        snapshot.migrations[app] = name
    head_table = apps.get_model("audit.AuditHead")._meta.db_table
    cursor.execute(f'SELECT seq, hash FROM "{head_table}" WHERE id = 1')  # noqa: S608
    row = cursor.fetchone()
    if row:
        snapshot.head = (int(row[0]), str(row[1]))
    for key, label in KEY_TABLES.items():
        table = apps.get_model(label)._meta.db_table
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - our own table names
        snapshot.counts[key] = int(cursor.fetchone()[0])


# --- SQLite -----------------------------------------------------------------------------------


def sqlite_dump(settings_dict: dict[str, Any], target: Path) -> Snapshot:
    source = sqlite3.connect(settings_dict["NAME"], timeout=60)
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1): the whole copy inside one read transaction.
        source.backup(copy, pages=-1)
    finally:
        source.close()
    try:
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the archive
        snapshot = Snapshot(target)
        _read_facts(copy.cursor(), snapshot)
    finally:
        copy.close()
    return snapshot


def sqlite_check(source: Path) -> None:
    try:
        database = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            result = database.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            database.close()
    except sqlite3.DatabaseError as error:
        raise DumpError(f"备份中的 SQLite 数据库无法打开：{error}") from error
    if result != "ok":
        raise DumpError(f"备份中的 SQLite 数据库校验未通过：{result}")


def sqlite_load(settings_dict: dict[str, Any], source: Path) -> None:
    sqlite_check(source)
    origin = sqlite3.connect(source)
    target = sqlite3.connect(settings_dict["NAME"], timeout=60)
    try:
        origin.backup(target, pages=-1)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        origin.close()


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    for variable, key in (
        ("PGSSLMODE", "sslmode"),
        ("PGSSLROOTCERT", "sslrootcert"),
        ("PGSSLCERT", "sslcert"),
        ("PGSSLKEY", "sslkey"),
    ):
        if options.get(key):
            environment[variable] = str(options[key])
    return environment


def _run(command: list[str], settings_dict: dict[str, Any]) -> None:
    try:
        finished = subprocess.run(  # noqa: S603
            command,
            env=_pg_environment(settings_dict),
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise DumpError(
            f"找不到 {command[0]}：PostgreSQL 的备份与恢复需要 postgresql-client"
            "（Debian：apt-get install postgresql-client）"
        ) from error
    if finished.returncode != 0:
        detail = finished.stderr.strip() or f"退出码 {finished.returncode}"
        raise DumpError(f"{command[0]} 失败：{detail}")


def postgres_dump(connection: Any, target: Path) -> Snapshot:
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            snapshot = Snapshot(target)
            _read_facts(cursor, snapshot)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    f"--snapshot={snapshot_id}",
                    f"--file={target}",
                    f"--dbname={connection.settings_dict['NAME']}",
                ],
                connection.settings_dict,
            )
            cursor.execute("ROLLBACK")
    finally:
        raw.close()
    return snapshot


def postgres_clear(connection: Any) -> None:
    """Remove every object of the public schema (restore --force)."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")


def postgres_load(connection: Any, source: Path) -> None:
    connection.close()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        connection.settings_dict,
    )
