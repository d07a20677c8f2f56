"""The backup archive format. Pure: no Django.

A gzip-compressed tar holding
    database/<dump>        the database (an SQLite file, or a pg_dump custom-format dump)
    media/...              the uploaded files (MEDIA_ROOT)
    audit/anchors.jsonl    the audit anchors file, when there is one
    manifest.json          written last: what the archive holds, with every member's SHA-256

Reading checks everything before anything outside a scratch directory is touched: every member
is a plain file or directory under one of the three prefixes (no absolute path, no `..`, no
link or device: a member can never land outside the target), the manifest is of a known format,
every member is listed in it and has the listed size and SHA-256, and every listed member is
present.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tarfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PREFIXES = ("database/", "media/", "audit/")
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be used; the message says why, in Chinese."""


@dataclass(frozen=True)
class Member:
    name: str
    source: Path


class _HashingReader:
    """Feeds tarfile from a file while hashing exactly the bytes that go into the archive."""

    def __init__(self, handle: IO[bytes]):
        self.handle = handle
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def tree_members(prefix: str, root: Path) -> list[Member]:
    """Every regular file under root (links are not followed), as members under prefix."""
    members: list[Member] = []
    if not root.is_dir():
        return members
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(directory) / filename
            if path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            members.append(Member(f"{prefix}{relative}", path))
    return members


def write_archive(target: Path, *, manifest: dict[str, Any], members: Iterable[Member]) -> int:
    """Write the archive to target (through a temporary name, so a crash never leaves a
    half-written archive under the final name); return its size in bytes."""
    partial = target.with_name(target.name + ".partial")
    listed: dict[str, dict[str, Any]] = {}
    try:
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            for member in members:
                _check_name(member.name)
                with member.source.open("rb") as handle:
                    info = archive.gettarinfo(fileobj=handle, arcname=member.name)
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    info.mode = 0o644
                    reader = _HashingReader(handle)
                    archive.addfile(info, reader)
                listed[member.name] = {"size": reader.size, "sha256": reader.sha256.hexdigest()}
            body = json.dumps(
                manifest | {"members": listed}, ensure_ascii=False, indent=2, sort_keys=True
            ).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            info.mode = 0o644
            info.mtime = int(manifest.get("created_ts", 0))
            archive.addfile(info, _BytesReader(body))
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


class _BytesReader:
    def __init__(self, data: bytes):
        self.data = data
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk = self.data[self.offset : end]
        self.offset += len(chunk)
        return chunk


def _check_name(name: str) -> None:
    path = PurePosixPath(name)
    if (
        (name != MANIFEST and not name.startswith(PREFIXES))
        or path.is_absolute()
        or ".." in path.parts
        or "\\" in name
        or "\x00" in name
    ):
        raise ArchiveError(f"备份文件含有不允许的成员“{name}”（路径越出恢复目录），已拒绝恢复")


def extract_verified(source: Path, scratch: Path) -> dict[str, Any]:
    """Unpack the archive into the (empty) scratch directory and check it whole; return the
    manifest. Raises ArchiveError with the reason; the caller removes scratch."""
    if not source.is_file():
        raise ArchiveError(f"找不到备份文件 {source}")
    # Read the compressed stream to its end first: its CRC is checked only there, and tarfile
    # stops reading at the end-of-archive marker.
    try:
        with gzip.open(source, "rb") as stream:
            while stream.read(CHUNK):
                pass
    except (OSError, EOFError, zlib.error) as error:
        raise ArchiveError("备份文件已损坏（压缩数据校验失败），已拒绝恢复") from error
    try:
        with tarfile.open(source, "r:gz") as archive:
            for info in archive:
                _check_name(info.name)
                if not (info.isfile() or info.isdir()):
                    raise ArchiveError(
                        f"备份文件含有不允许的成员“{info.name}”（链接或设备文件），已拒绝恢复"
                    )
                # The data filter refuses anything that would leave scratch, whatever we missed.
                archive.extract(info, scratch, filter="data")
    except ArchiveError:
        raise
    except tarfile.FilterError as error:
        raise ArchiveError(f"备份文件含有不允许的成员（{error}），已拒绝恢复") from error
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise ArchiveError("备份文件已损坏（不是完整的归档），已拒绝恢复") from error
    except OSError as error:  # the scratch directory: disk full, permissions
        raise ArchiveError(f"无法解开备份文件：{error}") from error

    manifest_path = scratch / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ArchiveError("备份文件缺少清单 manifest.json，不是完整的公开系统备份") from error
    except (ValueError, UnicodeDecodeError, OSError) as error:
        raise ArchiveError("备份文件的清单 manifest.json 格式错误") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError("备份文件的清单不是公开系统备份的格式")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            f"备份格式版本 {manifest.get('format_version')} 不受支持（本版本读取 {FORMAT_VERSION}）"
        )
    listed = manifest.get("members")
    if not isinstance(listed, dict):
        raise ArchiveError("备份文件的清单缺少成员列表")

    present = {
        path.relative_to(scratch).as_posix()
        for path in scratch.rglob("*")
        if path.is_file() and path != manifest_path
    }
    for name in sorted(present - set(listed)):
        raise ArchiveError(f"备份文件中的“{name}”不在清单中，备份已被改动")
    for name in sorted(set(listed) - present):
        raise ArchiveError(f"备份文件缺少清单所列的“{name}”")
    for name in sorted(listed):
        entry = listed[name]
        path = scratch / name
        if not isinstance(entry, dict) or path.stat().st_size != entry.get("size"):
            raise ArchiveError(f"备份文件中“{name}”的大小与清单不符，备份已损坏或被改动")
        if file_sha256(path) != entry.get("sha256"):
            raise ArchiveError(f"备份文件中“{name}”的 SHA-256 与清单不符，备份已损坏或被改动")
    return manifest


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
