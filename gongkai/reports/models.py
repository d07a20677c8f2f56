from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.accounts.models import Agency


class OtherSystemFigures(models.Model):
    """Table 二's figures that live in other systems (licensing, penalties and enforcement
    decisions; administrative fee income), entered on a form or imported, with their source."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="other_figures"
    )
    year = models.PositiveSmallIntegerField("年度")
    licensing = models.PositiveIntegerField("行政许可本年处理决定数量", default=0)
    penalties = models.PositiveIntegerField("行政处罚本年处理决定数量", default=0)
    enforcement = models.PositiveIntegerField("行政强制本年处理决定数量", default=0)
    fee_income_yuan = models.DecimalField(
        "行政事业性收费本年收费金额（元）", max_digits=14, decimal_places=2, default=0
    )
    source = models.CharField(
        "数据来源", max_length=200, help_text="如：省政务服务网行政许可系统导出（2026-01-05）"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "其他系统数据"
        verbose_name_plural = "其他系统数据"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="other_figures_unique"),
        ]

    def __str__(self):
        return f"{self.agency} {self.year}"


class AnnualReport(models.Model):
    """An agency's (or, with no agency, the government's) annual report for a year: its
    narrative sections, and once published, the figures and documents as published."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        # A published report being corrected: the portal keeps the published version until
        # the correction is published (发布更正); the sections are editable meanwhile.
        CORRECTING = "correcting", "更正中"

    agency = models.ForeignKey(
        Agency,
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField("年度")
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField("发布日期", null=True, blank=True)
    published_figures = models.JSONField("发布时的数据", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # 1 for the first publication; each published correction adds one. The versions before
    # the current one are kept as `AnnualReportVersion` rows.
    version = models.PositiveSmallIntegerField("版本", default=1)
    correction_note = models.TextField("更正说明", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=Q(agency__isnull=False),
                name="annual_report_agency_year",
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(agency__isnull=True),
                name="annual_report_government_year",
            ),
        ]

    def __str__(self):
        return f"{self.agency or '本级政府'} {self.year}年度报告"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


# Published, or being corrected with its published version still on the portal.
PUBLIC_STATUSES = (AnnualReport.Status.PUBLISHED, AnnualReport.Status.CORRECTING)


class AnnualReportVersion(models.Model):
    """A published version of an annual report that a correction replaced, kept as it was
    published: the portal lists it in the report's history."""

    report = models.ForeignKey(
        AnnualReport, verbose_name="年度报告", on_delete=models.PROTECT, related_name="versions"
    )
    version = models.PositiveSmallIntegerField("版本")
    published_on = models.DateField("发布日期")
    published_figures = models.JSONField("发布时的数据")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    correction_note = models.TextField("更正说明", blank=True)
    superseded_on = models.DateField("被更正日期")

    class Meta:
        verbose_name = "年度报告历史版本"
        verbose_name_plural = "年度报告历史版本"
        ordering = ["report", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="report_version_unique"),
        ]

    def __str__(self):
        return f"{self.report} 第{self.version}版"
