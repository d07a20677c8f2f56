from datetime import UTC

from django.conf import settings
from django.db import models


class AuditTrailIsAppendOnly(Exception):
    """Raised on any attempt to change or remove audit records through the application."""


class AuditRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditTrailIsAppendOnly("审计日志只能追加，不能修改")

    def delete(self):
        raise AuditTrailIsAppendOnly("审计日志只能追加，不能删除")

    def bulk_update(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("审计日志只能追加，不能修改")


class AuditRecord(models.Model):
    """One state change: who did what to which thing, with the before and after."""

    seq = models.PositiveBigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("操作人名称", max_length=150)
    action = models.CharField("操作", max_length=64, db_index=True)
    target_type = models.CharField("对象类型", max_length=64)
    target_id = models.CharField("对象编号", max_length=64)
    target_label = models.CharField("对象", max_length=255)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    prev_hash = models.CharField("前序哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64, unique=True)

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计日志"
        ordering = ["-seq"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("审计日志只能追加，不能删除")

    def hashed_fields(self) -> dict:
        return {
            "seq": self.seq,
            "at": self.at.astimezone(UTC).isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target_label": self.target_label,
            "before": self.before,
            "after": self.after,
            "prev_hash": self.prev_hash,
        }


class AuditHead(models.Model):
    """The chain's last link (one row). Locked while appending, so appends are serial."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self):
        return f"#{self.seq} {self.hash[:12]}"


class AuditVerification(models.Model):
    """The result of one run of the chain verification (nightly job or command)."""

    at = models.DateTimeField("校验时间", auto_now_add=True)
    ok = models.BooleanField("通过")
    checked = models.PositiveBigIntegerField("检查条数")
    head_hash = models.CharField("链头哈希", max_length=64)
    problems = models.JSONField("问题", default=list)

    class Meta:
        verbose_name = "审计日志校验"
        verbose_name_plural = "审计日志校验"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {'通过' if self.ok else '未通过'}"
