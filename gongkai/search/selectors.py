"""Searching the public catalogue: what the portal page, the API and `gongkai search query`
all call.

Only public items are ever shown: the hits of the index are read back through
`public_items_by_pk`, which drops any item not public now, so an index that lags behind a
withdrawal still shows nothing withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Count, Max, Sum

from gongkai.accounts.models import Agency
from gongkai.catalogue.models import Item, Subject
from gongkai.catalogue.selectors import public_items_by_pk
from gongkai.catalogue.taxonomy import STATUTORY_CATEGORIES, VALIDITY
from gongkai.search.backends import Backend, Filters, Query, get_backend
from gongkai.search.backends.base import COUNT_LIMIT
from gongkai.search.models import Entry, QueryDay, SearchTerm
from gongkai.search.normalise import normalise
from gongkai.search.plan import Plan, build
from gongkai.search.query import ParsedQuery, highlight, parse
from gongkai.search.tokenise import Phrase, phrases_in
from gongkai.search.vocabulary import Vocabulary, VocabularyEntry, split_equivalents
from gongkai.search.words import WORDS

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_RESULTS = COUNT_LIMIT  # deepest result reachable by paging
SNIPPET_CHARS = 120
SORTS = {"relevance": "相关度", "date": "发布日期"}
FACET_LABELS = {
    "agency": "发布机关",
    "category": "第二十条类别",
    "subject": "主题分类",
    "year": "年份",
    "validity": "有效性",
}
SOME_TERMS = "没有完全符合检索词的条目，以下是部分符合的结果"
NO_PHRASE = "未找到完整短语，以下为包含全部词语的结果"
FEW_PHRASE = "完整短语的结果较少，其后为包含全部词语的结果"
# A run typed without spaces that finds fewer items than this as a phrase is also searched as
# its words (a page of ten is what the relevance set scores).
FEW = 10
# The first this many results (two and a half pages) are re-ranked by word boundaries.
RERANK = 50


@dataclass(frozen=True)
class SearchFilters:
    agency: Agency | None = None
    category: str | None = None
    subject: Subject | None = None
    year: int | None = None
    validity: str | None = None

    def for_backend(self) -> Filters:
        return Filters(
            agency_id=self.agency.pk if self.agency else None,
            statutory_category=self.category,
            subject_id=self.subject.pk if self.subject else None,
            year=self.year,
            validity=self.validity,
        )


def filters_label(filters: SearchFilters) -> str:
    """The filters of a search as the query log keeps them: 机关、类别、主题、年份、有效性."""
    parts = []
    if filters.agency:
        parts.append(f"机关：{filters.agency.short_name or filters.agency.name}")
    if filters.category:
        parts.append(f"类别：{filters.category}")
    if filters.subject:
        parts.append(f"主题：{filters.subject.name}")
    if filters.year:
        parts.append(f"年份：{filters.year}")
    if filters.validity:
        parts.append(f"有效性：{VALIDITY.get(filters.validity, filters.validity)}")
    return "；".join(parts)[:120]


@dataclass(frozen=True)
class Result:
    item: Item
    score: float
    title_html: str
    snippet_html: str


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[FacetValue]


@dataclass
class SearchPage:
    query: ParsedQuery
    total: int = 0
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    sort: str = "relevance"
    results: list[Result] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    facets_window: int = 0  # facets counted over only the newest this many matches
    more: bool = False  # more matches than `total`: counting stops there
    notice: str = ""
    plan: Plan | None = None  # what was looked for (gongkai.search.plan)
    split: bool = False  # the words of a run were searched, not only the phrase

    @property
    def pages(self) -> int:
        return min(-(-self.total // self.page_size), -(-MAX_RESULTS // self.page_size))


def _pinned(parsed: ParsedQuery, filters: SearchFilters) -> tuple[int, ...]:
    """Items whose document number or title is exactly what was typed: they come first."""
    key = parsed.key
    if not key:
        return ()
    f = filters.for_backend()
    found = []
    # Two look-ups, one per index (an OR, or a filter, could lead SQLite to another index).
    for column in ("doc_number_key", "title_key"):
        for entry in Entry.objects.filter(**{column: key}).order_by("-published_on")[:10]:
            if all(
                value is None or getattr(entry, name) == value for name, value in vars(f).items()
            ):
                found.append(entry.item_id)
    return tuple(dict.fromkeys(found))


def current_vocabulary() -> Vocabulary:
    """The vocabulary's active entries, read again only when the table changed (one small
    aggregate query a search); the word splitter gets the same words."""
    stamp = SearchTerm.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    key = (stamp["n"], stamp["at"])
    cached = _VOCABULARY.get("current")
    if cached is None or cached[0] != key:
        entries = [
            VocabularyEntry(word, split_equivalents(equivalents), two_way)
            for word, equivalents, two_way in SearchTerm.objects.filter(active=True).values_list(
                "word", "equivalents", "two_way"
            )
        ]
        cached = (key, Vocabulary(entries))
        _VOCABULARY["current"] = cached
    vocabulary = cached[1]
    WORDS.use(vocabulary.words())
    return vocabulary


_VOCABULARY: dict[str, tuple[tuple, Vocabulary]] = {}


def search(
    text: str | None,
    filters: SearchFilters | None = None,
    *,
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
    sort: str = "relevance",
    facets: bool = True,
    backend: Backend | None = None,
    vocabulary: Vocabulary | None = None,
    split: bool = True,
    boundaries: bool = True,
) -> SearchPage:
    """Published items matching `text`, best first (or newest first with sort="date").
    `backend`: another than the database's own (the benchmarks compare tokenisations);
    `vocabulary`: another than the table's (an empty one: no widening); `split=False`: runs
    are never cut into words; `boundaries=False`: no word-boundary ranking (the benchmarks
    measure each)."""
    filters = filters or SearchFilters()
    parsed = parse(text)
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    page = max(1, min(page, -(-MAX_RESULTS // page_size)))
    sort = sort if sort in SORTS else "relevance"
    result = SearchPage(parsed, page=page, page_size=page_size, sort=sort, notice=parsed.notice)
    if not parsed.terms:
        return result
    backend = backend or get_backend()
    if vocabulary is None:
        vocabulary = current_vocabulary()
    else:
        WORDS.use(vocabulary.words())
    plan = build(parsed, backend.tokeniser, vocabulary, WORDS)
    if not split:
        plan = replace(plan, split=None)
    result.plan = plan
    offset = (page - 1) * page_size
    relevance = sort == "relevance"
    pinned = _pinned(parsed, filters) if relevance else ()
    # The first RERANK results are fetched whole and re-ranked by word boundaries; pages
    # past them come from the backend as they are (the same items stay in the same places).
    window = relevance and boundaries and offset < RERANK
    query = Query(
        terms=plan.phrase,
        filters=filters.for_backend(),
        sort=sort,
        offset=0 if window else offset,
        limit=max(RERANK, offset + page_size) if window else page_size,
        pinned=pinned,
        facets=facets,
    )
    hits = backend.search(query)
    phrase_ids: list[int] = []
    if plan.split is not None and hits.total < FEW:
        # A run typed without spaces found few items as a phrase: look for its words anywhere,
        # the phrase matches first.
        if window or not relevance:
            phrase_ids = [pk for pk in hits.ids if pk not in pinned]
        else:
            first = backend.search(replace(query, offset=0, limit=FEW))
            phrase_ids = [pk for pk in first.ids if pk not in pinned]
        by_words = replace(
            query, terms=plan.split, pinned=(*pinned, *phrase_ids) if relevance else ()
        )
        wider = backend.search(by_words)
        if wider.total > hits.total:
            result.notice = "；".join(
                filter(None, [result.notice, NO_PHRASE if not hits.total else FEW_PHRASE])
            )
            result.split = True
            hits, query = wider, by_words
    for looser in _looser(query):
        if hits.total:
            break
        # Nothing has every term, or no term as typed: show what comes nearest, and say so.
        hits = backend.search(looser)
        if hits.total:
            result.notice = "；".join(filter(None, [result.notice, SOME_TERMS]))
    result.total = hits.total
    result.more = hits.more
    ids, scores = hits.ids, hits.scores
    if window:
        checked = [*plan.split_words, *plan.words] if result.split else plan.words
        ids, scores = _by_word_boundaries(ids, scores, pinned, phrase_ids, checked)
        ids, scores = ids[offset : offset + page_size], scores[offset : offset + page_size]
    items = public_items_by_pk(ids)
    needles = plan.needles
    for pk, score in zip(ids, scores, strict=True):
        item = items.get(pk)
        if item is None:
            continue
        result.results.append(
            Result(
                item=item,
                score=round(score, 4),
                title_html=highlight(item.title, needles),
                snippet_html=_snippet(item, needles),
            )
        )
    if facets:
        result.facets = _facets(hits.facets, filters)
        result.facets_window = hits.facets_window
    return result


def _by_word_boundaries(
    ids: list[int],
    scores: list[float],
    pinned: tuple[int, ...],
    phrase_ids: list[int],
    words: list[str],
) -> tuple[list[int], list[float]]:
    """The results re-ranked, keeping the exact matches first and the phrase matches before
    the scattered ones: within each group, an item whose title holds a searched word only
    inside another word (大连 in 五大连池) goes after those that do not (docs/benchmarks.md,
    "Whole words before pieces")."""
    words = [w for w in dict.fromkeys(words) if len(w) > 1]
    if not words or len(ids) < 2:
        return ids, scores
    titles = dict(Entry.objects.filter(item_id__in=ids).values_list("item_id", "title_key"))
    pins, phrases = set(pinned), set(phrase_ids)

    def key(position: int) -> tuple[int, int, int]:
        pk = ids[position]
        if pk in pins:
            return (0, 0, position)
        title = titles.get(pk, "")
        inside = WORDS.inside_any(title, words)
        return (1 if pk in phrases else 2, int(inside), position)

    order = sorted(range(len(ids)), key=key)
    return [ids[i] for i in order], [scores[i] for i in order]


def _looser(query: Query) -> list[Query]:
    """What to try when nothing matches: any one of the terms; then any one of their tokens
    (a title remembered with a word missing or added: 加装电梯补贴暂行办法 for 加装电梯财政补贴
    暂行办法), ranked by how many and how rare."""
    out = []
    if len(query.terms) > 1:
        out.append(replace(query, any_term=True))
    tokens = {
        token
        for clauses in query.terms
        for clause in phrases_in(clauses)
        for token in clause.tokens
        if len(token) > 1
    }
    if len(tokens) > 1:
        terms = tuple((Phrase((token,)),) for token in sorted(tokens))
        out.append(replace(query, terms=terms, any_term=True))
    return out


def _snippet(item: Item, needles: list[str]) -> str:
    """Around the first match in the body, else in the summary, else the body's start."""
    texts = [(text, normalise(text)) for text in (item.body, item.summary) if text]
    for text, normal in texts:
        if any(needle in normal for needle in needles):
            return highlight(text, needles, SNIPPET_CHARS, normal=normal)
    text, normal = texts[0] if texts else ("", "")
    return highlight(text, needles, SNIPPET_CHARS, normal=normal)


