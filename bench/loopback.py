"""What the loopback load benchmarks (message_posting, participation_load) share: Django set
up in this process, the load average for the report, and a migrated database to post into
(created first when GONGKAI_DATABASE_URL names a PostgreSQL database that does not exist)."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def migrated_database() -> None:
    url = os.environ.get("GONGKAI_DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = urllib.parse.urlparse(url).path.lstrip("/")
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([sys.executable, "-m", "gongkai", "migrate", "-v0"], check=True, cwd=ROOT)
    setup()
