"""The portal's search page (/search/) and the search API (/api/search/). Both only read, and
answer bad parameters with a message in Chinese instead of a guess."""

from __future__ import annotations

import re
from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.selectors import scope_for
from gongkai.catalogue.models import Subject
from gongkai.catalogue.taxonomy import STATUTORY_CATEGORIES, VALIDITY
from gongkai.core.forms import Form, IsoDateField
from gongkai.portal.selectors import item_url
from gongkai.search.selectors import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    MAX_RESULTS,
    SORTS,
    SearchFilters,
    SearchPage,
    filters_label,
    query_log_summary,
    search,
)
from gongkai.search.services import QUERY_LOG_DAYS, query_log_record

POSITIVE = re.compile(r"[1-9][0-9]{0,8}")
YEAR = re.compile(r"(19|20)[0-9]{2}")
AGENCY_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{0,31}")


class BadParameter(ValueError):
    pass


def _positive(value: str, limit: int, message: str) -> int:
    if not POSITIVE.fullmatch(value) or int(value) > limit:
        raise BadParameter(message)
    return int(value)


def search_params(params) -> tuple[str, SearchFilters, int, int, str]:
    """(query, filters, page, page size, sort) from a query string; BadParameter names what
    is wrong. An empty filter value means no filter (the form's "全部")."""
    agency = category = subject = year = validity = None
    if code := params.get("agency"):
        if not AGENCY_CODE.fullmatch(code):
            raise BadParameter("机关代码（agency）应为1至32位字母、数字或连字符")
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise BadParameter(f"没有代码为 {code} 的机关（agency）")
    if value := params.get("category"):
        if value not in STATUTORY_CATEGORIES:
            raise BadParameter("没有这个第二十条类别（category）：可用 20-1 至 20-15 和 21")
        category = value
    if value := params.get("subject"):
        pk = _positive(value, 10**9, "主题分类（subject）应为主题分类的编号")
        subject = Subject.objects.filter(pk=pk).first()
        if subject is None:
            raise BadParameter("没有这个主题分类（subject）")
    if value := params.get("year"):
        if not YEAR.fullmatch(value):
            raise BadParameter("年份（year）应为四位数字，例如 2025")
        year = int(value)
    if value := params.get("validity"):
        if value not in VALIDITY:
            raise BadParameter(
                "有效性（validity）应为 in_force（现行有效）、amended（已修改）"
                "或 repealed（已废止）"
            )
        validity = value
    page_size = _positive(
        params.get("page_size") or str(DEFAULT_PAGE_SIZE),
        MAX_PAGE_SIZE,
        f"每页条数（page_size）应为1至{MAX_PAGE_SIZE}之间的整数",
    )
    last = -(-MAX_RESULTS // page_size)
    page = _positive(
        params.get("page") or "1",
        last,
        f"页码（page）应为1至{last}之间的整数（最多显示前{MAX_RESULTS}条）",
    )
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        raise BadParameter("排序（sort）应为 relevance（相关度）或 date（发布日期）")
    filters = SearchFilters(agency, category, subject, year, validity)
    return params.get("q", ""), filters, page, page_size, sort


@require_safe
def search_page(request: HttpRequest):
    error, found = "", None
    typed = request.GET.get("q", "")
    try:
        text, filters, page, page_size, sort = search_params(request.GET)
    except BadParameter as bad:
        error = str(bad)
    else:
        if "q" in request.GET:
            found = search(text, filters, page=page, page_size=page_size, sort=sort)
            _log(found, filters)
    context = {
        "q": typed,
        "found": found,
        "error": error,
        "sorts": SORTS,
        "facets": _facet_links(request, found) if found else [],
        "first_number": (found.page - 1) * found.page_size + 1 if found else 1,
    }
    return render(request, "search/search.html", context, status=400 if error else 200)


def _with(request: HttpRequest, name: str, value: str | None) -> str:
    """This page's address with one filter set (or removed) and back to the first page."""
    params = request.GET.copy()
    params.pop("page", None)
    params.pop(name, None)
    if value is not None:
        params[name] = value
    return "?" + params.urlencode()


def _facet_links(request: HttpRequest, found: SearchPage) -> list[dict]:
    return [
        {
            "name": facet.name,
            "label": facet.label,
            "clear_url": _with(request, facet.name, None)
            if any(v.selected for v in facet.values)
            else "",
            "values": [
                {
                    "label": v.label,
                    "count": v.count,
                    "selected": v.selected,
                    "url": _with(request, facet.name, v.value),
                }
                for v in facet.values
            ],
        }
        for facet in found.facets
    ]


def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data,
        status=status,
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def page_json(request: HttpRequest, found: SearchPage) -> dict:
    return {
        "query": found.query.text,
        "terms": list(found.query.terms),
        "notice": found.notice,
        "split_into_words": found.split,
        "count": found.total,
        "count_is_lower_bound": found.more,
        "page": found.page,
        "page_size": found.page_size,
        "sort": found.sort,
        "results": [
            {
                "index_number": r.item.index_number,
                "title": r.item.title,
                "title_html": r.title_html,
                "doc_number": r.item.doc_number,
                "agency": {"code": r.item.agency.code, "name": r.item.agency.name},
                "published_on": r.item.published_on.isoformat(),
                "statutory_category": r.item.statutory_category,
                "validity": r.item.validity,
                "score": r.score,
                "snippet": r.snippet_html,
                "url": request.build_absolute_uri(item_url(r.item)),
            }
            for r in found.results
        ],
        "facets_window": found.facets_window,
        "facets": {
            facet.name: [
                {"value": v.value, "label": v.label, "count": v.count} for v in facet.values
            ]
            for facet in found.facets
        },
    }


@csrf_exempt
@require_safe
def search_api(request: HttpRequest) -> JsonResponse:
    try:
        text, filters, page, page_size, sort = search_params(request.GET)
    except BadParameter as bad:
        return _json({"error": str(bad)}, status=400)
    found = search(text, filters, page=page, page_size=page_size, sort=sort)
    _log(found, filters)
    return _json(page_json(request, found))


def _log(found: SearchPage, filters: SearchFilters) -> None:
    """Count a search in the daily query log: the first page only (paging is the same
    search), and nothing of the request — not its address, session or account."""
    if found.page == 1 and found.query.terms:
        query_log_record(found.query.text, filters_label(filters), found.total)


class PeriodForm(Form):
    start = IsoDateField(label="起始日期", required=False)
    end = IsoDateField(label="截止日期", required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("起始日期不能晚于截止日期")
        return data


@login_required
def query_log(request: HttpRequest):
    """What people searched (检索统计), for the supervising office and the administrator."""
    if not scope_for(request.user).has_role(Role.SUPERVISING_OFFICE, Role.ADMIN):
        raise PermissionDenied("只有主管部门和管理员可以查看检索统计")
    today = timezone.localdate()
    start, end = today - timedelta(days=29), today
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    summary = query_log_summary(start, end) if not form.errors else None
    context = {"form": form, "summary": summary, "retention": QUERY_LOG_DAYS}
    return render(request, "search/query_log.html", context, status=400 if form.errors else 200)
