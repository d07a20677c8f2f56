"""Each rule of `rules.py` checked against the database and the portal as it is today. A
check returns the problems it sees (`Problem`); `services.run_inspection` turns them into
findings and closes the findings whose problem is gone. Other apps are read through their
selectors only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import Resolver404, resolve, reverse

from gongkai.accounts.models import Agency
from gongkai.audit.selectors import recorded_days
from gongkai.catalogue import privacy
from gongkai.catalogue import selectors as catalogue
from gongkai.inspection import rules
from gongkai.inspection.crawl import OK_STATUSES, CrawlResult
from gongkai.interaction import selectors as interaction
from gongkai.workdays.selectors import get_calendar

QUESTION_WINDOW_DAYS = 92  # simple questions judged over about the last three months
DETAIL_MAX = 1000


@dataclass(frozen=True)
class Problem:
    rule: str
    key: str
    agency_id: int | None
    page_url: str
    detail: str


def _item_url(index_number: str) -> str:
    return reverse("portal:item", kwargs={"index_number": index_number})


def _agency_url(code: str) -> str:
    return reverse("portal:agency_catalogue", kwargs={"code": code})


def columns_setting() -> tuple[rules.Column, ...]:
    return rules.columns_with(getattr(settings, "GONGKAI_INSPECTION_COLUMN_LIMITS", None))


# -- columns (检查指标: 栏目更新, 空白栏目; 单项否决 at 5) ------------------------


def check_columns(agencies: list[Agency], today: date) -> list[Problem]:
    columns = columns_setting()
    last_by_genre = catalogue.last_published_by_genre([a.pk for a in agencies])
    problems = []
    for agency in agencies:
        last: dict[str, date | None] = {}
        for column in columns:
            dates = [
                d for g in column.genres if (d := last_by_genre.get((agency.pk, g))) is not None
            ]
            last[column.key] = max(dates) if dates else None
        verdict = rules.judge_columns(last, today, columns)
        url = _agency_url(agency.code)
        labels = {c.key: c for c in columns}
        for key in verdict.stale:
            column = labels[key]
            problems.append(
                Problem(
                    "column_stale",
                    f"column:{agency.pk}:{key}",
                    agency.pk,
                    url,
                    f"“{column.label}”栏目最近一次更新为{last[key]:%Y-%m-%d}，"
                    f"超过{column.limit.label}未更新",
                )
            )
        for key in verdict.empty:
            problems.append(
                Problem(
                    "column_empty",
                    f"column:{agency.pk}:{key}",
                    agency.pk,
                    url,
                    f"“{labels[key].label}”栏目没有任何已公开的信息",
                )
            )
        if verdict.stale_veto:
            names = "、".join(labels[k].label for k in verdict.stale)
            problems.append(
                Problem(
                    "columns_stale_veto",
                    f"agency:{agency.pk}",
                    agency.pk,
                    url,
                    f"{len(verdict.stale)}个栏目未按时更新：{names}",
                )
            )
        if verdict.empty_veto:
            names = "、".join(labels[k].label for k in verdict.empty)
            problems.append(
                Problem(
                    "columns_empty_veto",
                    f"agency:{agency.pk}",
                    agency.pk,
                    url,
                    f"{len(verdict.empty)}个空白栏目：{names}",
                )
            )
    return problems


# -- policies and their interpretation (谁起草谁解读; linked both ways) -------------------------


def check_interpretations(agency_ids, crawl: CrawlResult | None) -> tuple[list[Problem], bool]:
    """Returns the problems and whether the both-ways link check ran (it needs the crawl)."""
    problems = []
    for (
        pk,
        agency_id,
        number,
        title,
        interpretation,
    ) in catalogue.public_policies_with_interpretation(agency_ids):
        url = _item_url(number)
        if not interpretation:
            problems.append(
                Problem(
                    "policy_no_interpretation",
                    f"item:{pk}",
                    agency_id,
                    url,
                    f"政策文件《{title}》没有已公开的政策解读",
                )
            )
            continue
        if crawl is None:
            continue
        other = _item_url(interpretation)
        policy_page, interpretation_page = crawl.pages.get(url), crawl.pages.get(other)
        if policy_page is None or interpretation_page is None:
            continue
        missing = []
        if other not in policy_page.links:
            missing.append("政策文件页面未链接解读")
        if url not in interpretation_page.links:
            missing.append("解读页面未链接政策文件")
        if missing:
            problems.append(
                Problem(
                    "policy_not_linked",
                    f"item:{pk}",
                    agency_id,
                    url,
                    f"《{title}》：{'，'.join(missing)}",
                )
            )
    return problems, crawl is not None


# -- personal data re-scanned with today's guard (Art. 15) ------------------------------------


# Reading: the re-scan reports what identifies a person whatever the context — ID numbers,
# mobile numbers, bank cards. Landlines, e-mail addresses and names are mostly an office's
# published contacts and its officials; the guard asks a reviewer about them before
# publication, and older or imported items carry no such decision to compare with.
RESCAN_KINDS = frozenset({"id_number", "mobile", "bank_card"})


def check_privacy(agency_ids) -> list[Problem]:
    problems = []
    for entry in catalogue.public_texts(agency_ids):
        found = []
        for text in entry.texts:
            for hit in privacy.scan(text or ""):
                if hit.kind in RESCAN_KINDS and hit.text[:100] not in entry.justified:
                    found.append(hit)
        if found:
            kinds = sorted({privacy.KIND_LABELS.get(h.kind, h.kind) for h in found})
            examples = "、".join(dict.fromkeys(h.masked for h in found).keys())
            problems.append(
                Problem(
                    "privacy_unmasked",
                    f"item:{entry.item_id}",
                    entry.agency_id,
                    _item_url(entry.index_number),
                    f"《{entry.title}》含{len(found)}处未处理的个人信息"
                    f"（{'、'.join(kinds)}：{examples}）"[:DETAIL_MAX],
                )
            )
    return problems


# -- messages (docs/law.md §8) ---------------------------------------------------------------


def check_messages(agency_ids, today: date) -> list[Problem]:
    problems = []
    for message in interaction.messages_unanswered_over_3_months(today, agency_ids):
        problems.append(
            Problem(
                "message_unanswered",
                f"message:{message.pk}",
                message.agency_id,
                reverse("interaction:message", args=[message.pk]),
                f"留言 {message.number}“{message.title}”{message.received_on:%Y-%m-%d}收到，"
                "超过3个月仍未答复",
            )
        )
    calendar = get_calendar()
    since = today - timedelta(days=QUESTION_WINDOW_DAYS)
    for message in interaction.questions_replied(agency_ids, since=since):
        late = rules.question_answered_late(
            received_on=message.received_on, replied_on=message.replied_on, calendar=calendar
        )
        if late:
            problems.append(
                Problem(
                    "question_late",
                    f"message:{message.pk}",
                    message.agency_id,
                    reverse("interaction:message", args=[message.pk]),
                    f"咨询 {message.number}“{message.title}”{message.received_on:%Y-%m-%d}收到，"
                    f"{message.replied_on:%Y-%m-%d}答复，超过5个工作日",
                )
            )
    return problems


# -- publication dates the audit trail contradicts ------------------------------------------


def check_publication_dates(agency_ids) -> list[Problem]:
    recorded = recorded_days(action="catalogue.item_publish", target_type="catalogue.item")
    items = catalogue.public_item_dates([int(k) for k in recorded if k.isdigit()])
    problems = []
    for pk, (agency_id, number, title, published_on) in items.items():
        if agency_ids is not None and agency_id not in agency_ids:
            continue
        on_record = recorded[str(pk)]
        if rules.publication_date_forged(published_on, on_record):
            problems.append(
                Problem(
                    "forged_publication_date",
                    f"item:{pk}",
                    agency_id,
                    _item_url(number),
                    f"《{title}》页面显示发布日期{published_on:%Y-%m-%d}，"
                    f"审计日志记录的发布日期为{on_record:%Y-%m-%d}",
                )
            )
    return problems


# -- attachments and links ------------------------------------------------------------------


def check_attachments(agency_ids) -> list[Problem]:
    """Public attachments whose stored file is gone."""
    problems = []
    for pk, agency_id, number, name, file in catalogue.public_attachment_files(agency_ids):
        if file and default_storage.exists(file):
            continue
        problems.append(
            Problem(
                "missing_attachment",
                f"attachment:{pk}",
                agency_id,
                _item_url(number),
                f"附件“{name}”的文件缺失，无法下载",
            )
        )
    return problems


def portal_seeds(agencies: list[Agency], whole_site: bool) -> list[str]:
    seeds = []
    if whole_site:
        seeds += [
            reverse("portal:home"),
            reverse("portal:catalogue"),
            reverse("portal:guide_index"),
            reverse("portal:site_map"),
            reverse("portal:contact"),
        ]
    for agency in agencies:
        seeds += [_agency_url(agency.code), reverse("portal:guide", kwargs={"code": agency.code})]
    seeds += [_item_url(n) for n in catalogue.public_index_numbers([a.pk for a in agencies])]
    return seeds


# Link targets judged by a look-up instead of a fetch: the same public item as JSON or by its
# number, and attachments (their file is checked on disk, once, as a missing attachment).
_BY_ITEM = ("portal:api_item", "portal:item_by_pk")


def target_status() -> Callable[[str], int | None]:
    """A link target's status without fetching it, where a look-up says it (404 when it is not
    public, 200 otherwise); None: fetch it."""
    attachments: set[int] | None = None
    items: set[int] | None = None

    def check(path: str) -> int | None:
        nonlocal attachments, items
        try:
            match = resolve(path)
        except Resolver404:
            return 404
        if match.view_name == "portal:attachment":
            if attachments is None:
                attachments = {pk for pk, *_ in catalogue.public_attachment_files()}
            return 200 if match.kwargs["pk"] in attachments else 404
        if match.view_name in _BY_ITEM:
            if items is None:
                items = catalogue.public_item_ids()
            key = str(match.kwargs["pk"])
            return 200 if key.isdigit() and int(key) in items else 404
        return None

    return check


def page_owners(crawl: CrawlResult, agencies: list[Agency]) -> dict[str, int | None]:
    """Whose page each crawled page is: an item's agency, an agency's catalogue or guide; the
    portal's common pages belong to no agency (the supervising office's)."""
    by_code = {a.code: a.pk for a in Agency.objects.all()}
    item_numbers = {}
    owners: dict[str, int | None] = {}
    for path in crawl.pages:
        try:
            match = resolve(path)
        except Resolver404:
            owners[path] = None
            continue
        if match.view_name == "portal:item":
            item_numbers[path] = match.kwargs["index_number"]
            owners[path] = None
        elif "code" in match.kwargs:
            owners[path] = by_code.get(match.kwargs["code"])
        else:
            owners[path] = None
    found = catalogue.public_item_owners(item_numbers.values())
    for path, number in item_numbers.items():
        owners[path] = found.get(number)
    return owners


def check_links(crawl: CrawlResult, agencies: list[Agency]) -> list[Problem]:
    owners = page_owners(crawl, agencies)
    problems = []
    for page in crawl.pages.values():
        if page.status not in OK_STATUSES:
            problems.append(
                Problem(
                    "dead_link",
                    f"page:{page.path}"[:300],
                    owners.get(page.path),
                    page.path,
                    f"页面无法打开（状态码 {page.status}）",
                )
            )
            continue
        for target in sorted(page.links):
            status = crawl.targets.get(target, 200)
            if status in OK_STATUSES:
                continue
            problems.append(
                Problem(
                    "dead_link",
                    f"link:{page.path}→{target}"[:300],
                    owners.get(page.path),
                    page.path,
                    f"页面上的链接 {target} 无法访问（状态码 {status}）"[:DETAIL_MAX],
                )
            )
    return problems
