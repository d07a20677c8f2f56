"""Backup and restore (docs/interfaces.md §6): one archive with the database, the uploaded
files and the audit head; a restore that checks the archive whole before touching anything,
refuses a target that holds data, and verifies what it brought back."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

import gongkai
from gongkai.audit.anchors import Anchor, AnchorFile, read_anchors
from gongkai.audit.selectors import anchor_file_path, audit_verify
from gongkai.audit.services import AuditAnchorRefused, Target, audit_anchor_write, audit_record
from gongkai.core.backup import dumps
from gongkai.core.backup.archive import (
    FORMAT,
    FORMAT_VERSION,
    ArchiveError,
    Member,
    extract_verified,
    tree_members,
    write_archive,
)

ANCHORS_MEMBER = "audit/anchors.jsonl"
VENDOR_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


@dataclass
class BackupResult:
    path: Path
    size: int
    manifest: dict[str, Any]
    anchor: Anchor | None
    problems: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    migrated: bool
    published_checked: int
    head: tuple[int, str]
    notes: list[str] = field(default_factory=list)


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _stamp() -> str:
    return timezone.now().astimezone(UTC).strftime("%Y%m%d-%H%M%S")


# --- Backup -----------------------------------------------------------------------------------


def backup_create(*, path: Path) -> BackupResult:
    """Write one archive: a consistent dump of the database, the uploaded files and the audit
    head, which is also anchored outside the database when the chain verifies. A chain that does
    not verify is still backed up (the archive is evidence) and its problems are returned."""
    path = Path(path).absolute()
    media = _media_root().absolute()
    if path.is_relative_to(media):
        raise BackupError(f"备份文件不能放在上传文件目录 {media} 之内")
    path.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in VENDOR_LABELS:
        raise BackupError(f"不支持备份 {vendor} 数据库")
    with tempfile.TemporaryDirectory(prefix=".gongkai-backup-", dir=path.parent) as scratch:
        scratch_dir = Path(scratch)
        dump = scratch_dir / dumps.dump_file_name(vendor)
        try:
            if vendor == "sqlite":
                snapshot = dumps.sqlite_dump(connection.settings_dict, dump)
            else:
                snapshot = dumps.postgres_dump(connection, dump)
        except dumps.DumpError as error:
            raise BackupError(str(error)) from error

        problems: list[str] = []
        anchor = None
        if snapshot.head[0]:
            try:
                anchor = audit_anchor_write(head=snapshot.head)
            except AuditAnchorRefused as refused:
                problems = refused.problems

        members = [Member(f"database/{dump.name}", dump)]
        if anchor_file_path().is_file():
            copy = scratch_dir / "anchors.jsonl"
            shutil.copyfile(anchor_file_path(), copy)
            members.append(Member(ANCHORS_MEMBER, copy))
        media_members = tree_members("media/", media)
        members.extend(media_members)
        now = timezone.now().astimezone(UTC)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "gongkai_version": gongkai.__version__,
            "created_at": now.isoformat(timespec="seconds"),
            "created_ts": int(now.timestamp()),
            "database": {"vendor": vendor, "file": f"database/{dump.name}"},
            "migrations": snapshot.migrations,
            "audit_head": {"seq": snapshot.head[0], "hash": snapshot.head[1]},
            "audit_verified": not problems,
            "audit_problems": problems,
            "counts": snapshot.counts | {"media_files": len(media_members)},
        }
        size = write_archive(path, manifest=manifest, members=members)
    return BackupResult(path=path, size=size, manifest=manifest, anchor=anchor, problems=problems)


BACKUP_PREFIX = "gongkai-"
BACKUP_SUFFIX = ".tar.gz"


def backup_prune(*, directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives made by the nightly backup (their names carry
    their UTC time, so name order is time order); other files are left alone."""
    archives = sorted(
        path for path in Path(directory).glob(f"{BACKUP_PREFIX}*{BACKUP_SUFFIX}") if path.is_file()
    )
    removed = archives[: max(len(archives) - keep, 0)]
    for path in removed:
        path.unlink()
    return removed


