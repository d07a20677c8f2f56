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