def _facets(counts: dict[str, list[tuple[object, int]]], filters: SearchFilters) -> list[Facet]:
    named = Agency.objects.filter(pk__in=[v for v, _ in counts.get("agency", [])])
    agencies, codes = {}, {}
    for pk, name, code in named.values_list("pk", "name", "code"):
        agencies[pk], codes[pk] = name, code
    subjects = dict(
        Subject.objects.filter(pk__in=[v for v, _ in counts.get("subject", []) if v]).values_list(
            "pk", "name"
        )
    )
    selected = {
        "agency": filters.agency.code if filters.agency else None,
        "category": filters.category,
        "subject": str(filters.subject.pk) if filters.subject else None,
        "year": str(filters.year) if filters.year else None,
        "validity": filters.validity,
    }
    labels = {
        "agency": lambda v: (codes.get(v, ""), agencies.get(v, "")),
        "category": lambda v: (v, STATUTORY_CATEGORIES.get(v, v)),
        "subject": lambda v: (str(v), subjects.get(v, "")),
        "year": lambda v: (str(v), f"{v}年"),
        "validity": lambda v: (v, VALIDITY.get(v, v)),
    }
    out = []
    for name, label in FACET_LABELS.items():
        values = []
        for raw, count in counts.get(name, []):
            if raw is None:
                continue  # items with no subject
            value, text = labels[name](raw)
            if value:
                values.append(FacetValue(value, text, count, selected[name] == value))
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        elif name == "category":
            order = list(STATUTORY_CATEGORIES)
            values.sort(key=lambda v: order.index(v.value) if v.value in order else 99)
        else:
            values.sort(key=lambda v: (-v.count, v.label))
        out.append(Facet(name, label, values))
    return out


