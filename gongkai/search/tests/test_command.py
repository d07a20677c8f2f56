"""`gongkai search query ... --format json` and `gongkai search reindex`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.accounts.models import Agency
from gongkai.search.query import EMPTY
from gongkai.search.tests.test_search import catalogue  # noqa: F401

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("search", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_query_prints_the_best_published_matches_best_first(catalogue):  # noqa: F811
    out, _ = run("query", "慶政發〔2005〕32號", "--format", "json")
    rows = json.loads(out)
    assert [r["title"] for r in rows] == [
        "关于转发重庆市政府《关于加强城市管理工作的意见》的通知",
        "关于转发《城市管理考核办法》的通知",
    ]
    assert set(rows[0]) >= {"index_number", "title", "agency", "published_on", "score", "snippet"}
    assert rows[0]["index_number"].endswith("/2005-000001")
    assert rows[0]["score"] >= rows[1]["score"]


def test_query_by_agency_and_limit(catalogue):  # noqa: F811
    code = Agency.objects.get(name="示范区青山镇人民政府").code
    out, _ = run("query", "低保", "--agency", code, "--limit", "1", "--format", "json")
    assert [r["agency"] for r in json.loads(out)] == ["示范区青山镇人民政府"]


def test_an_empty_query_prints_an_empty_array_and_says_why(catalogue):  # noqa: F811
    out, err = run("query", "", "--format", "json")
    assert (json.loads(out), err.strip()) == ([], EMPTY)


def test_an_unknown_agency_is_refused(catalogue):  # noqa: F811
    with pytest.raises(CommandError, match="机关代码 X1 不存在"):
        run("query", "低保", "--agency", "X1", "--format", "json")


def test_reindex_reports_the_count_with_a_progress_bar_on_stderr(catalogue):  # noqa: F811
    out, err = run("reindex")
    assert out.strip() == "检索索引已重建：6 条已公开条目"
    assert "重建索引 [" in err and "6/6 100%" in err


@pytest.mark.django_db
def test_vocabulary_load_adds_only_what_the_table_lacks():
    from gongkai.audit.models import AuditRecord
    from gongkai.search.models import SearchTerm

    shipped_count = SearchTerm.objects.count()  # loaded by the migration
    SearchTerm.objects.filter(word="养狗").update(equivalents="养犬|犬只", active=False)
    SearchTerm.objects.filter(word="城管").delete()
    out = StringIO()
    call_command("search", "vocabulary-load", stdout=out)
    assert out.getvalue().strip() == "检索词表：新增 1 个词"
    assert SearchTerm.objects.count() == shipped_count
    kept = SearchTerm.objects.get(word="养狗")
    assert (kept.equivalents, kept.active) == ("养犬|犬只", False)
    assert AuditRecord.objects.get(action="search.vocabulary_load").after == {"added": 1}
