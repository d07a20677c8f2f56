"""Reads for comment calls: what the workbench shows a person (role scoping through
accounts.selectors.scope_for), what the portal shows everyone, and the link from a catalogue
item back to its call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from gongkai.accounts.models import Role
from gongkai.accounts.selectors import scope_for
from gongkai.participation import articles, states
from gongkai.participation.models import Comment, CommentCall


def calls_visible_to(user) -> QuerySet[CommentCall]:
    """The disclosure office and reviewers see their agency's calls, a department its own,
    the supervising office and administrators all; nobody else any."""
    scope = scope_for(user)
    calls = CommentCall.objects.select_related("agency", "department")
    if scope.whole_government:
        return calls
    office = (
        scope.agency_ids if scope.has_role(Role.DISCLOSURE_OFFICE, Role.REVIEWER) else frozenset()
    )
    return calls.filter(Q(agency__in=office) | Q(department__in=scope.department_ids))


def calls_moderated_by(user) -> QuerySet[CommentCall]:
    """The calls whose comments this person may moderate: of those the person sees, the
    ones of an agency where the person is the disclosure office (an administrator: all),
    the same rule as services._check_office."""
    scope = scope_for(user)
    calls = calls_visible_to(user)
    if scope.has_role(Role.ADMIN):
        return calls
    if not scope.has_role(Role.DISCLOSURE_OFFICE):
        return calls.none()
    return calls.filter(agency__in=scope.agency_ids)


QUEUE_LIMIT = 200


def moderation_queue(user) -> QuerySet[Comment]:
    """Every comment awaiting moderation in the calls this person may moderate, oldest
    first (by the day it was received, then by when it was entered)."""
    calls = calls_moderated_by(user).filter(status__in=states.TRANSITIONS["moderate"][0])
    return (
        Comment.objects.filter(status=states.PENDING, call__in=calls.values("pk"))
        .select_related("call", "call__agency")
        .order_by("received_on", "created_at", "pk")
    )


def with_counts(calls: QuerySet[CommentCall]) -> QuerySet[CommentCall]:
    return calls.annotate(
        comment_count=Count("comments", filter=~Q(comments__status=states.MERGED)),
        pending_count=Count("comments", filter=Q(comments__status=states.PENDING)),
    )


def public_calls() -> QuerySet[CommentCall]:
    return with_counts(
        CommentCall.objects.filter(
            status__in=states.PUBLIC, published_on__isnull=False
        ).select_related("agency")
    )


def open_calls(today: date) -> QuerySet[CommentCall]:
    """Open for comment today, the soonest to close first."""
    return (
        public_calls()
        .filter(status=states.OPEN, opens_on__lte=today, closes_on__gte=today)
        .order_by("closes_on", "pk")
    )


def finished_calls(today: date) -> QuerySet[CommentCall]:
    """Closed (or past their closing date), summarised or withdrawn: newest first."""
    return (
        public_calls()
        .filter(~Q(status=states.OPEN) | Q(closes_on__lt=today))
        .order_by("-closes_on", "-pk")
    )


def upcoming_calls(today: date) -> QuerySet[CommentCall]:
    return public_calls().filter(status=states.OPEN, opens_on__gt=today).order_by("opens_on")


def public_call(pk: int) -> CommentCall | None:
    return public_calls().filter(pk=pk).first()


@dataclass(frozen=True)
class ArticleView:
    block: articles.Block
    comments: int


def draft_blocks(call: CommentCall) -> list[ArticleView]:
    """The draft split into its articles, each with the count of comments on it."""
    counts = dict(
        call.comments.exclude(status=states.MERGED)
        .exclude(article=None)
        .values_list("article")
        .annotate(n=Count("pk"))
        .values_list("article", "n")
    )
    return [
        ArticleView(block, counts.get(block.number, 0) if block.kind == articles.ARTICLE else 0)
        for block in articles.split(call.draft)
    ]


def public_comments(call: CommentCall) -> QuerySet[Comment]:
    """Every moderated comment: the template shows the masked text of a published one and,
    for the others, only that it is not shown or was merged as a duplicate, when and why
    (never the name, the contact or the original text). Nothing vanishes silently."""
    return (
        call.comments.exclude(status=states.PENDING)
        .select_related("merged_into")
        .only(
            "pk",
            "call_id",
            "article",
            "receipt_number",
            "status",
            "public_body",
            "hidden_reason",
            "moderated_on",
            "received_on",
            "merged_into__receipt_number",
        )
        .order_by("pk")
    )


def calls_for_item(item) -> QuerySet[CommentCall]:
    """The comment calls whose final document is this catalogue item (the item's portal page
    links back to them)."""
    return CommentCall.objects.filter(
        final_item=item, status__in=states.PUBLIC, published_on__isnull=False
    ).order_by("pk")


def days_left(call: CommentCall, today: date) -> int:
    """Calendar days until the closing date, the closing day included (0 after it)."""
    return max(0, (call.closes_on - today).days + 1)


FINAL_CANDIDATES = 30


def final_candidates(call: CommentCall) -> list:
    """The drafting agency's latest published policy documents and rules (the likely final
    documents of a call), newest first."""
    from gongkai.catalogue.selectors import public_items
    from gongkai.catalogue.taxonomy import POLICY_GENRES

    return list(
        public_items()
        .filter(agency=call.agency, genre__in=POLICY_GENRES | {"other_document"})
        .order_by("-published_on", "-pk")[:FINAL_CANDIDATES]
    )
