from django.conf import settings
from django.db import models


class YearSchedule(models.Model):
    """One year's official holiday schedule, from the State Council General Office notice.

    A year is "loaded" when its row exists; no deadline is computed across a year without one.
    """

    class Source(models.TextChoices):
        PACKAGE = "package", "内置数据（chinesecalendar）"
        ADMIN = "admin", "管理员录入"

    year = models.PositiveSmallIntegerField("年份", unique=True)
    notice = models.CharField(
        "通知文号",
        max_length=200,
        blank=True,
        help_text="例如：国务院办公厅关于2027年部分节假日安排的通知",
    )
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.ADMIN)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度节假日安排"
        verbose_name_plural = "年度节假日安排"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year} 年节假日安排"


class OfficialDay(models.Model):
    """A date the schedule changes: a statutory day off, or a weekend worked (调休上班)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "法定节假日（放假）"
        MAKEUP_WORKDAY = "makeup_workday", "调休上班日"

    schedule = models.ForeignKey(
        YearSchedule, verbose_name="所属安排", on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    name = models.CharField("节日", max_length=60)

    class Meta:
        verbose_name = "节假日 / 调休日"
        verbose_name_plural = "节假日 / 调休日"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date.isoformat()} {self.name} {self.get_kind_display()}"
