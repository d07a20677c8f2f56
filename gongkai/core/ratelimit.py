"""Atomic rate-limit counters shared by every worker process.

Django's cache API cannot be used for this: the database cache's `incr` is a read followed by
a write (two workers read 4 and both write 5), and the memory cache is per process (four
gunicorn workers gave four budgets). Each operation here is one atomic step on the store:

- **Redis** (when `CACHES["default"]` is Redis, i.e. `GONGKAI_CACHE_URL=redis://…`): a Lua
  script per operation (INCR and PEXPIRE together; SET NX then GET), atomic in Redis.
- **The database** otherwise: one `INSERT … ON CONFLICT (name) DO UPDATE … RETURNING` on
  `core_ratecounter`, atomic on SQLite (one statement, one write lock) and PostgreSQL (the
  conflicting row is locked and the update sees the committed count).

Windows are fixed and start at the first hit: `hit(name, 3600)` counts hits until an hour after
the first one, then starts again at 1. A `claim` keeps the first value offered for a name until
it expires; it serves as a lock (claim with a fresh token and compare) and as a short memory
("this content was already submitted under that key").

Call these outside any open transaction: inside one, PostgreSQL holds the counter's row lock to
the end of the transaction and concurrent requests on the same key would queue behind it.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import secrets
import time

from django.conf import settings
from django.db import connection

PREFIX = "gongkai:rl:"
_CLEANUP_EVERY = 500
_calls = itertools.count(1)


def _name(name: str) -> str:
    """Names are built from addresses, case numbers and digests; keep them bounded."""
    if len(name) <= 160:
        return name
    return name[:100] + "#" + hashlib.sha256(name.encode()).hexdigest()[:40]


def _now_ms() -> int:
    return int(time.time() * 1000)


class DatabaseLimiter:
    table = "core_ratecounter"

    def hit(self, name: str, window: float) -> int:
        now = _now_ms()
        expires = now + int(window * 1000)
        t = self.table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {t} (name, hits, value, expires) VALUES (%s, 1, '', %s) "  # noqa: S608
                f"ON CONFLICT (name) DO UPDATE SET "
                f"hits = CASE WHEN {t}.expires <= %s THEN 1 ELSE {t}.hits + 1 END, "
                f"expires = CASE WHEN {t}.expires <= %s THEN excluded.expires "
                f"ELSE {t}.expires END "
                f"RETURNING hits",
                [_name(name), expires, now, now],
            )
            (hits,) = cursor.fetchone()
        self._cleanup(now)
        return int(hits)

    def claim(self, name: str, value: str, ttl: float) -> str:
        now = _now_ms()
        expires = now + int(ttl * 1000)
        t = self.table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {t} (name, hits, value, expires) VALUES (%s, 1, %s, %s) "  # noqa: S608
                f"ON CONFLICT (name) DO UPDATE SET "
                f"value = CASE WHEN {t}.expires <= %s THEN excluded.value ELSE {t}.value END, "
                f"hits = CASE WHEN {t}.expires <= %s THEN 1 ELSE {t}.hits + 1 END, "
                f"expires = CASE WHEN {t}.expires <= %s THEN excluded.expires "
                f"ELSE {t}.expires END "
                f"RETURNING value",
                [_name(name), value, expires, now, now, now],
            )
            (stored,) = cursor.fetchone()
        return str(stored)

    def peek(self, name: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT hits FROM {self.table} WHERE name = %s AND expires > %s",  # noqa: S608
                [_name(name), _now_ms()],
            )
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def expires_in(self, name: str) -> float:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT expires FROM {self.table} WHERE name = %s",  # noqa: S608
                [_name(name)],
            )
            row = cursor.fetchone()
        return max(0.0, (row[0] - _now_ms()) / 1000) if row else 0.0

    def clear(self, name: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE name = %s", [_name(name)])  # noqa: S608

    def _cleanup(self, now: int) -> None:
        if next(_calls) % _CLEANUP_EVERY:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE expires < %s", [now])  # noqa: S608


_HIT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return n
"""
_CLAIM = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return ARGV[1]
end
return redis.call('GET', KEYS[1])
"""


class RedisLimiter:
    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url)
        self._hit = self.client.register_script(_HIT)
        self._claim = self.client.register_script(_CLAIM)

    def hit(self, name: str, window: float) -> int:
        return int(self._hit(keys=[PREFIX + "n:" + _name(name)], args=[int(window * 1000)]))

    def claim(self, name: str, value: str, ttl: float) -> str:
        stored = self._claim(keys=[PREFIX + "c:" + _name(name)], args=[value, int(ttl * 1000)])
        if stored is None:  # expired between SET and GET: ours is as good as any
            return value
        return stored.decode() if isinstance(stored, bytes) else str(stored)

    def peek(self, name: str) -> int:
        return int(self.client.get(PREFIX + "n:" + _name(name)) or 0)

    def expires_in(self, name: str) -> float:
        longest = max(
            self.client.pttl(PREFIX + "n:" + _name(name)),
            self.client.pttl(PREFIX + "c:" + _name(name)),
        )
        return max(0.0, longest / 1000)

    def clear(self, name: str) -> None:
        self.client.delete(PREFIX + "n:" + _name(name), PREFIX + "c:" + _name(name))


@functools.cache
def _redis(url: str) -> RedisLimiter:
    return RedisLimiter(url)


def limiter() -> DatabaseLimiter | RedisLimiter:
    """The limiter of this installation: Redis when the cache is Redis, else the database."""
    cache = settings.CACHES.get("default", {})
    if cache.get("BACKEND", "").endswith("RedisCache"):
        location = cache["LOCATION"]
        return _redis(location[0] if isinstance(location, list | tuple) else location)
    return DatabaseLimiter()


def hit(name: str, window: float) -> int:
    """Count one hit; returns the number of hits in the current window, this one included."""
    return limiter().hit(name, window)


def claim(name: str, value: str, ttl: float) -> str:
    """Offer `value` for `name`; returns the value held (ours if nobody held one)."""
    return limiter().claim(name, value, ttl)


def acquire(name: str, ttl: float) -> bool:
    """Take a lock for `ttl` seconds; False while someone else's lock holds."""
    token = secrets.token_hex(12)
    return limiter().claim(name, token, ttl) == token


def peek(name: str) -> int:
    """The hits counted in the current window, without counting one."""
    return limiter().peek(name)


def expires_in(name: str) -> float:
    """Seconds until the counter or claim `name` ends (0 if there is none)."""
    return limiter().expires_in(name)


def clear(name: str) -> None:
    limiter().clear(name)
