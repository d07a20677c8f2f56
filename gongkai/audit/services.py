"""Writes to the audit trail (Art. 45: keep records of registration, review, handling...).

`audit_record` is called by every service, inside the service's transaction, so a change and
its record commit or roll back together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from gongkai.audit.anchors import Anchor, append_anchor
from gongkai.audit.chain import GENESIS_HASH, ChainReport, record_hash, to_json_value
from gongkai.audit.models import AuditHead, AuditRecord

SYSTEM_LABEL = "系统"


@dataclass(frozen=True)
class Target:
    type: str
    id: str
    label: str


def target_of(obj: models.Model | Target) -> Target:
    if isinstance(obj, Target):
        return obj
    meta = obj._meta
    return Target(type=f"{meta.app_label}.{meta.model_name}", id=str(obj.pk), label=str(obj)[:255])


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | Target,
    before: dict | None = None,
    after: dict | None = None,
    using: str = "default",
) -> AuditRecord:
    target = target_of(target)
    actor_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    actor_label = _actor_label(actor)
    with transaction.atomic(using=using):
        head = _locked_head(using)
        at = timezone.now().astimezone(UTC)
        fields = {
            "seq": head.seq + 1,
            "at": at.isoformat(),
            "actor_id": actor_id,
            "actor_label": actor_label,
            "action": action,
            "target_type": target.type,
            "target_id": target.id,
            "target_label": target.label,
            "before": to_json_value(before),
            "after": to_json_value(after),
            "prev_hash": head.hash,
        }
        digest = record_hash(fields)
        record = AuditRecord(
            seq=fields["seq"],
            at=at,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            target_type=target.type,
            target_id=target.id,
            target_label=target.label,
            before=fields["before"],
            after=fields["after"],
            prev_hash=head.hash,
            hash=digest,
        )
        record.save(using=using)
        AuditHead.objects.using(using).filter(pk=head.pk).update(seq=record.seq, hash=digest)
    return record


def _locked_head(using: str) -> AuditHead:
    """Lock the chain's head row. When it does not exist yet (a new database), concurrent
    writers race to insert it: the primary key lets one win, the others wait for its commit
    and then lock the row it made. A missing head with records present is tampering, and the
    next append then fails on the duplicate sequence number instead of forking the chain."""
    heads = AuditHead.objects.using(using).select_for_update()
    head = heads.filter(pk=1).first()
    if head is None:
        try:
            with transaction.atomic(using=using):
                AuditHead.objects.using(using).create(pk=1, seq=0, hash=GENESIS_HASH)
        except IntegrityError:
            pass
        head = heads.get(pk=1)
    return head


def _actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "pk", None):
        return SYSTEM_LABEL
    name = getattr(actor, "display_name", "") or ""
    return f"{name}（{actor.get_username()}）" if name else actor.get_username()


class AuditAnchorRefused(Exception):
    """The chain does not verify, so its head is not anchored: anchoring it would vouch for a
    tampered trail."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(problems))


def audit_anchor_write(
    *,
    head: tuple[int, str] | None = None,
    report: ChainReport | None = None,
    using: str = "default",
) -> Anchor | None:
    """Verify the whole chain (against the anchors already kept) and append its head — or the
    given earlier head, e.g. a backup's snapshot, which must be in the chain — to the anchors
    file outside the database. Nothing is written for an empty trail. `report` is a
    verification just made by the caller, saving a second walk of the chain."""
    from gongkai.audit.selectors import anchor_file_path, audit_verify

    report = report or audit_verify(using=using)
    if not report.ok:
        raise AuditAnchorRefused(report.problems)
    seq, digest = head or (report.head_seq, report.head_hash)
    if seq == 0:
        return None
    if not AuditRecord.objects.using(using).filter(seq=seq, hash=digest).exists():
        raise AuditAnchorRefused([f"日志中没有哈希为 {digest} 的第 {seq} 条记录"])
    at = timezone.now().astimezone(UTC).isoformat(timespec="seconds")
    try:
        return append_anchor(anchor_file_path(), seq=seq, hash=digest, at=at)
    except ValueError as error:  # the anchors file itself was tampered with
        raise AuditAnchorRefused([str(error)]) from error
    except OSError as error:
        raise AuditAnchorRefused([f"无法写入锚点文件 {anchor_file_path()}：{error}"]) from error
