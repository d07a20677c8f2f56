"""Demo comment calls (征求意见): an open call on a normative document of twelve articles with
a few comments awaiting moderation, a closed call with its comments (published, hidden,
merged, not consented), its adoption summary and the final document it led to, and a call
with a shortened period and its reason. Made through the services, so every step is in the
audit trail. Safe to run twice: nothing is made when the demo calls exist."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from gongkai.accounts.models import Agency, Department, User
from gongkai.catalogue import services as catalogue
from gongkai.participation import services as s
from gongkai.participation.models import CommentCall

DATA = Path(__file__).parent / "data" / "participation"
OPEN_TITLE = "示范区住宅专项维修资金管理办法（征求意见稿）"
CLOSED_TITLE = "示范区建筑垃圾运输处置管理办法（征求意见稿）"
SHORT_TITLE = "关于2027年春节期间烟花爆竹燃放管理的通告（征求意见稿）"
CONTACT = "示范区住房和城乡建设局房地产市场监管科　0731-88810025"


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8").strip()


def load_demo_participation(today: date | None = None) -> int:
    """Returns how many calls were made (0 when they exist or the organisation is missing)."""
    if CommentCall.objects.filter(title__in=(OPEN_TITLE, CLOSED_TITLE, SHORT_TITLE)).exists():
        return 0
    agencies = {a.short_name: a for a in Agency.objects.filter(short_name__in=("住建局", "城管局"))}
    users = {u.username: u for u in User.objects.filter(username__in=("gongkaiban", "admin"))}
    if len(agencies) < 2 or len(users) < 2:
        return 0
    today = today or timezone.localdate()
    housing, city = agencies["住建局"], agencies["城管局"]
    office, admin = users["gongkaiban"], users["admin"]
    made = 0
    for load in (_closed, _open, _shortened):
        try:
            load(today, housing, city, office, admin)
        except s.CallError:
            # A period that needs next year's holiday schedule before it is loaded: the
            # demo leaves that call out rather than guess (docs/law.md §1).
            continue
        made += 1
    return made


def _open(today, housing, city, office, admin) -> None:
    call = s.call_create(
        agency=housing,
        actor=office,
        title=OPEN_TITLE,
        kind="normative",
        draft=_read("maintenance_fund_draft.txt"),
        drafting_note=_read("maintenance_fund_note.txt"),
        opens_on=today,
        closes_on=today + timedelta(days=30),
        contact=CONTACT,
        letter_address="示范区人民路88号区住房和城乡建设局房地产市场监管科（邮编410000）",
        email_address="zjjwxzj@shifanqu.gov.cn",
    )
    s.call_open(call=call, actor=office)
    for article, body, consent in (
        (
            9,
            "建议在第九条应急情形中增加“外墙饰面脱落危及行人安全的”一项，我们小区去年就发生过。",
            True,
        ),
        (8, "表决门槛太高，很多老小区根本凑不齐三分之二的业主参与表决，建议允许电子投票。", True),
        (
            None,
            "建议明确物业服务企业挪用维修资金的法律责任。我的电话13607318899，可以联系我。",
            True,
        ),
        (11, "希望查询系统能在手机上使用，目前只能到窗口查询很不方便。", False),
    ):
        s.comment_submit(call=call, body=body, article=article, consent=consent)


def _closed(today, housing, city, office, admin) -> None:
    opens = today - timedelta(days=60)
    closes = opens + timedelta(days=32)
    call = s.call_create(
        agency=housing,
        actor=office,
        title=CLOSED_TITLE,
        kind="normative_market",
        draft=_read("waste_draft.txt"),
        drafting_note=_read("waste_note.txt"),
        opens_on=opens,
        closes_on=closes,
        contact=CONTACT,
        email_address="zjjjzlj@shifanqu.gov.cn",
    )
    s.call_open(call=call, actor=office, on=opens)
    data = json.loads(_read("waste_comments.json"))
    comments = []
    for row in data["comments"]:
        on = opens + timedelta(days=row["days"])
        comment = s.comment_submit(
            call=call,
            body=row["body"],
            article=row["article"],
            name=row["name"],
            contact=row["contact"],
            consent=row["consent"],
            on=on,
        )
        comments.append(comment)
        decided = on + timedelta(days=1)
        moderation = row.get("moderation", "")
        if moderation == "publish":
            s.comment_publish(comment=comment, actor=office, on=decided)
        elif moderation.startswith("hide:"):
            s.comment_hide(comment=comment, actor=office, reason=moderation[5:], on=decided)
        elif moderation.startswith("merge:"):
            into = comments[int(moderation[6:])]
            s.comment_merge(comment=comment, actor=office, into=into, reason="重复意见", on=decided)
    s.call_close(call=call, actor=office, on=closes + timedelta(days=1))
    for row in data["opinions"]:
        s.opinion_save(
            call=call,
            actor=office,
            summary=row["summary"],
            decision=row["decision"],
            reason=row["reason"],
            comments=[comments[i] for i in row["comments"]],
        )
    s.summary_publish(call=call, actor=office, intro=data["intro"], on=closes + timedelta(days=8))
    item = _final_document(housing, today - timedelta(days=10), call.draft)
    if item is not None:
        s.call_link_final(call=call, actor=office, item=item)


def _final_document(housing, published_on: date, draft: str):
    """The document the closed call led to, published in the catalogue through its
    workflow (drafted by the clerk, reviewed and approved by the reviewer)."""
    users = {u.username: u for u in User.objects.filter(username__in=("jingban", "shenhe"))}
    if len(users) < 2:
        return None
    clerk, reviewer = users["jingban"], users["shenhe"]
    department = Department.objects.filter(agency=housing, name="建筑市场监管科").first()
    articles = "\n\n".join(
        "　　" + line for line in draft.splitlines()[1:] if line.strip()
    ).replace(
        "二十二时至次日六时。",
        "二十二时至次日六时，途经居民区路段限速每小时三十公里、禁止鸣笛。",
        1,
    )
    item = catalogue.item_create(
        agency=housing,
        department=department,
        actor=clerk,
        title="示范区住房和城乡建设局关于印发《示范区建筑垃圾运输处置管理办法》的通知",
        doc_number=f"示住建规〔{published_on.year}〕9号",
        written_on=published_on - timedelta(days=3),
        statutory_category="20-1",
        genre="normative_document",
        keywords="建筑垃圾，运输处置，管理办法",
        body="各街道办事处、镇人民政府，各有关单位：\n\n　　《示范区建筑垃圾运输处置管理办法》"
        "已经局务会议研究同意，现印发给你们，请认真贯彻执行。\n\n" + articles,
    )
    catalogue.item_submit(item=item, actor=clerk)
    for finding in item.findings.all():
        catalogue.finding_mask(finding=finding, actor=reviewer)
    catalogue.item_secrecy_review(item=item, actor=reviewer, passed=True, note="经审查，可以公开")
    return catalogue.item_approve(item=item, actor=reviewer, published_on=published_on)


def _shortened(today, housing, city, office, admin) -> None:
    call = s.call_create(
        agency=city,
        actor=admin,
        title=SHORT_TITLE,
        kind="normative",
        draft=_read("fireworks_draft.txt"),
        drafting_note=_read("fireworks_note.txt"),
        opens_on=today,
        closes_on=today + timedelta(days=5),
        shortened_reason="2027年春节临近，通告须在节前发布并留出宣传时间，征求意见期限缩短为5日。",
        contact="示范区城市管理局市容环境卫生科　0731-88810031",
        name_required=True,
        contact_required=True,
    )
    s.call_open(call=call, actor=admin)
