"""Quality gate: the relevance set (tests/data/relevance.jsonl) over its generated corpus.
Deterministic: no timing."""

import pytest

from gongkai.search.selectors import search
from gongkai.search.services import reindex
from gongkai.search.tests import relevance
from gongkai.search.tests.corpus_load import corpus_load

pytestmark = pytest.mark.django_db


def test_the_relevance_set_has_at_least_60_realistic_queries():
    judgements = relevance.load()
    assert len(judgements) >= 60
    assert {j.kind for j in judgements} >= {"doc_number", "name", "place", "word2", "word4"}


def test_the_judgements_are_those_of_the_generator():
    rows = relevance.judge(relevance.corpus())
    assert [r["relevant"] for r in rows] == [sorted(j.relevant) for j in relevance.load()]


def test_the_right_document_comes_first():
    keys = corpus_load(relevance.corpus())
    reindex()
    by_pk = {pk: key for key, pk in keys.items()}

    def run(query):
        return [by_pk[r.item.pk] for r in search(query, page_size=10, facets=False).results]

    score = relevance.evaluate(relevance.load(), run)
    assert score.mrr >= 0.8, score.misses
    assert score.recall >= 0.8, score.misses
