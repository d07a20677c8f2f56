from django.db import models

from gongkai.accounts.models import Agency
from gongkai.catalogue.models import Item, Subject


class Entry(models.Model):
    """A published item in the search index: what filters, facets and exact matches read.

    The full text lives beside it, in the backend's own structure: an FTS5 table
    ``search_fts`` (rowid = item id) on SQLite, a ``document`` tsvector column of this table
    on PostgreSQL. Both are created by migration 0002 for their database only.
    """

    item = models.OneToOneField(
        Item, primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    statutory_category = models.CharField(max_length=8)
    subject = models.ForeignKey(
        Subject, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    validity = models.CharField(max_length=10)
    published_on = models.DateField()
    # Normalised, for the boost of an exact match (gongkai.search.normalise).
    doc_number_key = models.CharField(max_length=100, blank=True, db_index=True)
    title_key = models.CharField(max_length=300, db_index=True)

    class Meta:
        verbose_name = "检索索引条目"
        verbose_name_plural = "检索索引条目"

    def __str__(self):
        return str(self.item_id)


class SearchTerm(models.Model):
    """An entry of the search vocabulary (gongkai.search.vocabulary): a word citizens type
    and the words documents use for it. Loaded from data/vocabulary.tsv, then the
    administrator's to edit (系统管理 → 检索词表); each change is audited."""

    word = models.CharField("词语", max_length=40, unique=True)
    equivalents = models.TextField(
        "对应词", help_text="用“|”或换行分隔，例如：城市管理|城市管理综合执法"
    )
    two_way = models.BooleanField(
        "双向",
        default=True,
        help_text="勾选：检索任何一个词都同时检索其余各词；不勾选：只在检索“词语”时同时检索对应词",
    )
    active = models.BooleanField("启用", default=True)
    note = models.CharField("说明", max_length=200, blank=True)
    shipped = models.BooleanField("随系统提供", default=False, editable=False)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "检索词"
        verbose_name_plural = "检索词表"
        ordering = ["word"]

    def __str__(self):
        return self.word


class QueryDay(models.Model):
    """What people searched, one row per day, normalised query and filters: how often, how
    often nothing was found, and how many results the last search gave. Nothing about who
    searched is kept — no address, session, account or time of day (docs/architecture.md,
    "Search: what citizens type"). Rows
    older than QUERY_LOG_DAYS are deleted nightly (services.query_log_sweep)."""

    day = models.DateField("日期")
    query = models.CharField("检索词", max_length=100)
    filters = models.CharField("筛选条件", max_length=120, blank=True)
    searches = models.PositiveIntegerField("检索次数", default=0)
    zero_results = models.PositiveIntegerField("无结果次数", default=0)
    results = models.PositiveIntegerField("结果数", default=0)

    class Meta:
        verbose_name = "检索记录（按日汇总）"
        verbose_name_plural = "检索记录（按日汇总）"
        constraints = [
            models.UniqueConstraint(fields=["day", "query", "filters"], name="search_query_day")
        ]
        indexes = [models.Index(fields=["day"], name="search_queryday_day")]

    def __str__(self):
        return f"{self.day} {self.query}"
