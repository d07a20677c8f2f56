"""Staging: an all-or-nothing bulk write that holds the write lock only for a moment.

An import of 100,000 rows must go in in one transaction (a file with one bad row imports
nothing), and on SQLite a write transaction holds the database's only write lock: every other
writer waits for it. Inserting the rows with Django's `bulk_create` inside that transaction
held the lock for 25–40 s (docs/benchmarks.md), and every citizen's application meanwhile
failed. So an import

1. reads and checks the file, builds every row in Python, and writes the rows' database values
   into *staging tables* — TEMP tables, private to the import's own connection. On SQLite they
   live in the connection's temporary database, a separate file: filling them takes no lock on
   the main database. On PostgreSQL they lock nothing anyone else uses. No write lock yet.
2. then, in one short transaction (`Staging.final_step()`), repeats the checks that a
   concurrent writer could have invalidated, takes its serial numbers, and moves the rows into
   the real tables with one `INSERT … SELECT` per table (`Staging.insert`).

The final step waits longer for the lock than a web request does (`FINAL_STEP_WAIT_SECONDS`):
it is background work, and it holds the lock briefly once it has it.
"""

from __future__ import annotations

import operator
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.utils import timezone

FINAL_STEP_WAIT_SECONDS = 120
FINAL_STEP_CACHE_KIB = 256 * 1024
# Field types whose database value is the Python value itself, on SQLite and PostgreSQL.
_PLAIN_TYPES = frozenset(
    {
        "CharField",
        "TextField",
        "BooleanField",
        "IntegerField",
        "SmallIntegerField",
        "BigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "PositiveBigIntegerField",
        "ForeignKey",
        "OneToOneField",
        "AutoField",
        "BigAutoField",
    }
)


@dataclass
class StagedTable:
    """One staging table: the model's columns named in `fields` plus `extra` columns."""

    model: type[models.Model]
    name: str  # as written in SQL
    fields: list[models.Field]
    extra: list[str]
    getters: list[Callable[[models.Model], Any]]  # per field: the object's database value
    rows: int = 0

    @property
    def columns(self) -> list[str]:
        return [f.column for f in self.fields] + self.extra


def _getter(f: models.Field, connection, now) -> Callable[[models.Model], Any]:
    """How to read a field's database value off an unsaved object, as `bulk_create` would
    prepare it, without Django's full preparation where it changes nothing: that preparation,
    done for a million values, was most of the time staging took."""
    attname = f.attname
    if f.get_internal_type() in _PLAIN_TYPES and type(f).pre_save is models.Field.pre_save:
        return operator.attrgetter(attname)
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        # One time for the whole import, as if its rows were written at one instant.
        value = f.get_db_prep_save(now, connection)
        return lambda obj: value
    prepared: dict[Any, Any] = {}  # dates repeat: prepare each distinct one once

    def get(obj: models.Model) -> Any:
        value = f.pre_save(obj, True)
        try:
            return prepared[value]
        except KeyError:
            result = prepared[value] = f.get_db_prep_save(value, connection)
            return result
        except TypeError:  # unhashable (JSON)
            return f.get_db_prep_save(value, connection)

    return get


