"""Pages of the public catalogue at a million items: `CountedPaginator` is told its count
(from the public tally) instead of counting the list, and fetches a page with
`selectors.rows` (keys first, then the rows) instead of a slice that reads every skipped row."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

from gongkai.portal.selectors import rows


class CountedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._count = count

    @property
    def count(self) -> int:
        return self._count

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows(self.object_list, bottom, top), number, self)
