from __future__ import annotations

from pathlib import Path

from django.conf import settings

from gongkai.audit.anchors import AnchorFile, read_anchors
from gongkai.audit.chain import GENESIS_HASH, ChainReport, verify_chain
from gongkai.audit.models import AuditHead, AuditRecord


def anchor_file_path() -> Path:
    return Path(settings.GONGKAI_AUDIT_ANCHOR_FILE)


def audit_anchors(*, path: Path | None = None) -> AnchorFile:
    """The anchors kept outside the database (none yet on a new installation)."""
    return read_anchors(path or anchor_file_path())


def audit_verify(
    *,
    expected_head_hash: str | None = None,
    using: str = "default",
    anchors: AnchorFile | None = None,
) -> ChainReport:
    """Walk the whole trail in sequence order and check every link (streams, any size), the
    head row, and every head anchored outside the database (the configured anchors file unless
    `anchors` is given)."""
    anchors = audit_anchors() if anchors is None else anchors
    records = (
        record.hashed_fields() | {"hash": record.hash}
        for record in AuditRecord.objects.using(using).order_by("seq").iterator(chunk_size=2000)
    )
    head = AuditHead.objects.using(using).filter(pk=1).values_list("seq", "hash").first()
    # A missing head row with records present is itself tampering: compare against genesis.
    head = head or (0, GENESIS_HASH)
    report = verify_chain(
        records,
        head,
        expected_head_hash=expected_head_hash,
        anchors=[(anchor.seq, anchor.hash) for anchor in anchors.anchors],
    )
    report.problems[:0] = anchors.problems
    return report


def audit_records_for(*, target_type: str, target_id: str):
    return AuditRecord.objects.filter(target_type=target_type, target_id=str(target_id))
