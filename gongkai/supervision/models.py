from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.accounts.models import Agency


class WorkdayDay(models.Model):
    """One day of the working-day calendar as a row, so that the database counts working days
    between two dates by a join (`between(a, b)` = rank(b) − rank(a), docs/law.md §1) instead
    of Python walking a million items. A copy of `workdays.calendar.Calendar`'s index, rebuilt
    by `services.day_index_refresh` whenever the loaded schedules change."""

    day = models.DateField(primary_key=True)
    rank = models.IntegerField()  # working days up to and including `day`, from the origin
    segment = models.IntegerField()  # the end of the day's run of loaded years
    loaded = models.BooleanField()  # the day's own year is loaded (not only Dec 31 before)

    class Meta:
        verbose_name = "工作日索引"
        verbose_name_plural = "工作日索引"

    def __str__(self):
        return f"{self.day} {self.rank}"


class DayIndexVersion(models.Model):
    """The calendar version the day index was built from (one row)."""

    version = models.CharField(max_length=300)
    built_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.version


class Nudge(models.Model):
    """督办提醒: the supervising office's recorded reminder to an agency's disclosure office
    about one overdue case, late item or unanswered message (Art. 6, 7: the office supervises).
    It stays in the agency's 我的待办 until the office acknowledges it."""

    class Kind(models.TextChoices):
        REQUEST = "request", "逾期未答复的申请"
        ITEM = "item", "超期发布的信息"
        MESSAGE = "message", "超三个月未答复的留言"

    agency = models.ForeignKey(
        Agency, verbose_name="被督办机关", on_delete=models.PROTECT, related_name="nudges"
    )
    kind = models.CharField("督办事项", max_length=10, choices=Kind.choices)
    subject_id = models.PositiveIntegerField("事项记录")
    subject_label = models.CharField("事项", max_length=300)
    note = models.CharField("督办意见", max_length=500, blank=True)
    sent_on = models.DateField("督办日期")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="督办人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField("记录时间", auto_now_add=True)
    acknowledged_at = models.DateTimeField("知悉时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="知悉人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "督办提醒"
        verbose_name_plural = "督办提醒"
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["agency", "acknowledged_at"], name="nudge_open_by_agency")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.subject_label}"


class Circular(models.Model):
    """通报: the supervising office's circular on a period's indicators. A draft is edited;
    once issued it has a number (示范区政务公开办〔2026〕第3号, serial per year) and is never
    edited again; it is kept internal or published on the portal."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ISSUED = "issued", "已印发"

    period_from = models.DateField("统计起始日期")
    period_to = models.DateField("统计截止日期")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", help_text="每段一行；以“一、”“（一）”开头的行为标题")
    recipients = models.CharField("主送", max_length=300, blank=True)
    # The indicator table as drafted (the JSON of docs/interfaces.md §5): the XLSX and the
    # portal show these figures, not figures recomputed later.
    figures = models.JSONField("指标", default=dict)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    serial = models.PositiveIntegerField("序号", null=True, blank=True)
    number = models.CharField("文号", max_length=80, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    published = models.BooleanField("在门户网站公开", default=False)
    published_on = models.DateField("公开日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = "通报"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "serial"],
                condition=Q(serial__isnull=False),
                name="circular_serial_unique",
            ),
            models.CheckConstraint(
                name="circular_issued_has_number",
                condition=Q(status="draft", serial__isnull=True, published=False)
                | Q(status="issued", serial__isnull=False, issued_on__isnull=False),
            ),
        ]

    def __str__(self):
        return self.number or self.title


class CircularCounter(models.Model):
    """The last circular number issued in a year (gapless, taken under SELECT … FOR UPDATE)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    value = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}={self.value}"


class AssessmentResult(models.Model):
    """考核 results of a year as published (Art. 51–53): the scheme and every agency's score
    and breakdown, frozen at publication."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    scheme = models.JSONField("考核方案")
    results = models.JSONField("考核结果")
    published_on = models.DateField("公布日期")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "考核结果"
        verbose_name_plural = "考核结果"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year} 年度考核结果"


class AssessmentScheme(models.Model):
    """考核方案 of one year as the supervising office edited it (Art. 51–53): the criteria
    rows (assessment.scheme_as_json's format, validated by assessment.parse_scheme) and the
    veto's consequence. A year without a row is scored by assessment.DEFAULT_SCHEME; the row
    is frozen once the year's results are published."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    criteria = models.JSONField("考核项")
    veto_fails = models.BooleanField("单项否决定为不合格", default=True)
    veto_per_case = models.DecimalField(
        "单项否决每条扣分", max_digits=4, decimal_places=1, default=0
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year} 年度考核方案"