def backup_nightly() -> tuple[BackupResult, list[Path]]:
    directory = Path(settings.GONGKAI_BACKUP_DIR)
    result = backup_create(path=directory / f"{BACKUP_PREFIX}{_stamp()}{BACKUP_SUFFIX}")
    removed = backup_prune(directory=directory, keep=settings.GONGKAI_BACKUP_KEEP)
    return result, removed


# --- Restore ----------------------------------------------------------------------------------


def _migration_state(manifest: dict[str, Any]) -> bool:
    """Whether the archive's schema is older than this version's (then migrate after loading).
    An archive from a newer version is refused: this code cannot read its schema."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    archived = manifest.get("migrations")
    if not isinstance(archived, dict):
        raise BackupError("备份清单缺少数据库结构版本（migrations）")
    for app, name in sorted(archived.items()):
        if (app, name) not in loader.disk_migrations:
            raise BackupError(
                f"备份来自更新的版本（{app} 的数据库结构 {name} 本版本没有），"
                f"请先安装 {manifest.get('gongkai_version', '更新的')} 或更新版本的公开系统再恢复"
            )
    leaves = dict(loader.graph.leaf_nodes())
    return any(archived.get(app) != name for app, name in leaves.items())


def _target_contents() -> list[str]:
    found = []
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as error:
        raise BackupError(f"无法连接恢复目标数据库：{error}") from error
    if tables:
        found.append(f"数据库中已有 {len(tables)} 张表")
    media = _media_root()
    if media.is_dir() and any(media.iterdir()):
        found.append(f"上传文件目录 {media} 不是空的")
    return found


def _restore_media(staged: Path, stamp: str) -> str | None:
    media = _media_root()
    note = None
    if media.is_dir() and any(media.iterdir()):
        aside = media.with_name(f"{media.name}.before-restore-{stamp}")
        media.rename(aside)
        note = f"原上传文件目录已另存为 {aside}"
    elif media.is_dir():
        media.rmdir()
    media.parent.mkdir(parents=True, exist_ok=True)
    if staged.is_dir():
        shutil.move(str(staged), str(media))
    else:
        media.mkdir()
    return note


def _restore_anchors(staged: Path, head: tuple[int, str], stamp: str) -> list[str]:
    """Put the archive's anchors file in place. An anchors file already there that says more
    than the archive (the same machine, restored to an older backup) is kept aside, and the
    audit records lost since the backup are named."""
    target = anchor_file_path()
    notes = []
    if target.is_file() and (not staged.is_file() or target.read_bytes() != staged.read_bytes()):
        existing = read_anchors(target)
        aside = target.with_name(f"{target.name}.before-restore-{stamp}")
        target.rename(aside)
        notes.append(f"原审计锚点文件与备份中的不同，已另存为 {aside}")
        latest = existing.latest
        if latest is not None and latest.seq > head[0]:
            lost = f"{latest.seq}" if latest.seq == head[0] + 1 else f"{head[0] + 1}–{latest.seq}"
            notes.append(
                f"原锚点记录的链头为第 {latest.seq} 条：备份之后的第 {lost} 条审计记录"
                "未包含在本备份中"
            )
    if staged.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(staged, target)
    return notes


def backup_restore(
    *, path: Path, force: bool = False, progress: Callable[[str], None] = lambda _: None
) -> RestoreResult:
    """Restore an archive into the configured database and media directory.

    Nothing outside a scratch directory is touched until the archive has been checked whole
    (every member's SHA-256, the manifest, the database vendor and schema version) and the
    target found empty (or `force` given). Then: load the database and the files, verify the
    audit chain against the archived anchors and head, migrate, record the restore in the trail
    and anchor it, and verify every published item's content hash."""
    path = Path(path).absolute()
    media = _media_root().absolute()
    media.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".gongkai-restore-", dir=media.parent))
    try:
        progress("检查备份文件 / checking the archive")
        try:
            manifest = extract_verified(path, scratch)
        except ArchiveError as error:
            raise BackupError(str(error)) from error
        archived_vendor = (manifest.get("database") or {}).get("vendor")
        if archived_vendor != connection.vendor:
            raise BackupError(
                f"备份来自 {VENDOR_LABELS.get(archived_vendor, archived_vendor)} 数据库，"
                f"当前配置的是 {VENDOR_LABELS.get(connection.vendor, connection.vendor)}："
                "不支持跨数据库类型恢复"
            )
        dump = scratch / manifest["database"]["file"]
        if not dump.is_file():
            raise BackupError("备份文件中没有数据库")
        head_data = manifest.get("audit_head") or {}
        head = (int(head_data.get("seq", 0)), str(head_data.get("hash", "")))
        needs_migrate = _migration_state(manifest)
        if connection.vendor == "sqlite":
            try:
                dumps.sqlite_check(dump)
            except dumps.DumpError as error:
                raise BackupError(str(error)) from error
        found = _target_contents()
        if found and not force:
            raise BackupError(
                "恢复目标不是空的（" + "；".join(found) + "）。未做任何改动；"
                "确认要用备份覆盖它们，请加 --force"
            )

        stamp = _stamp()
        notes = []
        progress("恢复数据库 / restoring the database")
        try:
            if connection.vendor == "sqlite":
                connection.close()
                dumps.sqlite_load(connection.settings_dict, dump)
            else:
                if found:
                    dumps.postgres_clear(connection)
                dumps.postgres_load(connection, dump)
        except dumps.DumpError as error:
            raise BackupError(str(error)) from error
        connection.close()

        progress("恢复上传文件 / restoring the uploaded files")
        note = _restore_media(scratch / "media", stamp)
        if note:
            notes.append(note)

        progress("校验审计日志 / verifying the audit trail")
        staged_anchors = scratch / ANCHORS_MEMBER
        archived_anchors = read_anchors(staged_anchors) if staged_anchors.is_file() else None
        report = audit_verify(anchors=archived_anchors or AnchorFile())
        if not report.ok:
            raise BackupError("恢复后的审计日志校验未通过：" + "；".join(report.problems))
        if (report.head_seq, report.head_hash) != head:
            raise BackupError(
                f"恢复后的审计日志链头（第 {report.head_seq} 条，{report.head_hash}）"
                f"与备份清单记录的链头（第 {head[0]} 条，{head[1]}）不符"
            )
        notes.extend(_restore_anchors(staged_anchors, head, stamp))

        if needs_migrate:
            progress("升级数据库结构 / migrating the schema")
        call_command("migrate", interactive=False, verbosity=0)
        restored = audit_record(
            actor=None,
            action="core.backup_restore",
            target=Target("core.backup", manifest.get("created_at", ""), path.name[:255]),
            after={
                "archive": path.name,
                "created_at": manifest.get("created_at"),
                "gongkai_version": manifest.get("gongkai_version"),
                "audit_head": head_data,
            },
        )
        try:
            audit_anchor_write(head=(restored.seq, restored.hash))
        except AuditAnchorRefused as refused:
            raise BackupError("恢复后无法记录审计锚点：" + "；".join(refused.problems)) from refused

        progress("核验已发布内容 / verifying published content")
        from gongkai.portal.verification import verify_published

        published = verify_published()
        if published.mismatches:
            listed = "；".join(str(mismatch) for mismatch in published.mismatches[:20])
            raise BackupError(
                f"恢复后已发布内容核验未通过（{len(published.mismatches)} 处不一致）：{listed}"
            )
        return RestoreResult(
            manifest=manifest,
            migrated=needs_migrate,
            published_checked=published.checked,
            head=head,
            notes=notes,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
