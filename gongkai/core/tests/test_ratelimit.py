"""The rate-limit counters are exact under concurrency, on the database (SQLite and PostgreSQL,
whichever the suite runs on) and on Redis."""

import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from gongkai.core import ratelimit

THREADS = 16
HITS_EACH = 5


def run_in_threads(work, count=THREADS):
    start = threading.Barrier(count)
    results, errors = [], []

    def body(n):
        try:
            start.wait()
            results.append(work(n))
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_on_one_key_count_exactly():
    def work(n):
        return [ratelimit.hit("test:one-key", 60) for _ in range(HITS_EACH)]

    counts = sorted(c for batch in run_in_threads(work) for c in batch)
    assert counts == list(range(1, THREADS * HITS_EACH + 1))


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_agree_on_one_winner():
    held = run_in_threads(lambda n: ratelimit.claim("test:claim", f"value-{n}", 60))
    assert len(set(held)) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_acquire_lets_exactly_one_through():
    taken = run_in_threads(lambda n: ratelimit.acquire("test:lock", 60))
    assert taken.count(True) == 1


@pytest.mark.django_db
def test_a_window_starts_again_after_it_expires():
    first = [ratelimit.hit("test:window", 0.2) for _ in range(3)]
    time.sleep(0.3)
    assert (first, ratelimit.hit("test:window", 0.2)) == ([1, 2, 3], 1)


@pytest.mark.django_db
def test_a_claim_keeps_the_first_value_until_it_expires():
    first = ratelimit.claim("test:claim-expiry", "a", 0.2)
    second = ratelimit.claim("test:claim-expiry", "b", 0.2)
    time.sleep(0.3)
    assert (first, second, ratelimit.claim("test:claim-expiry", "c", 0.2)) == ("a", "a", "c")


@pytest.mark.django_db
def test_cleared_counter_starts_from_one():
    ratelimit.hit("test:clear", 60)
    ratelimit.hit("test:clear", 60)
    ratelimit.clear("test:clear")
    assert ratelimit.hit("test:clear", 60) == 1


@pytest.mark.django_db
def test_long_names_are_bounded_and_distinct():
    a, b = "x" * 300 + "a", "x" * 300 + "b"
    assert (ratelimit.hit(a, 60), ratelimit.hit(a, 60), ratelimit.hit(b, 60)) == (1, 2, 1)


# -- Redis -----------------------------------------------------------------------------------


@pytest.fixture
def redis_cache(tmp_path, settings):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server not installed: apt-get install redis-server")
    socket = Path(tmp_path) / "redis.sock"
    process = subprocess.Popen(  # noqa: S603
        [server, "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        if socket.exists():
            break
        time.sleep(0.05)
    url = f"unix://{socket}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_redis_is_used_when_the_cache_is_redis(redis_cache):
    assert isinstance(ratelimit.limiter(), ratelimit.RedisLimiter)


def test_concurrent_hits_on_one_key_count_exactly_on_redis(redis_cache):
    def work(n):
        return [ratelimit.hit("test:one-key", 60) for _ in range(HITS_EACH)]

    counts = sorted(c for batch in run_in_threads(work) for c in batch)
    assert counts == list(range(1, THREADS * HITS_EACH + 1))


def test_concurrent_acquire_lets_exactly_one_through_on_redis(redis_cache):
    taken = run_in_threads(lambda n: ratelimit.acquire("test:lock", 60))
    assert taken.count(True) == 1


def test_redis_window_and_claim_expire(redis_cache):
    hits = [ratelimit.hit("test:w", 0.2) for _ in range(2)]
    held = [ratelimit.claim("test:c", v, 0.2) for v in "ab"]
    time.sleep(0.3)
    assert (hits, held, ratelimit.hit("test:w", 0.2), ratelimit.claim("test:c", "z", 1)) == (
        [1, 2],
        ["a", "a"],
        1,
        "z",
    )
