from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.accounts.models import Agency
from gongkai.inspection.rules import RULES


class InspectionRun(models.Model):
    """One run of the site inspection (网站检查), nightly or started from the workbench; the
    task worker records its progress here while it crawls."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "检查中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    agency = models.ForeignKey(
        Agency,
        verbose_name="检查范围（机关）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="空：全部机关和门户网站",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default="queued")
    stage = models.CharField("当前步骤", max_length=60, blank=True)
    pages_total = models.PositiveIntegerField("待检查页面", default=0)
    pages_checked = models.PositiveIntegerField("已检查页面", default=0)
    pages_per_second = models.FloatField("每秒检查页面", null=True, blank=True)
    findings_opened = models.PositiveIntegerField("新发现问题", default=0)
    findings_closed = models.PositiveIntegerField("已整改关闭", default=0)
    message = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "检查任务"
        verbose_name_plural = "检查任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"检查任务 {self.pk}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class Finding(models.Model):
    """A problem the inspection found (检查发现): open until a later run finds it fixed, which
    closes it with the date (never ticked by hand)."""

    agency = models.ForeignKey(
        Agency,
        verbose_name="责任机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_findings",
        help_text="空：门户网站的公共页面，由主管部门负责",
    )
    rule = models.CharField(
        "检查项", max_length=40, choices=[(r.code, r.label) for r in RULES.values()]
    )
    # What the problem is about within its rule and agency (an item, a page, a column, a
    # message): a re-check finds the same key again, or closes the finding.
    key = models.CharField("对象", max_length=300)
    veto = models.BooleanField("单项否决", default=False)
    page_url = models.CharField("页面", max_length=500, blank=True)
    detail = models.CharField("说明", max_length=1000)
    found_on = models.DateField("发现日期")
    closed_on = models.DateField("整改日期", null=True, blank=True)
    first_run = models.ForeignKey(
        InspectionRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_run = models.ForeignKey(
        InspectionRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "检查发现"
        verbose_name_plural = "检查发现"
        ordering = ["-veto", "closed_on", "-found_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "key"],
                condition=Q(closed_on__isnull=True),
                name="inspection_finding_one_open",
            )
        ]
        indexes = [models.Index(fields=["agency", "closed_on"])]

    def __str__(self):
        return f"{self.rule_label}：{self.detail}"

    @property
    def rule_label(self) -> str:
        rule = RULES.get(self.rule)
        return rule.label if rule else self.rule

    @property
    def source(self) -> str:
        rule = RULES.get(self.rule)
        return rule.source if rule else ""

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
