"""Writes to the audit trail (Art. 45: keep records of registration, review, handling...).

`audit_record` is called by every service, inside the service's transaction, so a change and
its record commit or roll back together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from gongkai.audit.chain import GENESIS_HASH, record_hash, to_json_value
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
    head = AuditHead.objects.using(using).select_for_update().filter(pk=1).first()
    if head is None:
        head, _ = AuditHead.objects.using(using).get_or_create(
            pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
        )
    return head


def _actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "pk", None):
        return SYSTEM_LABEL
    name = getattr(actor, "display_name", "") or ""
    return f"{name}（{actor.get_username()}）" if name else actor.get_username()
