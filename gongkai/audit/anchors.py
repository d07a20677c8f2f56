"""Audit head anchors: the chain's head (sequence number and hash), written each day and at
every backup to an append-only file outside the database. Pure: no Django.

A database attacker who deletes the tail of the trail and rewrites the head row leaves a valid,
shorter chain; the anchors, out of the database's reach, still name the longer head, so
`gongkai audit verify` reports the loss. The file is itself hash-chained (each line carries the
digest of the line before it), so editing or deleting a line in the middle is detected too.

One JSON object per line:
    {"seq": 1234, "hash": "<head hash>", "at": "2026-12-03T02:00:00+00:00",
     "prev": "<digest of the previous line>", "digest": "<sha256 of seq, hash, at, prev>"}
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

GENESIS_DIGEST = "0" * 64


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str
    prev: str
    digest: str

    def line(self) -> str:
        return json.dumps(
            {
                "seq": self.seq,
                "hash": self.hash,
                "at": self.at,
                "prev": self.prev,
                "digest": self.digest,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    def public(self) -> dict[str, object]:
        return {"seq": self.seq, "hash": self.hash, "at": self.at, "digest": self.digest}


@dataclass
class AnchorFile:
    anchors: list[Anchor] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def latest(self) -> Anchor | None:
        return self.anchors[-1] if self.anchors else None


def anchor_digest(*, seq: int, hash: str, at: str, prev: str) -> str:
    payload = json.dumps(
        {"seq": seq, "hash": hash, "at": at, "prev": prev},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def make_anchor(*, seq: int, hash: str, at: str, prev: str) -> Anchor:
    return Anchor(seq, hash, at, prev, anchor_digest(seq=seq, hash=hash, at=at, prev=prev))


def parse_anchors(text: str) -> AnchorFile:
    """Read and check an anchors file's text: every line well formed, its digest right, linked
    to the line before it, and sequence numbers never going back."""
    result = AnchorFile()
    previous = GENESIS_DIGEST
    previous_seq = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
            anchor = Anchor(
                int(data["seq"]),
                str(data["hash"]),
                str(data["at"]),
                str(data["prev"]),
                str(data["digest"]),
            )
        except (ValueError, KeyError, TypeError):
            result.problems.append(f"锚点文件第 {number} 行格式错误")
            continue
        expected = anchor_digest(seq=anchor.seq, hash=anchor.hash, at=anchor.at, prev=anchor.prev)
        if anchor.digest != expected:
            result.problems.append(f"锚点文件第 {number} 行的内容与其摘要不符（锚点被修改）")
        if anchor.prev != previous:
            result.problems.append(
                f"锚点文件第 {number} 行与上一行不衔接（锚点被删除、插入或修改）"
            )
        if anchor.seq < previous_seq:
            result.problems.append(f"锚点文件第 {number} 行的链头序号小于上一行")
        previous = anchor.digest
        previous_seq = anchor.seq
        result.anchors.append(anchor)
    return result


def read_anchors(path: Path) -> AnchorFile:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return AnchorFile()
    except (OSError, UnicodeDecodeError) as error:
        return AnchorFile(problems=[f"无法读取锚点文件 {path}：{error}"])
    return parse_anchors(text)


def append_anchor(path: Path, *, seq: int, hash: str, at: str) -> Anchor:
    """Append one anchor under an exclusive lock (a nightly job and a hand-run backup may meet)
    and flush it to disk. A head already anchored last is not written twice."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    with os.fdopen(fd, "r+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        current = parse_anchors(handle.read())
        if current.problems:
            raise ValueError("；".join(current.problems))
        latest = current.latest
        if latest is not None and (latest.seq, latest.hash) == (seq, hash):
            return latest
        anchor = make_anchor(
            seq=seq, hash=hash, at=at, prev=latest.digest if latest else GENESIS_DIGEST
        )
        handle.write(anchor.line() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return anchor
