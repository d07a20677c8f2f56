"""The audit hash chain. Pure: no Django.

Each record's hash covers its own content and the previous record's hash, so editing,
deleting or reordering any record breaks the chain from that point on. Deleting records at
the tail leaves a valid shorter chain; the stored head (last sequence number and hash) catches
that, and the anchors kept outside the database (`anchors.py`) catch it even when the head row
was rewritten too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

GENESIS_HASH = "0" * 64

# The fields a record's hash covers, in the order they are serialised.
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "before",
    "after",
    "prev_hash",
)


def to_json_value(value: Any) -> Any:
    """Normalise to what a JSON column stores and returns (dates and decimals as strings)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def canonical(fields: Mapping[str, Any]) -> bytes:
    payload = {name: fields[name] for name in HASHED_FIELDS}
    return json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    ).encode("utf-8")


def record_hash(fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(fields)).hexdigest()


@dataclass
class ChainReport:
    checked: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    problems: list[str] = field(default_factory=list)
    # The latest anchored sequence number checked against, when anchors were given.
    anchor_seq: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(
    records: Iterable[Mapping[str, Any]],
    stored_head: tuple[int, str] | None,
    expected_head_hash: str | None = None,
    max_problems: int = 100,
    anchors: Sequence[tuple[int, str]] = (),
) -> ChainReport:
    """Check records (ordered by seq) against each other, against the stored head and against
    the (seq, hash) anchors kept outside the database: each anchored record must still be in
    the chain with the anchored hash."""
    report = ChainReport()
    anchored = dict(anchors)
    report.anchor_seq = max(anchored) if anchored else None
    expected_seq = 1
    previous_hash = GENESIS_HASH

    def problem(message: str) -> None:
        if len(report.problems) < max_problems:
            report.problems.append(message)

    for record in records:
        seq = int(record["seq"])
        report.checked += 1
        if seq != expected_seq:
            if seq > expected_seq:
                missing = (
                    f"{expected_seq}" if seq == expected_seq + 1 else (f"{expected_seq}–{seq - 1}")
                )
                problem(f"序号 {missing} 的记录缺失（被删除）")
            else:
                problem(f"序号 {seq} 重复或顺序被改动")
        if record["prev_hash"] != previous_hash:
            problem(f"第 {seq} 条记录的前序哈希与上一条不符（记录被删除、插入或重排）")
        actual = record_hash(record)
        if actual != record["hash"]:
            problem(f"第 {seq} 条记录的内容与其哈希不符（记录被修改）")
        if seq in anchored and anchored[seq] != record["hash"]:
            problem(f"第 {seq} 条记录的哈希与外部锚点记录的不符（记录被改写）")
        previous_hash = record["hash"]
        expected_seq = seq + 1
        report.head_seq = seq
        report.head_hash = record["hash"]

    if stored_head is not None:
        head_seq, head_hash = stored_head
        if (head_seq, head_hash) != (report.head_seq, report.head_hash):
            problem(
                f"链头记录为第 {head_seq} 条，但日志最后一条为第 {report.head_seq} 条"
                "（末尾记录被删除或链头被改动）"
            )
    if anchored and max(anchored) > report.head_seq:
        problem(
            f"外部锚点记录的链头为第 {max(anchored)} 条，但日志只到第 {report.head_seq} 条"
            "（末尾记录被删除，链头被改写）"
        )
    if expected_head_hash is not None and expected_head_hash != report.head_hash:
        problem("日志链尾哈希与外部保存的链头哈希不符")
    return report
