"""The backup archive is checked whole before anything is restored: a flipped byte, a missing
or extra member, a member that would land outside the target, a foreign manifest are refused
with a message. No database here: the format is pure."""

import io
import json
import tarfile
from pathlib import Path

import pytest

from gongkai.core.backup.archive import (
    FORMAT,
    FORMAT_VERSION,
    ArchiveError,
    Member,
    extract_verified,
    tree_members,
    write_archive,
)

MANIFEST = {"format": FORMAT, "format_version": FORMAT_VERSION, "created_ts": 1764720000}


@pytest.fixture
def source(tmp_path):
    media = tmp_path / "media"
    (media / "attachments" / "2025").mkdir(parents=True)
    (media / "attachments" / "2025" / "名单.png").write_bytes(b"\x89PNG" + bytes(range(256)) * 40)
    (media / "id_proofs").mkdir()
    (media / "id_proofs" / "a.pdf").write_bytes(b"%PDF-1.4 " * 500)
    database = tmp_path / "gongkai.sqlite3"
    database.write_bytes(b"SQLite format 3\x00" + b"\x01" * 8000)
    return database, media


@pytest.fixture
def archive(tmp_path, source):
    database, media = source
    path = tmp_path / "backup.tar.gz"
    members = [Member("database/gongkai.sqlite3", database), *tree_members("media/", media)]
    write_archive(path, manifest=MANIFEST, members=members)
    return path


def scratch(tmp_path) -> Path:
    path = tmp_path / "scratch"
    path.mkdir()
    return path


def rewrite(path: Path, change) -> None:
    """Rebuild the archive with change(name, data) -> (name, data) | None per member."""
    with tarfile.open(path, "r:gz") as old:
        entries = [(i.name, old.extractfile(i).read()) for i in old if i.isfile()]
    with tarfile.open(path, "w:gz") as new:
        for name, data in entries:
            changed = change(name, data)
            if changed is None:
                continue
            info = tarfile.TarInfo(changed[0])
            info.size = len(changed[1])
            new.addfile(info, io.BytesIO(changed[1]))


def refusal(path, tmp_path) -> str:
    with pytest.raises(ArchiveError) as error:
        extract_verified(path, scratch(tmp_path))
    return str(error.value)


def test_an_archive_round_trips_with_every_member_hashed(archive, tmp_path, source):
    target = scratch(tmp_path)
    manifest = extract_verified(archive, target)
    assert (
        sorted(manifest["members"]),
        (target / "media/attachments/2025/名单.png").read_bytes(),
    ) == (
        [
            "database/gongkai.sqlite3",
            "media/attachments/2025/名单.png",
            "media/id_proofs/a.pdf",
        ],
        (source[1] / "attachments/2025/名单.png").read_bytes(),
    )


def test_the_manifest_is_the_last_member(archive):
    with tarfile.open(archive, "r:gz") as opened:
        assert opened.getnames()[-1] == "manifest.json"


def test_a_flipped_byte_is_refused(archive, tmp_path):
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    assert refusal(archive, tmp_path) == "备份文件已损坏（压缩数据校验失败），已拒绝恢复"


def test_a_truncated_archive_is_refused(archive, tmp_path):
    archive.write_bytes(archive.read_bytes()[:-200])
    assert refusal(archive, tmp_path) == "备份文件已损坏（压缩数据校验失败），已拒绝恢复"


def test_a_member_changed_and_recompressed_is_refused(archive, tmp_path):
    rewrite(archive, lambda n, d: (n, d[:-1] + b"X") if n.endswith(".pdf") else (n, d))
    assert refusal(archive, tmp_path) == (
        "备份文件中“media/id_proofs/a.pdf”的 SHA-256 与清单不符，备份已损坏或被改动"
    )


def test_a_missing_member_is_refused(archive, tmp_path):
    rewrite(archive, lambda n, d: None if n.endswith(".pdf") else (n, d))
    assert refusal(archive, tmp_path) == "备份文件缺少清单所列的“media/id_proofs/a.pdf”"


def test_a_member_not_in_the_manifest_is_refused(archive, tmp_path):
    with tarfile.open(archive, "r:gz") as old:
        entries = [(i.name, old.extractfile(i).read()) for i in old if i.isfile()]
    entries.insert(0, ("media/extra.txt", b"planted"))
    with tarfile.open(archive, "w:gz") as new:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    assert refusal(archive, tmp_path) == "备份文件中的“media/extra.txt”不在清单中，备份已被改动"


@pytest.mark.parametrize(
    "name",
    ["../escaped.txt", "media/../../escaped.txt", "/var/escaped.txt", "other/escaped.txt"],
)
def test_a_member_that_would_land_outside_the_target_is_refused(archive, tmp_path, name):
    rewrite(archive, lambda n, d: (name, d) if n.endswith(".pdf") else (n, d))
    assert (refusal(archive, tmp_path), (tmp_path / "escaped.txt").exists()) == (
        f"备份文件含有不允许的成员“{name}”（路径越出恢复目录），已拒绝恢复",
        False,
    )


def test_a_link_member_is_refused(archive, tmp_path):
    with tarfile.open(archive, "w:gz") as new:
        info = tarfile.TarInfo("media/passwd")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        new.addfile(info)
    assert refusal(archive, tmp_path) == (
        "备份文件含有不允许的成员“media/passwd”（链接或设备文件），已拒绝恢复"
    )


def test_a_foreign_manifest_is_refused(archive, tmp_path):
    def change(name, data):
        if name == "manifest.json":
            return name, json.dumps(json.loads(data) | {"format": "other"}).encode()
        return name, data

    rewrite(archive, change)
    assert refusal(archive, tmp_path) == "备份文件的清单不是公开系统备份的格式"


def test_a_newer_format_version_is_refused(archive, tmp_path):
    def change(name, data):
        if name == "manifest.json":
            return name, json.dumps(json.loads(data) | {"format_version": 9}).encode()
        return name, data

    rewrite(archive, change)
    assert refusal(archive, tmp_path) == "备份格式版本 9 不受支持（本版本读取 1）"


def test_an_archive_without_manifest_is_refused(archive, tmp_path):
    rewrite(archive, lambda n, d: None if n == "manifest.json" else (n, d))
    assert refusal(archive, tmp_path) == ("备份文件缺少清单 manifest.json，不是完整的公开系统备份")


def test_a_file_that_is_not_an_archive_is_refused(tmp_path):
    path = tmp_path / "notes.tar.gz"
    path.write_text("这不是备份")
    assert refusal(path, tmp_path) == "备份文件已损坏（压缩数据校验失败），已拒绝恢复"


def test_a_missing_file_is_refused(tmp_path):
    assert refusal(tmp_path / "nothing.tar.gz", tmp_path) == (
        f"找不到备份文件 {tmp_path / 'nothing.tar.gz'}"
    )
