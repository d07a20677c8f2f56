"""Path converters. A value outside what the converter accepts makes the URL not match: 404,
never a 500 from `date(0, 1, 1)` deep in a view."""

from __future__ import annotations

from django.utils import timezone

FIRST_REPORT_YEAR = 2008  # the Regulations took effect on 1 May 2008; first annual reports


class ReportYearConverter:
    """A year of annual reports: four digits, from 2008 to this year."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not FIRST_REPORT_YEAR <= year <= timezone.localdate().year:
            raise ValueError(f"no annual report year {year}")
        return year

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"
