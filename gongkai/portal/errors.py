"""Error pages in Chinese, in every mode (handler400/403/404/500 and the CSRF failure view).

A refusal says why when the code that refused said it in Chinese; Django's and libraries' own
messages (English) are never shown. Staff who are logged in see 403/404 inside the workbench's
layout when the address is a workbench one. The 500 page is static: it must render when the
database or anything else has failed."""

from __future__ import annotations

import re

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

CJK = re.compile(r"[\u3400-\u9fff]")
WORKBENCH_PREFIXES = ("/workbench/", "/audit/", "/workdays/", "/accounts/organisation/")

DEFAULT_REASONS = {
    400: "请求的内容有误，无法处理。请检查填写的内容或返回上一页重试。",
    403: "您没有权限查看此页面。",
    404: "您访问的页面不存在，或该信息未主动公开。",
}
TITLES = {400: "请求有误", 403: "无权访问", 404: "页面不存在"}
CSRF_REASON = "页面已过期，请刷新后重新提交。"
CSRF_HINT = (
    "为保护您提交的信息，表单在页面打开较长时间、浏览器禁用了 Cookie，"
    "或在其他窗口退出登录后会失效。请返回上一页，刷新后重新填写并提交。"
)


def reason_of(exception) -> str:
    """The refusal's own message when it is one written for people (Chinese), else ''."""
    args = getattr(exception, "args", ())
    message = args[0] if args and isinstance(args[0], str) else ""
    return message if CJK.search(message) else ""


def _in_workbench(request) -> bool:
    user = getattr(request, "user", None)
    return (
        request.path.startswith(WORKBENCH_PREFIXES) and user is not None and user.is_authenticated
    )


def _render(request, status: int, reason: str, hint: str = "", title: str = ""):
    template = "workbench/error.html" if _in_workbench(request) else "portal/error.html"
    return render(
        request,
        template,
        {
            "status": status,
            "title": title or TITLES.get(status, "出错了"),
            "reason": reason or DEFAULT_REASONS[status],
            "hint": hint,
        },
        status=status,
    )


@requires_csrf_token
def bad_request(request, exception=None):
    return _render(request, 400, "")


@requires_csrf_token
def permission_denied(request, exception=None):
    reason = reason_of(exception)
    return _render(request, 403, f"您没有权限查看此页面：{reason}" if reason else "")


@requires_csrf_token
def page_not_found(request, exception=None):
    return _render(request, 404, reason_of(exception))


def server_error(request):
    # No context, no request: nothing that could fail again.
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason: str = ""):
    return _render(request, 403, CSRF_REASON, CSRF_HINT, title="页面已过期")