@dataclass
class Staging:
    """TEMP tables on one connection, dropped on leaving the `with` block."""

    using: str = DEFAULT_DB_ALIAS
    tables: list[StagedTable] = field(default_factory=list)
    # How long the last final step held the write lock (from BEGIN to COMMIT), in seconds.
    lock_seconds: float = 0.0

    @property
    def connection(self):
        return connections[self.using]

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        self.drop()

    def quote(self, name: str) -> str:
        return self.connection.ops.quote_name(name)

    def table(
        self,
        model: type[models.Model],
        fields: Sequence[str],
        extra: Sequence[tuple[str, str]] = (),
    ) -> StagedTable:
        """A new staging table for `model`'s `fields` (attribute names) and `extra` columns
        (name, SQL type)."""
        connection = self.connection
        opts = model._meta
        chosen = [opts.get_field(name) for name in fields]
        base = f"gk_stage_{opts.db_table}"
        schema = "temp" if connection.vendor == "sqlite" else "pg_temp"
        now = timezone.now()
        staged = StagedTable(
            model,
            f"{schema}.{self.quote(base)}",
            chosen,
            [n for n, _ in extra],
            [_getter(f, connection, now) for f in chosen],
        )
        definitions = [f"{self.quote(f.column)} {f.db_type(connection)}" for f in chosen] + [
            f"{self.quote(name)} {sql_type}" for name, sql_type in extra
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {staged.name}")
            cursor.execute(f"CREATE TEMP TABLE {self.quote(base)} ({', '.join(definitions)})")
        self.tables.append(staged)
        return staged

    def values(self, staged: StagedTable, obj: models.Model) -> list[Any]:
        """`obj`'s database values for the staged model fields."""
        return [get(obj) for get in staged.getters]

    def write(self, staged: StagedTable, rows: Iterable[Sequence[Any]]) -> int:
        """Append rows (the model fields' database values, then the extra columns)."""
        connection = self.connection
        columns = ", ".join(self.quote(c) for c in staged.columns)
        count = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {staged.name} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                rows = list(rows)
                cursor.executemany(
                    f"INSERT INTO {staged.name} ({columns}) "  # noqa: S608 (names from the model)
                    f"VALUES ({', '.join(['%s'] * len(staged.columns))})",
                    rows,
                )
                count = len(rows)
        staged.rows += count
        return count

    def reserve_ids(self, model: type[models.Model], count: int) -> list[int]:
        """Primary keys for `count` new rows of `model`, taken now, so that staged rows can
        name each other (a child its case). A failed import leaves a gap in the ids (never in
        the serial numbers, which are taken in the final step).

        SQLite: Django's primary keys are AUTOINCREMENT, which never hands out a key at or
        below `sqlite_sequence.seq`; raising it by `count` (a moment's write) keeps the block
        for this import. PostgreSQL: `count` values of the key's sequence."""
        if count <= 0:
            return []
        table = model._meta.db_table
        column = model._meta.pk.column
        connection = self.connection
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, column, count],
                )
                return sorted(value for (value,) in cursor.fetchall())
            with transaction.atomic(using=self.using):
                cursor.execute(
                    f"SELECT max((SELECT coalesce(max({self.quote(column)}), 0) "  # noqa: S608
                    f"FROM {self.quote(table)}), "
                    "coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
                    [table],
                )
                (last,) = cursor.fetchone()
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last + count]
                )
        return list(range(last + 1, last + count + 1))

    def analyse(self) -> None:
        """Give PostgreSQL's planner the staging tables' sizes (it never analyses TEMP
        tables on its own); SQLite needs nothing."""
        if self.connection.vendor == "postgresql":
            with self.connection.cursor() as cursor:
                for staged in self.tables:
                    cursor.execute(f"ANALYZE {staged.name}")

    @contextmanager
    def final_step(self, wait_seconds: float = FINAL_STEP_WAIT_SECONDS) -> Iterator[None]:
        """The one short write transaction. It waits up to `wait_seconds` for the lock
        (SQLite's busy timeout, PostgreSQL's lock_timeout); `lock_seconds` is then how long
        it held it, from BEGIN to the end of COMMIT."""
        connection = self.connection
        connection.ensure_connection()
        self.lock_seconds = 0.0
        with (
            self._sqlite_final_step(wait_seconds)
            if connection.vendor == "sqlite"
            else (nullcontext())
        ):
            started = time.perf_counter()
            try:
                with transaction.atomic(using=self.using):
                    # SQLite: BEGIN IMMEDIATE has taken the lock when the block is entered.
                    started = time.perf_counter()
                    if connection.vendor == "postgresql":
                        with connection.cursor() as cursor:
                            cursor.execute(f"SET LOCAL lock_timeout = '{round(wait_seconds)}s'")
                    yield
            finally:
                self.lock_seconds = time.perf_counter() - started

    @contextmanager
    def _sqlite_final_step(self, wait_seconds: float) -> Iterator[None]:
        raw = self.connection.connection
        settings = {
            "busy_timeout": round(wait_seconds * 1000),
            # Room for the pages the step changes: with SQLite's default 2 MB page cache it
            # spills them to the WAL and reads them back, holding the lock longer.
            "cache_size": -FINAL_STEP_CACHE_KIB,
            # The checkpoint that copies the step's pages from the WAL into the database
            # runs after the lock is released (below), not as part of COMMIT.
            "wal_autocheckpoint": 0,
        }
        usual = {name: raw.execute(f"PRAGMA {name}").fetchone()[0] for name in settings}
        for name, value in settings.items():
            raw.execute(f"PRAGMA {name} = {value}")
        try:
            yield
        finally:
            raw = self.connection.connection
            if raw is not None:
                for name, value in usual.items():
                    raw.execute(f"PRAGMA {name} = {value}")
                if not self.connection.in_atomic_block:
                    # PASSIVE: copies what it can without waiting for or blocking anyone.
                    raw.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def insert(
        self,
        staged: StagedTable,
        *,
        columns: Sequence[str],
        select: Sequence[str],
        joins: str = "",
        where: str = "",
        order_by: str = "",
        params: Sequence[Any] = (),
    ) -> int:
        """INSERT INTO the model's table (`columns`) SELECT `select` FROM the staging table
        (alias `s`) [joins] [WHERE where] [ORDER BY order_by]; returns the rows inserted."""
        table = self.quote(staged.model._meta.db_table)
        sql = (
            f"INSERT INTO {table} ({', '.join(self.quote(c) for c in columns)}) "  # noqa: S608
            f"SELECT {', '.join(select)} FROM {staged.name} s {joins}"
            + (f" WHERE {where}" if where else "")
            + (f" ORDER BY {order_by}" if order_by else "")
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            return cursor.rowcount

    def drop(self) -> None:
        connection = self.connection
        if connection.connection is None:
            return  # closed: TEMP tables went with it
        tables, self.tables = self.tables, []
        try:
            # Not in a transaction of its own: on SQLite that would take the main write lock.
            # Inside the caller's (tests), a savepoint keeps a failure from spoiling it.
            with (
                (
                    transaction.atomic(using=self.using)
                    if connection.in_atomic_block
                    else nullcontext()
                ),
                connection.cursor() as cursor,
            ):
                for staged in tables:
                    cursor.execute(f"DROP TABLE IF EXISTS {staged.name}")
        except DatabaseError:
            # A broken connection or transaction: its TEMP tables end with the session.
            pass
