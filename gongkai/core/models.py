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
