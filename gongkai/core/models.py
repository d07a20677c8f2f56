from django.conf import settings
from django.db import models


class Counter(models.Model):
    """Gapless serial numbers per agency, year and kind (case numbers, letters, index numbers).

    Taken under SELECT ... FOR UPDATE inside the numbering transaction (`core.services
    .next_serial`), so two clerks numbering at the same instant get consecutive numbers and a
    rolled-back transaction leaves no gap.
    """

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "kind"], name="counter_unique")
        ]

    def __str__(self):
        return f"{self.agency_id}/{self.year}/{self.kind}={self.value}"


class RateCounter(models.Model):
    """One fixed-window counter (or claim) of the rate limits (`core.ratelimit`).

    Written only with single atomic upserts (`INSERT … ON CONFLICT … DO UPDATE … RETURNING`),
    which is what makes the limits exact when many workers count the same key at once.
    `expires` is in milliseconds since the epoch: plain integers compare the same way on
    SQLite and PostgreSQL.
    """

    name = models.CharField(max_length=200, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    value = models.CharField(max_length=100, blank=True)
    expires = models.BigIntegerField(db_index=True)

    def __str__(self):
        return f"{self.name}={self.hits}"


class ImportJob(models.Model):
    """A file uploaded in the workbench to import (导入任务), run by the task worker.

    The clerk's request only stores the file and this record; `core.services.import_job_run`
    (in a huey task) runs the all-or-nothing import and records its progress, the problems
    found by row and column, or the result. The file is deleted when the job ends.
    """

    class Kind(models.TextChoices):
        LEDGER = "ledger", "登记台账"
        CATALOGUE = "catalogue", "公开目录"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        CHECKING = "checking", "校验中"
        IMPORTING = "importing", "导入中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField("文件", upload_to="imports/%Y/", blank=True)
    filename = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("文件大小（字节）")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField("行数", null=True, blank=True)
    rows_prepared = models.PositiveIntegerField("已准备行数", default=0)
    rows_imported = models.PositiveIntegerField("已导入行数", default=0)
    problems = models.JSONField("问题", default=list, blank=True)  # [row, column, message]
    problems_truncated = models.BooleanField(default=False)
    result = models.JSONField("结果", default=dict, blank=True)
    message = models.TextField("说明", blank=True)
    lock_seconds = models.FloatField("最后一步占用写锁（秒）", null=True, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["agency", "kind", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def problem_lines(self) -> list[str]:
        """The problems as the command line prints them: 第 N 行「列」：message."""
        from gongkai.core.tabular import TableFileError

        if not self.problems:
            return []
        error = TableFileError([tuple(p) for p in self.problems], self.problems_truncated)
        return str(error).splitlines()
