"""RSS 2.0 and Atom feeds of comment calls: the latest published calls, newest first."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import Truncator

from gongkai.participation.labels import KINDS
from gongkai.participation.models import CommentCall
from gongkai.participation.selectors import public_calls

FEED_SIZE = 30


class CallsRss(Feed):
    feed_type = Rss201rev2Feed
    language = "zh-CN"
    title = "征求意见"
    description = "各机关公开征求意见的草案及意见采纳情况反馈"
    item_guid_is_permalink = True

    def link(self) -> str:
        return reverse("participation:list")

    def items(self):
        return public_calls().order_by("-published_on", "-pk")[:FEED_SIZE]

    def item_title(self, call: CommentCall) -> str:
        return call.title

    def item_description(self, call: CommentCall) -> str:
        period = f"征求意见时间：{call.opens_on:%Y-%m-%d} 至 {call.closes_on:%Y-%m-%d}。"
        return period + Truncator(call.drafting_note).chars(200)

    def item_link(self, call: CommentCall) -> str:
        return reverse("participation:call", args=[call.pk])

    def item_pubdate(self, call: CommentCall) -> datetime:
        day = call.published_on or call.opens_on
        return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())

    def item_author_name(self, call: CommentCall) -> str:
        return call.agency.name

    def item_categories(self, call: CommentCall) -> list[str]:
        return [KINDS[call.kind]]


class CallsAtom(CallsRss):
    feed_type = Atom1Feed
    subtitle = CallsRss.description
