from __future__ import annotations

from gongkai.audit.chain import GENESIS_HASH, ChainReport, verify_chain
from gongkai.audit.models import AuditHead, AuditRecord


def audit_verify(*, expected_head_hash: str | None = None, using: str = "default") -> ChainReport:
    """Walk the whole trail in sequence order and check every link (streams, any size)."""
    records = (
        record.hashed_fields() | {"hash": record.hash}
        for record in AuditRecord.objects.using(using).order_by("seq").iterator(chunk_size=2000)
    )
    head = AuditHead.objects.using(using).filter(pk=1).values_list("seq", "hash").first()
    # A missing head row with records present is itself tampering: compare against genesis.
    head = head or (0, GENESIS_HASH)
    return verify_chain(records, head, expected_head_hash=expected_head_hash)


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
