"""The read-only JSON API of the public catalogue (described in `portal.openapi`).

Only public items are reachable; anything else is a JSON 404, so a guessed id tells nothing
about drafts or withdrawn items. A bad parameter gets a 400 with a message in Chinese and no
data: the API never answers a malformed query with a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from gongkai.accounts.models import Agency
from gongkai.catalogue.models import Item
from gongkai.catalogue.selectors import public_items
from gongkai.catalogue.taxonomy import STATUTORY_CATEGORIES, VALIDITY
from gongkai.portal import selectors as q

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_ID = 2**63 - 1  # the largest primary key any supported database stores

POSITIVE = re.compile(r"[1-9][0-9]{0,18}")
YEAR = re.compile(r"[0-9]{4}")


class BadParameter(ValueError):
    pass


def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data,
        status=status,
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )
    # Public data: any web page may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(message: str, status: int) -> JsonResponse:
    return _json({"error": message}, status=status)


def api_view(view: Callable) -> Callable:
    """GET and HEAD only (405 otherwise, not a CSRF 403): nothing is ever written."""
    return csrf_exempt(require_safe(view))


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _link(request: HttpRequest, item: Item | None) -> dict | None:
    if item is None:
        return None
    return {
        "index_number": item.index_number,
        "title": item.title,
        "url": _absolute(request, q.item_url(item)),
    }


def item_summary(request: HttpRequest, item: Item) -> dict:
    return {
        "id": item.pk,
        "index_number": item.index_number,
        "title": item.title,
        "doc_number": item.doc_number,
        "agency": {"code": item.agency.code, "name": item.agency.name},
        "issuing_agency": item.issuing_agency,
        "written_on": item.written_on.isoformat(),
        "published_on": item.published_on.isoformat(),
        "statutory_category": item.statutory_category,
        "genre": item.genre,
        "subject": item.subject.name if item.subject_id else "",
        "keywords": item.keywords,
        "validity": item.validity,
        "summary": item.summary,
        "url": _absolute(request, q.item_url(item)),
        "content_hash": item.content_hash,
    }


def item_detail(request: HttpRequest, item: Item) -> dict:
    return item_summary(request, item) | {
        "body": item.body,
        "validity_changed_on": (
            item.validity_changed_on.isoformat() if item.validity_changed_on else None
        ),
        "amended_by": _link(request, q.public_or_none(item.amended_by)),
        "repealed_by": _link(request, q.public_or_none(item.repealed_by)),
        "interprets": _link(request, q.public_or_none(item.interprets)),
        "interpretation": _link(request, q.interpretation_of(item)),
        "attachments": [
            {
                "name": attachment.name,
                "mime": attachment.mime,
                "size": attachment.size,
                "sha256": attachment.sha256,
                "url": _absolute(request, q.attachment_url(attachment)),
            }
            for attachment in item.attachments.all()
        ],
    }


def _positive(value: str, message: str) -> int:
    if not POSITIVE.fullmatch(value):
        raise BadParameter(message)
    return int(value)


def _filters(params) -> tuple[q.CatalogueFilter, str | None, int, int]:
    """(filters, agency code, page, page size) from the query string; BadParameter if any
    value is malformed. An empty value is malformed too: leave the parameter out instead."""
    code = params.get("agency")
    if code is not None and not q.looks_like_agency_code(code):
        raise BadParameter("机关代码应为1至32位字母、数字或连字符（agency），例如 114410025")
    category = params.get("category")
    if category is not None and category not in STATUTORY_CATEGORIES:
        raise BadParameter(
            "没有这个第二十条类别（category）：可用的代码为 20-1 至 20-15 和 21，例如 20-3"
        )
    year = params.get("year")
    if year is not None:
        if not YEAR.fullmatch(year) or not MIN_YEAR <= int(year) <= MAX_YEAR:
            raise BadParameter(f"年份（year）应为{MIN_YEAR}至{MAX_YEAR}之间的四位数字，例如 2025")
        year = int(year)
    validity = params.get("validity")
    if validity is not None and validity not in VALIDITY:
        raise BadParameter(
            "有效性（validity）应为 in_force（现行有效）、amended（已修改）或 repealed（已废止）"
        )
    page = _positive(params.get("page", "1"), f"页码（page）应为1至{MAX_PAGE}之间的整数")
    if page > MAX_PAGE:
        raise BadParameter(f"页码（page）应为1至{MAX_PAGE}之间的整数")
    page_size = _positive(
        params.get("page_size", str(DEFAULT_PAGE_SIZE)),
        f"每页条数（page_size）应为1至{MAX_PAGE_SIZE}之间的整数",
    )
    if page_size > MAX_PAGE_SIZE:
        raise BadParameter(f"每页条数（page_size）应为1至{MAX_PAGE_SIZE}之间的整数")
    filters = q.CatalogueFilter(statutory_category=category, year=year, validity=validity)
    return filters, code, page, page_size


@api_view
def items(request: HttpRequest) -> JsonResponse:
    try:
        filters, code, page, page_size = _filters(request.GET)
    except BadParameter as error:
        return _error(str(error), 400)
    if code is not None:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            return _error(f"没有代码为 {code} 的机关", 404)
        filters = replace(filters, agency=agency)
    count = q.catalogue_count(filters)
    start = (page - 1) * page_size
    # A page past the end is empty, not an error; it is never sent to the database as an
    # offset, which could overflow.
    rows = q.rows(q.catalogue(filters), start, start + page_size) if start < count else []
    return _json(
        {
            "count": count,
            "page": page,
            "page_size": page_size,
            "results": [item_summary(request, item) for item in rows],
        }
    )


@api_view
def item(request: HttpRequest, pk: str) -> JsonResponse:
    found = None
    if POSITIVE.fullmatch(pk) and int(pk) <= MAX_ID:
        found = (
            public_items()
            .select_related("amended_by", "repealed_by", "interprets")
            .prefetch_related("attachments")
            .filter(pk=int(pk))
            .first()
        )
    if found is None:
        return _error("没有这个公开条目", 404)
    return _json(item_detail(request, found))


@api_view
def openapi(request: HttpRequest) -> JsonResponse:
    from gongkai.portal.openapi import OPENAPI

    return _json(OPENAPI)
