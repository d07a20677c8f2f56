"""The demo comment calls (gongkai/demo/participation.py): made once, through the services."""

import pytest

from gongkai.demo.organisation import load_demo_organisation
from gongkai.demo.participation import (
    CLOSED_TITLE,
    OPEN_TITLE,
    SHORT_TITLE,
    load_demo_participation,
)
from gongkai.participation import articles
from gongkai.participation.models import CommentCall

pytestmark = pytest.mark.django_db


def test_demo_calls_are_made_once():
    load_demo_organisation()
    assert load_demo_participation() == 3
    assert load_demo_participation() == 0
    calls = {c.title: c for c in CommentCall.objects.all()}
    open_call, closed, short = calls[OPEN_TITLE], calls[CLOSED_TITLE], calls[SHORT_TITLE]
    assert len(articles.article_numbers(articles.split(open_call.draft))) == 12
    assert (open_call.status, open_call.kind) == ("open", "normative")
    assert open_call.comments.filter(status="pending").count() == 3
    assert (closed.status, closed.final_item.status) == ("summarised", "published")
    assert sorted(closed.comments.values_list("status", flat=True)) == (
        ["hidden"] * 3 + ["merged"] + ["published"] * 5
    )
    assert sorted(closed.opinions.values_list("decision", flat=True)) == [
        "adopted", "adopted", "adopted", "not_adopted", "partly_adopted",
    ]  # fmt: skip
    assert (short.status, short.shortened_reason) == (
        "open",
        "2027年春节临近，通告须在节前发布并留出宣传时间，征求意见期限缩短为5日。",
    )
