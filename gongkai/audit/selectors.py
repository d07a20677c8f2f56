from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings
from django.db.models import Subquery
from django.utils import timezone

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
    # The head and the last record's number in one statement (one snapshot): appends commit
    # the record and the head together, so in any snapshot they agree unless tampered with.
    # Then only records up to that head are walked: writers may go on appending meanwhile.
    last_seq = AuditRecord.objects.using(using).order_by("-seq").values("seq")[:1]
    row = (
        AuditHead.objects.using(using)
        .filter(pk=1)
        .annotate(last=Subquery(last_seq))
        .values_list("seq", "hash", "last")
        .first()
    )
    records = AuditRecord.objects.using(using).order_by("seq")
    problems = list(anchors.problems)
    if row is None:
        # A missing head row with records present is itself tampering: compare against genesis.
        head = (0, GENESIS_HASH)
    else:
        head = (row[0], row[1])
        records = records.filter(seq__lte=head[0])
        if row[2] is not None and row[2] > head[0]:
            problems.append(
                f"链头记录为第 {head[0]} 条，但日志最后一条为第 {row[2]} 条"
                "（末尾记录被删除或链头被改动）"
            )
    report = verify_chain(
        (record.hashed_fields() | {"hash": record.hash} for record in records.iterator(2000)),
        head,
        expected_head_hash=expected_head_hash,
        anchors=[(anchor.seq, anchor.hash) for anchor in anchors.anchors],
    )
    report.problems[:0] = problems
    return report


def audit_records_for(*, target_type: str, target_id: str):
    return AuditRecord.objects.filter(target_type=target_type, target_id=str(target_id))


def model_names() -> dict[str, str]:
    """ "app.model" → the model's Chinese name, for naming the admin's generic edits."""
    from django.apps import apps

    return {
        f"{model._meta.app_label}.{model._meta.model_name}": str(model._meta.verbose_name)
        for model in apps.get_models()
    }


def action_choices() -> list[tuple[str, str]]:
    """(code, Chinese name) of every action the trail holds, for the log's filter."""
    codes = AuditRecord.objects.order_by("action").values_list("action", flat=True).distinct()
    names = model_names()
    from gongkai.audit.labels import action_label as label

    return [(code, label(code, names)) for code in codes]


def recorded_days(*, action: str, target_type: str) -> dict[str, date]:
    """{target id: the local date of the latest record of `action`} — what day the trail says
    something happened (the site inspection compares it with an item's 发布日期)."""
    days: dict[str, date] = {}
    for target_id, at in (
        AuditRecord.objects.filter(action=action, target_type=target_type)
        .order_by("seq")
        .values_list("target_id", "at")
    ):
        days[target_id] = timezone.localdate(at)
    return days
