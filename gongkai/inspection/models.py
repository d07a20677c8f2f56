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
    def page_label(self) -> str:
        """The page as a reader sees it: the path, without the query string the link keeps
        (?area=… is the link's business, not words on the page)."""
        from urllib.parse import unquote

        return unquote(self.page_url.split("?", 1)[0])

    @property
    def source(self) -> str:
        rule = RULES.get(self.rule)
        return rule.source if rule else ""

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class DisclosureMatter(models.Model):
    """One 公开事项 of the standard catalogue (基层政务公开标准目录)."""

    area = models.CharField("领域", max_length=50)
    level1 = models.CharField("一级事项", max_length=100)
    level2 = models.CharField("二级事项", max_length=200)
    content = models.TextField("公开内容")
    basis = models.TextField("公开依据", blank=True)
    time_limit = models.CharField("公开时限", max_length=300)
    # The time limit read from `time_limit` (standards.parse_time_limit), kept with it.
    limit_amount = models.PositiveIntegerField("时限数值", null=True, blank=True)
    limit_unit = models.CharField("时限单位", max_length=10, blank=True)
    subject = models.CharField("公开主体", max_length=200)
    channels = models.JSONField("公开渠道", default=list)
    audience = models.CharField("公开对象", max_length=10)
    way = models.CharField("公开方式", max_length=10)
    levels = models.JSONField("公开层级", default=list)
    agency = models.ForeignKey(
        Agency,
        verbose_name="责任机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosure_matters",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "标准目录事项"
        verbose_name_plural = "标准目录事项"
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "level1", "level2"], name="disclosure_matter_unique"
            )
        ]

    def __str__(self):
        return f"{self.area}·{self.level1}·{self.level2}"

    @property
    def limit_label(self) -> str:
        from gongkai.inspection.standards import TimeLimit

        return TimeLimit(self.limit_amount, self.limit_unit).label


class SelfCheck(models.Model):
    """An agency's yearly self-check (自查): withheld items re-examined, information often
    applied for (Art. 44) considered for proactive disclosure."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="self_checks"
    )
    year = models.PositiveSmallIntegerField("年度")
    started_on = models.DateField("开始日期")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finished_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "年度自查"
        verbose_name_plural = "年度自查"
        ordering = ["-year", "agency__sort_order", "agency__code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="self_check_once_a_year")
        ]

    def __str__(self):
        return f"{self.agency} {self.year}年度自查"


class WithheldReview(models.Model):
    """A withheld item re-examined in a self-check, with the decision and its reason."""

    class Decision(models.TextChoices):
        PENDING = "", "待审查"
        KEEP = "keep", "继续不予公开"
        DISCLOSE = "disclose", "转为主动公开"

    self_check = models.ForeignKey(SelfCheck, on_delete=models.CASCADE, related_name="reviews")
    item = models.ForeignKey(
        "catalogue.Item", verbose_name="条目", on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(
        "审查结论", max_length=10, choices=Decision.choices, default="", blank=True
    )
    reason = models.CharField("理由", max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField("审查日期", null=True, blank=True)
    # 转为主动公开: the proactive draft made from the item.
    draft = models.ForeignKey(
        "catalogue.Item", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "不予公开信息复核"
        verbose_name_plural = "不予公开信息复核"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["self_check", "item"], name="withheld_review_once"),
            models.CheckConstraint(
                name="withheld_review_decided_has_reason",
                condition=Q(decision="") | ~Q(reason=""),
            ),
        ]

    def __str__(self):
        return f"{self.item_id} {self.get_decision_display()}"


class FrequentProposal(models.Model):
    """A group of similar applications (Art. 44) proposed to the agency as a catalogue draft."""

    self_check = models.ForeignKey(SelfCheck, on_delete=models.CASCADE, related_name="proposals")
    signature = models.CharField("分组", max_length=40)
    case_ids = models.JSONField("申请", default=list)
    item = models.ForeignKey(
        "catalogue.Item", verbose_name="公开目录草稿", on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_on = models.DateField("提出日期")

    class Meta:
        verbose_name = "依申请较多信息转主动公开建议"
        verbose_name_plural = "依申请较多信息转主动公开建议"
        constraints = [
            models.UniqueConstraint(fields=["self_check", "signature"], name="proposal_once")
        ]

    def __str__(self):
        return f"{self.self_check} {self.signature}"
