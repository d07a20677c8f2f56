"""`gongkai backup` and `gongkai restore` end to end, on whichever database the suite runs: the
source is the test database (committed data: transactional tests), the target a fresh data
directory and, on PostgreSQL, a second database created and dropped here. Restores run as the
operator runs them, as `python -m gongkai restore` in a child process."""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
from datetime import date
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse

import gongkai
from gongkai.accounts.tests.factories import UserFactory
from gongkai.audit.anchors import read_anchors
from gongkai.audit.models import AuditRecord
from gongkai.audit.services import Target, audit_record
from gongkai.core.backup.services import backup_prune
from gongkai.core.tasks import backup_nightly_and_report
from gongkai.portal.tests.conftest import admin, png, published, reviewed  # noqa: F401

ROOT = Path(gongkai.__file__).resolve().parent.parent
PASSWORD = "Gongkai@2026"

pytestmark = pytest.mark.django_db(transaction=True)

WORKS = """
import io, json
from django.core.management import call_command
from django.test import Client
audit, published = io.StringIO(), io.StringIO()
call_command("audit", "verify", stdout=audit)
call_command("verify-published", stdout=published)
response = Client(HTTP_HOST="localhost").post(
    "/accounts/login/", {"username": "kexue", "password": "PASSWORD"}
)
print(json.dumps({
    "audit": audit.getvalue().startswith("审计日志完整"),
    "published": published.getvalue().strip(),
    "login": [response.status_code, response.headers.get("Location")],
}))
""".replace("PASSWORD", PASSWORD)


def run(*args, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "gongkai", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=ROOT,
    )


