"""What every search backend takes and gives."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from gongkai.search.tokenise import AnyOf, Clause, Phrase, Substring, Tokeniser

FACETS = ("agency", "category", "subject", "year", "validity")
# Matches are counted up to COUNT_LIMIT (no page reaches past it); above it the facets and the
# date order are over the newest COUNT_LIMIT matches (by item id). bm25 ranks all matches when
# every term has at most RANK_ALL; a more common term is ranked by where it occurs (title
# first), newest first: bm25 reads every row that holds each term to weigh it, 80 ms for 通知
# in a million items (docs/benchmarks.md). Exact document numbers and titles come first.
COUNT_LIMIT = 10_000
RANK_ALL = 5_000


@dataclass(frozen=True)
class Document:
    """One published item as the index sees it: normalised text and what filters read."""

    item_id: int
    title: str
    doc_number: str
    keywords: str
    body: str
    attachments: str
    agency_id: int
    statutory_category: str
    subject_id: int | None
    year: int
    validity: str
    published_on: date
    doc_number_key: str
    title_key: str


# The columns of search_entry, which both backends fill alike: what filters, facets and the
# exact-match pins read.
ENTRY_COLUMNS = (
    "item_id, agency_id, statutory_category, subject_id, year, validity, published_on, "
    "doc_number_key, title_key"
)


def entry_values(d: Document) -> tuple:
    """A document's values for ENTRY_COLUMNS, in that order."""
    return (
        d.item_id,
        d.agency_id,
        d.statutory_category,
        d.subject_id,
        d.year,
        d.validity,
        d.published_on,
        d.doc_number_key[:100],
        d.title_key[:300],
    )


@dataclass(frozen=True)
class Filters:
    agency_id: int | None = None
    statutory_category: str | None = None
    subject_id: int | None = None
    year: int | None = None
    validity: str | None = None

    def tokens(self) -> list[str]:
        """Filter values as tokens of the `facets` column (fixed width, so that no token is
        a substring of another for the trigram tokenizer)."""
        out = []
        if self.agency_id is not None:
            out.append(agency_token(self.agency_id))
        if self.statutory_category is not None:
            out.append(category_token(self.statutory_category))
        if self.subject_id is not None:
            out.append(subject_token(self.subject_id))
        if self.year is not None:
            out.append(year_token(self.year))
        if self.validity is not None:
            out.append(validity_token(self.validity))
        return out


def agency_token(agency_id: int) -> str:
    return f"ag{agency_id:010d}"


def category_token(code: str) -> str:
    # "20-3" → ct2003, "21" → ct2100
    main, _, sub = code.partition("-")
    return f"ct{int(main):02d}{int(sub or 0):02d}"


def subject_token(subject_id: int) -> str:
    return f"sj{subject_id:010d}"


def year_token(year: int) -> str:
    return f"yr{year:04d}"


def validity_token(validity: str) -> str:
    return f"vd{validity.replace('_', '')}"


def facet_tokens(document: Document) -> str:
    return " ".join(
        Filters(
            agency_id=document.agency_id,
            statutory_category=document.statutory_category,
            subject_id=document.subject_id,
            year=document.year,
            validity=document.validity,
        ).tokens()
    )


@dataclass(frozen=True)
class Query:
    """What to look for: each term's clauses (all must match; with `any_term`, one term is
    enough), filters, order and page."""

    terms: tuple[tuple[Clause, ...], ...]
    filters: Filters = Filters()
    sort: str = "relevance"  # or "date"
    offset: int = 0
    limit: int = 20
    any_term: bool = False
    pinned: tuple[int, ...] = ()  # exact document-number or title matches: first
    facets: bool = False


@dataclass
class Hits:
    ids: list[int]
    scores: list[float]
    total: int
    facets: dict[str, list[tuple[object, int]]] = field(default_factory=dict)
    facets_window: int = 0  # facets counted over only the newest this many matches (0: all)
    more: bool = False  # more matches than `total` (counting stopped at COUNT_LIMIT)


def pin(
    rows: list[tuple[int, float]], pinned: list[int], offset: int, limit: int
) -> tuple[list[int], list[float]]:
    """Ranked (id, score) rows with the pinned ids first (scored as the best), cut to the
    page."""
    best = max((score for _, score in rows), default=0.0)
    scores = dict(rows)
    ordered = [(pk, max(best, scores.get(pk, best))) for pk in pinned]
    ordered += [(pk, score) for pk, score in rows if pk not in set(pinned)]
    page = ordered[offset : offset + limit]
    return [pk for pk, _ in page], [score for _, score in page]


class Backend(Protocol):
    vendor: str
    tokeniser: Tokeniser

    def index(self, documents: Sequence[Document], *, replace: bool = True) -> None: ...

    def remove(self, item_ids: Iterable[int]) -> None: ...

    def clear(self) -> None: ...

    def search(self, query: Query) -> Hits: ...


def query_terms(tokeniser: Tokeniser, terms: Iterable[str]) -> tuple[tuple[Clause, ...], ...]:
    """Normalised query terms → clauses; terms with nothing searchable are left out."""
    out = []
    for term in terms:
        clauses = tuple(tokeniser.clauses(term))
        if clauses:
            out.append(clauses)
    return tuple(out)


__all__ = [
    "FACETS",
    "AnyOf",
    "COUNT_LIMIT",
    "ENTRY_COLUMNS",
    "RANK_ALL",
    "Backend",
    "Clause",
    "Document",
    "Filters",
    "Hits",
    "Phrase",
    "Query",
    "Substring",
    "entry_values",
    "pin",
    "query_terms",
]
