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