# -- what people searched (the daily query log) ----------------------------------------------


@dataclass(frozen=True)
class QueryCount:
    query: str
    searches: int
    zero_results: int
    results: int  # the most results one of its searches found


@dataclass(frozen=True)
class QueryLogSummary:
    start: date
    end: date
    searches: int
    zero_results: int
    top: list[QueryCount]
    zero: list[QueryCount]

    @property
    def zero_rate(self) -> float | None:
        """零结果率: searches that found nothing / all searches (None: no search)."""
        return self.zero_results / self.searches if self.searches else None

    @property
    def zero_percent(self) -> str:
        rate = self.zero_rate
        return "—" if rate is None else f"{rate * 100:.1f}%"


def query_log_summary(start: date, end: date, *, limit: int = 50) -> QueryLogSummary:
    """The period's searches by query (all filters together): the most searched, and those
    that most often found nothing."""
    rows = QueryDay.objects.filter(day__gte=start, day__lte=end)
    totals = rows.aggregate(searches=Sum("searches"), zero=Sum("zero_results"))
    by_query = rows.values("query").annotate(
        n=Sum("searches"), z=Sum("zero_results"), last=Max("results")
    )

    def counts(ordered) -> list[QueryCount]:
        return [QueryCount(r["query"], r["n"], r["z"], r["last"]) for r in ordered[:limit]]

    return QueryLogSummary(
        start,
        end,
        totals["searches"] or 0,
        totals["zero"] or 0,
        counts(by_query.order_by("-n", "query")),
        counts(by_query.filter(z__gt=0).order_by("-z", "query")),
    )
