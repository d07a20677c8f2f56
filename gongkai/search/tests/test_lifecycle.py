"""The index follows the catalogue: publication, validity changes and withdrawal, after
commit; drafts, withheld and withdrawn items are never found."""

from datetime import date

import pytest

from gongkai.catalogue import services as catalogue
from gongkai.search.selectors import search
from gongkai.search.services import (
    index_item_after_commit,
    index_remove_after_commit,
    item_index,
    reindex,
)

pytestmark = pytest.mark.django_db

TITLE = "示范区住房和城乡建设局关于2025年老旧小区改造计划的通知"


def found(text, **kwargs):
    return [r.item.pk for r in search(text, **kwargs).results]


def test_a_published_item_is_found_by_a_two_character_word(publish):
    item = publish()
    assert found("小区") == [item.pk]


def test_a_published_item_is_found_by_its_document_number_in_traditional_characters(publish):
    item = publish(doc_number="示住建〔2025〕12号")
    assert found("示住建［2025］12號") == [item.pk]


def test_a_draft_is_never_found(draft, publish):
    draft(title="关于青山镇低保对象的公示")
    publish(title="城东街道低保金发放情况")
    assert len(found("低保")) == 1


def test_an_item_in_review_is_never_found_even_if_indexed_by_mistake(approved):
    item = approved(title="关于青山镇低保对象的公示")
    assert item_index(item.pk) is False
    assert found("低保") == []


def test_a_withheld_item_is_never_found(approved, reviewer, django_capture_on_commit_callbacks):
    item = approved(
        title="关于青山镇低保对象的公示", attribute="withheld", withheld_reason="third_party"
    )
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.item_approve(item=item, actor=reviewer)
        index_item_after_commit(item.pk)
    assert found("低保") == []


def test_nothing_is_indexed_before_the_transaction_commits(
    approved, reviewer, django_capture_on_commit_callbacks
):
    item = approved()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        catalogue.item_approve(item=item, actor=reviewer)
        index_item_after_commit(item.pk)
    assert found("老旧小区") == []
    callbacks[0]()
    assert found("老旧小区") == [item.pk]


def test_a_repealed_item_is_found_with_its_new_validity(
    publish, reviewer, django_capture_on_commit_callbacks
):
    item = publish()
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.item_change_validity(
            item=item, actor=reviewer, validity="repealed", on=date(2025, 10, 9)
        )
        index_item_after_commit(item.pk)
    assert found("老旧小区", filters=None) == [item.pk]
    page = search("老旧小区")
    validity = next(f for f in page.facets if f.name == "validity")
    assert [(v.value, v.count) for v in validity.values] == [("repealed", 1)]


def test_a_withdrawn_item_is_no_longer_found(publish, reviewer, django_capture_on_commit_callbacks):
    item = publish()
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.item_withdraw(item=item, actor=reviewer, reason="发布有误，予以撤回")
        index_remove_after_commit(item.pk)
    assert found("老旧小区") == []
    assert search("老旧小区").total == 0


def test_a_withdrawn_item_is_not_shown_even_while_the_index_lags(publish, reviewer):
    item = publish()
    catalogue.item_withdraw(item=item, actor=reviewer, reason="发布有误，予以撤回")
    assert found("老旧小区") == []


def test_reindex_rebuilds_from_the_public_catalogue_only(publish, draft, reviewer):
    kept = publish()
    gone = publish(title="城东街道2024年低保金发放情况", doc_number="")
    catalogue.item_withdraw(item=gone, actor=reviewer, reason="发布有误，予以撤回")
    draft(title="城东街道2025年低保金发放情况")
    assert reindex() == 1
    assert found("老旧小区") == [kept.pk]
    assert search("低保").total == 0


def test_a_catalogue_import_is_found_once_it_has_committed(
    agency, monkeypatch, django_capture_on_commit_callbacks
):
    import csv
    import io

    from gongkai.catalogue.catalogue_file import CATALOGUE_COLUMNS
    from gongkai.catalogue.import_services import catalogue_import
    from gongkai.search import services

    monkeypatch.setattr(services, "BATCH", 2)  # three items: two batches
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CATALOGUE_COLUMNS)
    for n, title in enumerate(["城东街道低保金发放情况", "青山镇低保对象公示", "预算公开"], 1):
        row = {
            "索引号": f"114410025/2019-{n:05}",
            "标题": title,
            "文号": "",
            "发布机构": "示范区住房和城乡建设局",
            "成文日期": "2019-03-01",
            "发布日期": "2019-03-08",
            "主题分类": "城乡建设、环境保护",
            "第二十条类别": "（一）行政法规、规章和规范性文件",
            "体裁": "通知公告",
            "关键词": "",
            "有效性": "现行有效",
            "内容概述": "",
            "正文": "",
        }
        writer.writerow([row[column] for column in CATALOGUE_COLUMNS])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        catalogue_import(agency=agency, data=out.getvalue().encode(), filename="目录.csv")
    before = found("低保")
    for callback in callbacks:
        callback()
    assert (before, len(found("低保")), len(found("预算"))) == ([], 2, 1)


def test_equally_relevant_items_come_newest_published_first(
    approved, reviewer, django_capture_on_commit_callbacks
):
    """Monthly reports read alike: the one published last comes first, not the one entered
    last (an agency may enter older reports after newer ones)."""
    title = "青山镇城乡低保金发放情况"
    with django_capture_on_commit_callbacks(execute=True):
        newer = catalogue.item_approve(
            item=approved(title=title, written_on=date(2025, 3, 3)),
            actor=reviewer,
            published_on=date(2025, 3, 5),
        )
        older = catalogue.item_approve(
            item=approved(title=title, written_on=date(2024, 3, 4)),
            actor=reviewer,
            published_on=date(2024, 3, 6),
        )
    assert found("低保") == [newer.pk, older.pk]
