"""Public pages of comment calls: the list (open calls with days left and comment counts,
finished calls with their adoption summary), the call's page (the draft article by article,
the drafting note, the published comments, the summary), the comment form and its receipt,
attachment downloads, and the feeds.

The comment form has the message form's protections: a one-time submission key (a double
submission makes one comment), the same text from the same address within ten minutes is
the same comment, and a limit per address (core.ratelimit, core.client_address).
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core import ratelimit
from gongkai.core.client_address import client_address, limit_key
from gongkai.participation import articles, states
from gongkai.participation import forms as f
from gongkai.participation import services as s
from gongkai.participation.labels import CHANNELS
from gongkai.participation.models import CallAttachment, Comment
from gongkai.participation.selectors import (
    days_left,
    draft_blocks,
    finished_calls,
    open_calls,
    public_call,
    public_comments,
    upcoming_calls,
)

logger = logging.getLogger(__name__)

COMMENTS_PER_HOUR = 10
REPEAT_WINDOW = 600  # seconds: the same text again from one address is the same comment
HOUR = 3600
SESSION_RECEIPTS = "gongkai_comment_receipts"


@require_safe
def call_list(request):
    today = timezone.localdate()
    return render(
        request,
        "participation/public/list.html",
        {
            "open": [(c, days_left(c, today)) for c in open_calls(today)],
            "upcoming": list(upcoming_calls(today)),
            "finished": list(finished_calls(today)[:50]),
        },
    )


def _call_or_404(pk: int):
    call = public_call(pk)
    if call is None:
        raise Http404("没有这项征求意见")
    return call


@require_safe
def call_page(request, pk: int):
    call = _call_or_404(pk)
    today = timezone.localdate()
    comments = list(public_comments(call))
    by_article: dict[int | None, list[Comment]] = {}
    for comment in comments:
        by_article.setdefault(comment.article, []).append(comment)
    blocks = draft_blocks(call)
    opinions = list(call.opinions.all()) if call.status == states.SUMMARISED else []
    return render(
        request,
        "participation/public/call.html",
        {
            "call": call,
            "blocks": blocks,
            "accepting": s.accepting_problem(call, today) is None,
            "closed_reason": s.accepting_problem(call, today),
            "days_left": days_left(call, today),
            "general_comments": by_article.get(None, []),
            "article_comments": [
                (articles.article_label(number), number, items)
                for number, items in sorted(
                    ((n, c) for n, c in by_article.items() if n is not None),
                    key=lambda pair: pair[0],
                )
            ],
            "comment_total": len(comments),
            "opinions": opinions,
            "channels": CHANNELS,
            "attachments": call.attachments.all(),
        },
    )


def _repeat_name(call_pk: int, article, body: str, address: str) -> str:
    text = "".join(body.split())
    digest = hashlib.sha256(f"{call_pk}|{article}|{text}|{address}".encode()).hexdigest()
    return f"comment-repeat:{digest}"


@require_http_methods(["GET", "POST"])
def comment_new(request, pk: int):
    call = _call_or_404(pk)
    article = request.GET.get("article", "")
    form = f.CommentForm(
        request.POST or None,
        call=call,
        initial={"submission_key": secrets.token_hex(16), "article": article},
    )
    problem = s.accepting_problem(call, timezone.localdate())
    if request.method == "POST" and problem:
        form.is_valid()
        form.add_error(None, problem)
    elif request.method == "POST" and form.is_valid():
        comment = _submit(request, call, form)
        if comment is not None:
            receipts = request.session.get(SESSION_RECEIPTS, {})
            receipts[str(call.pk)] = comment.pk
            request.session[SESSION_RECEIPTS] = receipts
            return redirect("participation:done", pk=call.pk)
    chosen = request.POST.get("article", article) if request.method == "POST" else article
    quoted = next(
        (
            b
            for b in articles.split(call.draft)
            if b.kind == articles.ARTICLE and str(b.number) == chosen
        ),
        None,
    )
    return render(
        request,
        "participation/public/comment.html",
        {"call": call, "form": form, "problem": problem, "quoted": quoted},
        status=400 if form.is_bound and form.errors else 200,
    )


def _submit(request, call, form) -> Comment | None:
    data = form.cleaned_data
    address = client_address(request)
    own_key = data["submission_key"]
    # The same text from the same address within ten minutes (back, then submit again with a
    # new key) is the same comment: the first key offered wins.
    key = ratelimit.claim(
        _repeat_name(call.pk, data["article"], data["body"], limit_key(address)),
        own_key,
        REPEAT_WINDOW,
    )
    existing = Comment.objects.filter(call=call, submission_key__in={own_key, key}).first()
    if existing is not None:
        return existing
    if ratelimit.hit(f"comment-new:{limit_key(address)}", HOUR) > COMMENTS_PER_HOUR:
        form.add_error(None, "同一地址一小时内提交的意见过多，请稍后再试。")
        return None
    try:
        return s.comment_submit(
            call=call,
            body=data["body"],
            article=data["article"],
            name=data["name"],
            contact=data["contact"],
            consent=data["consent"],
            submission_key=own_key,
            submitted_from=address or None,
        )
    except s.CallError as error:
        form.add_error(None, str(error))
        return None


@require_safe
def comment_done(request, pk: int):
    call = _call_or_404(pk)
    comment_pk = request.session.get(SESSION_RECEIPTS, {}).get(str(call.pk))
    comment = Comment.objects.filter(pk=comment_pk, call=call).first() if comment_pk else None
    if comment is None:
        return redirect("participation:call", pk=call.pk)
    return render(
        request,
        "participation/public/done.html",
        {
            "call": call,
            "comment": comment,
            "article_label": articles.article_label(comment.article) if comment.article else "",
        },
    )


@require_safe
def attachment_download(request, pk: int):
    attachment = CallAttachment.objects.select_related("call").filter(pk=pk).first()
    if attachment is None or public_call(attachment.call_id) is None:
        raise Http404("没有这个附件")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        logger.error("attachment %s of comment call %s: file missing", pk, attachment.call_id)
        raise Http404("附件文件缺失") from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.mime
    )