def shell(script, env):
    done = run("shell", "-c", script, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


class Installation:
    """An installation to restore into: its environment, its media directory, and direct SQL
    on its database (to make it non-empty, and to see that a refused restore changed nothing)."""

    def __init__(self, env, root):
        self.env = env
        self.media = root / "media"
        self.sqlite = root / "gongkai.db"

    def sql(self, statement):
        if "GONGKAI_DATABASE_URL" in self.env:
            import psycopg

            with psycopg.connect(self.env["GONGKAI_DATABASE_URL"], autocommit=True) as database:
                cursor = database.execute(statement)
                return cursor.fetchall() if cursor.description else []
        if not self.sqlite.exists() and statement.startswith("SELECT"):
            return []  # no database file yet: nothing in it
        database = sqlite3.connect(self.sqlite)
        try:
            rows = database.execute(statement).fetchall()
            database.commit()
            return rows
        finally:
            database.close()

    def tables(self):
        if "GONGKAI_DATABASE_URL" in self.env:
            query = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        else:
            query = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1"
        return [row[0] for row in self.sql(query)]


@pytest.fixture
def target(tmp_path):
    """An empty installation to restore into."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GONGKAI_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env |= {"PYTHONPATH": str(ROOT), "GONGKAI_DATA_DIR": str(tmp_path / "target")}
    if connection.vendor != "postgresql":
        yield Installation(env, tmp_path / "target")
        return
    import psycopg

    params = connection.settings_dict
    name = f"{params['NAME']}_restore"
    admin_url = (
        f"postgresql://{params['USER']}@{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}"
    )
    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    env["GONGKAI_DATABASE_URL"] = f"{admin_url}/{name}"
    yield Installation(env, tmp_path / "target")
    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def occupied(target):
    """The target with data of its own: a table with a row, and an uploaded file."""
    target.sqlite.parent.mkdir(parents=True, exist_ok=True)
    target.sql("CREATE TABLE kept (note varchar(20))")
    target.sql("INSERT INTO kept VALUES ('原有数据')")
    target.media.mkdir(parents=True)
    (target.media / "原有文件.txt").write_text("原有", encoding="utf-8")
    return target


@pytest.fixture
def installation(settings, tmp_path, published):  # noqa: F811
    """A small installation: a clerk who can log in, a published item with an attachment."""
    settings.MEDIA_ROOT = str(tmp_path / "source-media")
    UserFactory(username="kexue", display_name="柯学")
    published(
        title="2025年部门预算",
        attachments=[("预算表.png", png((9, 9, 9)))],
        published_on=date(2025, 10, 9),
    )


def backup(path):
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def test_the_backup_command_says_what_it_wrote(installation, tmp_path):
    path = tmp_path / "b.tar.gz"
    lines = backup(path).splitlines()
    head = AuditRecord.objects.order_by("-seq").first()
    assert (lines[0], lines[2], lines[3]) == (
        f"已写入备份 / backup written：{path}（{path.stat().st_size:,} 字节 bytes）",
        "  上传文件 / uploaded files：1 个",
        f"  审计链头 / audit head：第 {head.seq} 条，{head.hash}",
    )


def test_the_manifest_describes_the_archive(installation, tmp_path):
    path = tmp_path / "b.tar.gz"
    backup(path)
    with tarfile.open(path, "r:gz") as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        names = archive.getnames()
    head = AuditRecord.objects.order_by("-seq").first()
    dump = "gongkai.sqlite3" if connection.vendor == "sqlite" else "gongkai.pgdump"
    assert (
        manifest["database"],
        manifest["audit_head"],
        manifest["counts"]["items"],
        manifest["migrations"]["audit"],
        sorted(names) == sorted([*manifest["members"], "manifest.json"]),
        sorted(name.split("/")[0] for name in names),
    ) == (
        {"vendor": connection.vendor, "file": f"database/{dump}"},
        {"seq": head.seq, "hash": head.hash},
        1,
        "0001_initial",
        True,
        ["audit", "database", "manifest.json", "media"],
    )


def test_every_backup_anchors_the_audit_head(installation, tmp_path, settings):
    backup(tmp_path / "b.tar.gz")
    head = AuditRecord.objects.order_by("-seq").first()
    anchor = read_anchors(Path(settings.GONGKAI_AUDIT_ANCHOR_FILE)).latest
    assert (anchor.seq, anchor.hash) == (head.seq, head.hash)


def test_a_restored_installation_works(installation, tmp_path, target):
    path = tmp_path / "b.tar.gz"
    backup(path)
    head = AuditRecord.objects.order_by("-seq").first()
    restored = run("restore", str(path), env=target.env)
    works = shell(WORKS, target.env)
    attachment = next((target.media / "attachments").rglob("*.png"))
    assert (
        restored.returncode,
        restored.stderr,
        restored.stdout.splitlines()[-2:],
        works,
        attachment.read_bytes(),
    ) == (
        0,
        "",
        [
            f"  审计日志 / audit trail：校验通过，链头与备份一致（第 {head.seq} 条）"
            " / verified, head matches the archive",
            "  已发布内容 / published content：1 条核验一致 / verified",
        ],
        {
            "audit": True,
            "published": "已核验 1 条已发布条目，全部与发布时审批的内容一致",
            "login": [302, reverse("workbench:todo")],
        },
        png((9, 9, 9)),
    )


def test_a_backup_taken_while_records_are_written_restores(installation, tmp_path, target):
    stop = threading.Event()
    written = []

    def writer():
        try:
            while not stop.is_set():
                written.append(
                    audit_record(
                        actor=None, action="test.busy", target=Target("test.thing", "1", "忙")
                    ).seq
                )
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 5:
            stop.wait(0.01)
        path = tmp_path / "b.tar.gz"
        backup(path)
        during = len(written)
    finally:
        stop.set()
        thread.join()
    restored = run("restore", str(path), env=target.env)
    with tarfile.open(path, "r:gz") as archive:
        head_seq = json.load(archive.extractfile("manifest.json"))["audit_head"]["seq"]
    assert (restored.returncode, restored.stderr, min(written) < head_seq, during > 5) == (
        0,
        "",
        True,
        True,
    )


def test_restore_into_a_non_empty_target_is_refused_and_changes_nothing(
    installation, tmp_path, occupied
):
    path = tmp_path / "b.tar.gz"
    backup(path)
    again = run("restore", str(path), env=occupied.env)
    assert (
        again.returncode,
        again.stderr.strip(),
        occupied.tables(),
        occupied.sql("SELECT note FROM kept"),
        sorted(p.name for p in occupied.media.iterdir()),
    ) == (
        1,
        "CommandError: 恢复失败 / restore failed：恢复目标不是空的（数据库中已有 1 张表；"
        f"上传文件目录 {occupied.media} 不是空的）。未做任何改动；"
        "确认要用备份覆盖它们，请加 --force",
        ["kept"],
        [("原有数据",)],
        ["原有文件.txt"],
    )


def test_restore_with_force_replaces_a_non_empty_target(installation, tmp_path, occupied):
    path = tmp_path / "b.tar.gz"
    backup(path)
    forced = run("restore", str(path), "--force", env=occupied.env)
    aside = list(occupied.media.parent.glob("media.before-restore-*"))
    assert (
        forced.returncode,
        forced.stderr,
        forced.stdout.splitlines()[-2:],
        occupied.tables().count("kept"),
        [p.name for p in aside[0].iterdir()],
    ) == (
        0,
        "",
        [
            "  已发布内容 / published content：1 条核验一致 / verified",
            f"  注意 / note：原上传文件目录已另存为 {aside[0]}",
        ],
        0,
        ["原有文件.txt"],
    )


def test_a_corrupted_archive_is_refused_before_anything_is_touched(installation, tmp_path, target):
    path = tmp_path / "b.tar.gz"
    backup(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    refused = run("restore", str(path), env=target.env)
    assert (refused.returncode, refused.stderr.strip(), target.tables(), target.media.exists()) == (
        1,
        "CommandError: 恢复失败 / restore failed：备份文件已损坏（压缩数据校验失败），已拒绝恢复",
        [],
        False,
    )


def edit_manifest(path, change):
    """Rewrite the archive with change(manifest) applied (the manifest lists the other members'
    hashes, not its own)."""
    with tarfile.open(path, "r:gz") as old:
        entries = [(i.name, old.extractfile(i).read()) for i in old if i.isfile()]
    with tarfile.open(path, "w:gz") as new:
        for name, data in entries:
            if name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


def test_an_archive_from_a_newer_version_is_refused(installation, tmp_path, target):
    path = tmp_path / "b.tar.gz"
    backup(path)
    edit_manifest(path, lambda manifest: manifest["migrations"].update(audit="0099_future"))
    refused = run("restore", str(path), env=target.env)
    assert (refused.returncode, refused.stderr.strip(), target.tables()) == (
        1,
        "CommandError: 恢复失败 / restore failed：备份来自更新的版本（audit 的数据库结构 "
        f"0099_future 本版本没有），请先安装 {gongkai.__version__} 或更新版本的公开系统再恢复",
        [],
    )


def test_an_archive_of_another_database_vendor_is_refused(installation, tmp_path, target):
    path = tmp_path / "b.tar.gz"
    backup(path)
    other, label = (
        ("postgresql", "PostgreSQL") if connection.vendor == "sqlite" else ("sqlite", "SQLite")
    )
    current = "SQLite" if connection.vendor == "sqlite" else "PostgreSQL"
    edit_manifest(path, lambda manifest: manifest["database"].update(vendor=other))
    refused = run("restore", str(path), env=target.env)
    assert (refused.returncode, refused.stderr.strip(), target.tables()) == (
        1,
        f"CommandError: 恢复失败 / restore failed：备份来自 {label} 数据库，"
        f"当前配置的是 {current}：不支持跨数据库类型恢复",
        [],
    )


# --- Nightly backup and retention ---------------------------------------------------------------


def test_retention_keeps_the_newest_archives(tmp_path):
    names = [f"gongkai-202612{day:02d}-020000.tar.gz" for day in range(1, 6)]
    for name in [*names, "manual.tar.gz"]:
        (tmp_path / name).write_bytes(b"x")
    backup_prune(directory=tmp_path, keep=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [*names[-2:], "manual.tar.gz"]


def test_the_nightly_backup_writes_an_archive_and_keeps_the_last_n(
    installation, tmp_path, settings
):
    settings.GONGKAI_BACKUP_DIR = tmp_path / "backups"
    settings.GONGKAI_BACKUP_KEEP = 2
    settings.GONGKAI_BACKUP_DIR.mkdir()
    for day in (1, 2):
        (settings.GONGKAI_BACKUP_DIR / f"gongkai-202601{day:02d}-020000.tar.gz").write_bytes(b"x")
    result = backup_nightly_and_report()
    assert sorted(p.name for p in settings.GONGKAI_BACKUP_DIR.iterdir()) == [
        "gongkai-20260102-020000.tar.gz",
        result.path.name,
    ]


def test_a_failed_nightly_backup_mails_the_administrators(installation, tmp_path, settings):
    settings.ADMINS = [("管理员", "admin@example.org")]
    settings.GONGKAI_BACKUP_DIR = tmp_path / "a-file"
    settings.GONGKAI_BACKUP_DIR.write_text("not a directory")
    assert (backup_nightly_and_report(), [m.subject for m in mail.outbox]) == (
        None,
        ["夜间备份失败"],
    )
