"""The circular (通报): its draft text from a period's indicators, and its DOCX on the 公文
page of gongkai.core.documents (GB/T 9704-2012).

The draft has four parts: the overall figures, the ranking (only units with at least 5
cases, docs/law.md §7), the problems found with the agencies named, and the requirements.
`problem_sections` is where other findings plug in (site inspection, when an app provides
them): each source returns (heading, paragraphs) sections.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from datetime import UTC, date, datetime, time
from typing import Any

from gongkai.core.documents import (
    BODY_FACE,
    BODY_PT,
    FOOTER_PT,
    HEADING1_FACE,
    HEADING2_FACE,
    LINE_PT,
    TITLE_FACE,
    TITLE_LINE_PT,
    TITLE_PT,
    Face,
    chinese_date,
    clean_text,
    docx_default_fonts,
    docx_fonts,
    docx_keep_together,
    docx_normal_style,
    docx_page,
    docx_page_numbers,
)
from gongkai.supervision import indicators as ind

ISSUER_NAME = "示范区人民政府办公室（政务公开办）"
HEADING1 = re.compile(r"^[一二三四五六七八九十]+、")
HEADING2 = re.compile(r"^（[一二三四五六七八九十]+）")
NAMED_AT_MOST = 10  # records named per agency in a problem paragraph

Section = tuple[str, list[str]]


def paragraphs(body: str) -> list[tuple[str, str]]:
    """(kind, text) per non-empty line: heading1 (一、), heading2 （一）, or text."""
    result = []
    for line in clean_text(body).split("\n"):
        line = line.strip()
        if not line:
            continue
        if HEADING1.match(line):
            result.append(("heading1", line))
        elif HEADING2.match(line) and "。" not in line[:-1] and len(line) <= 40:
            result.append(("heading2", line))
        else:
            result.append(("text", line))
    return result


def _d(iso: str) -> str:
    return chinese_date(date.fromisoformat(iso))


def _rate(part: int, whole: int) -> str:
    value = ind.rate(part, whole)
    return "—" if value is None else f"{value}%"


def draft_text(period: Any) -> tuple[str, str]:
    """(title, body) of a draft circular on `period` (selectors.Period)."""
    data = period.as_json()
    start, end = data["period"]["from"], data["period"]["to"]
    total = data["total"]
    cat, docs = total["catalogue"], total["catalogue_by_kind"]["government_documents"]
    apps, msgs, enq = total["applications"], total["messages"], total["enquiries"]
    title = f"关于{_d(start)}至{_d(end)}全区政府信息公开工作情况的通报"
    lines = [
        "为推动各单位依法做好政府信息公开工作，根据《中华人民共和国政府信息公开条例》第六条、"
        f"第七条和第五十一条至第五十三条的规定，现将{_d(start)}至{_d(end)}全区政府信息公开"
        "工作情况通报如下。",
        "一、总体情况",
        f"统计期间，各单位主动公开政府信息{cat['published']}条，从成文到公开平均用时"
        f"{cat['average_workdays'] or '—'}个工作日，最长{cat['longest_workdays'] or '—'}个工作日；"
        f"其中政府文件{docs['published']}件，平均用时{docs['average_workdays'] or '—'}个工作日。"
        f"超过20个工作日公开的{cat['late']}条（条例第二十六条）。发布政策文件"
        f"{cat['policies']}件，同步解读{cat['policies_with_interpretation']}件。",
        f"收到政府信息公开申请{apps['received']}件，答复{apps['replied']}件，按时答复率"
        f"{_rate(apps['on_time'], apps['on_time_denominator'])}，平均答复用时"
        f"{apps['average_workdays'] or '—'}个工作日；截至{_d(end)}，逾期未答复"
        f"{apps['overdue_open']}件。行政复议、行政诉讼{total['appeals']['filed']}件，"
        f"被纠错{total['appeals']['corrected']}件。",
        f"收到留言{msgs['received']}条，其中有效留言{msgs['valid']}条，答复{msgs['replied']}条，"
        f"期内收到的有效留言已答复{msgs['valid_replied']}条，答复率"
        f"{_rate(msgs['valid_replied'], msgs['valid'])}；截至{_d(end)}，超过三个月未答复的有效"
        f"留言{msgs['unanswered_over_3_months']}条。受理咨询{enq['total']}人次（电话"
        f"{enq['phone']}、当面{enq['in_person']}、网上{enq['online']}）。各单位指标见附件。",
        "二、排名情况",
    ]
    lines += _ranking_lines(period)
    problems = problem_sections(period)
    lines.append("三、存在的问题")
    if problems:
        for heading, texts in problems:
            lines.append(heading)
            lines += texts
    else:
        lines.append("统计期间未发现逾期未答复的申请、超期发布的信息和超过三个月未答复的留言。")
    lines += [
        "四、工作要求",
        "（一）严格执行法定时限。各单位要对逾期未答复的申请立即办理，依法作出答复；"
        "今后严格按照条例第三十三条规定的期限答复，确需延期的依法办理延期手续。",
        "（二）及时公开政府信息。属于主动公开范围的信息，应当自形成或者变更之日起20个"
        "工作日内予以公开；政策文件与解读材料同步组织、同步审签、同步发布。",
        "（三）认真办理留言。对有效留言及时答复，杜绝超过三个月未答复的情况。",
        "（四）抓好问题整改。被通报的单位要逐项整改，于通报印发之日起15个工作日内将整改"
        "情况报送政务公开办。",
    ]
    return title, "\n".join(lines)


def _ranking_lines(period: Any) -> list[str]:
    ranks = period.rankings()
    by_code = {row.agency.code: row for row in period.agencies}
    lines = []
    numbers = "一二三四五六七八九十"
    shown = [
        ("catalogue_average", "个工作日"),
        ("applications_on_time", "%"),
        ("messages_reply_rate", "%"),
    ]
    for n, (key, unit) in enumerate(shown):
        figure = ind.RANKED_BY_KEY[key]
        ranked = sorted(
            ((r, code) for code, r in ranks[key].items() if r is not None), key=lambda x: x
        )
        label = figure.label.split("（")[0]
        if not ranked:
            lines.append(
                f"（{numbers[n]}）{label}：各单位均不足{ind.RANKING_THRESHOLD}件，本期不排名。"
            )
            continue
        parts = []
        for r, code in ranked:
            row = by_code[code]
            parts.append(
                f"第{r}名{row.agency.short_name or row.agency.name}"
                f"（{figure.value(row.indicators)}{unit}）"
            )
        unranked = [
            by_code[code].agency.short_name or by_code[code].agency.name
            for code, r in ranks[key].items()
            if r is None
        ]
        text = f"（{numbers[n]}）{label}：" + "、".join(parts) + "。"
        if unranked:
            text += f"{'、'.join(unranked)}不足{ind.RANKING_THRESHOLD}件，不参加排名。"
        lines.append(text)
    return lines


def problem_sections(period: Any) -> list[Section]:
    """The problems found in the period, each a (heading, paragraphs) section naming the
    agencies: overdue applications, late items, messages unanswered over three months; then
    findings of other sources (site inspection) when an app provides them."""
    from gongkai.supervision.selectors import trace

    start, end = period.start, period.end
    sections: list[Section] = []
    numbers = "一二三四五六七八九十"
    sources = [
        ("applications.overdue_open", "申请逾期未答复", "件", f"截至{chinese_date(end)}逾期未答复"),
        ("catalogue.late", "信息公开不及时", "条", "超过20个工作日才公开"),
        (
            "messages.unanswered_over_3_months",
            "留言超过三个月未答复",
            "条",
            f"截至{chinese_date(end)}超过三个月未答复",
        ),
    ]
    for figure, heading, unit, what in sources:
        by_agency: dict[str, list[str]] = defaultdict(list)
        for row in trace(figure, start, end):
            by_agency[row.agency].append(row.number)
        if not by_agency:
            continue
        texts = []
        for agency, numbers_ in sorted(by_agency.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            named = "、".join(numbers_[:NAMED_AT_MOST]) + (
                "等" if len(numbers_) > NAMED_AT_MOST else ""
            )
            texts.append(f"{agency}{what}{len(numbers_)}{unit}（{named}）。")
        sections.append((f"（{numbers[len(sections)]}）{heading}", texts))
    for extra in _other_findings(period):
        sections.append((f"（{numbers[min(len(sections), 9)]}）{extra[0]}", extra[1]))
    return sections


def _other_findings(period: Any) -> list[Section]:
    """Findings of the site inspection (gongkai.inspection), when that app is installed and
    offers `selectors.circular_findings(start, end) -> [(heading, paragraphs)]`."""
    from django.apps import apps

    if not apps.is_installed("gongkai.inspection"):
        return []
    try:
        from gongkai.inspection.selectors import circular_findings
    except ImportError:
        return []
    return list(circular_findings(period.start, period.end))


# -- DOCX ------------------------------------------------------------------------------------


def circular_docx(circular: Any) -> bytes:
    """The circular as a 公文 (GB/T 9704-2012 page: title, number, recipients, body with
    黑体 and 楷体 headings, issuer and date, page numbers)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    doc = Document()
    docx_default_fonts(doc, BODY_FACE)
    docx_normal_style(doc, BODY_FACE).font.bold = False
    section = doc.sections[0]
    docx_page(section)

    def para(
        text: str,
        size: float = BODY_PT,
        face: Face = BODY_FACE,
        align: Any = None,
        indent: bool = False,
        line_pt: float = LINE_PT,
        before: float = 0,
    ) -> Any:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line_pt)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        if before:
            fmt.space_before = Pt(LINE_PT * before)
        run = p.add_run(clean_text(text))
        docx_fonts(run._r, face)
        run.font.size = Pt(size)
        run.font.bold = False
        return p

    center, left, right = (
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.RIGHT,
    )
    number = circular.number or "（草稿，未编号）"
    para(number, align=center)
    para(circular.title, TITLE_PT, TITLE_FACE, align=center, line_pt=TITLE_LINE_PT, before=1)
    if circular.recipients:
        para(f"{circular.recipients}：", align=left, before=1)
    last = None
    for kind, text in paragraphs(circular.body):
        if kind in ("heading1", "heading2"):
            face = HEADING1_FACE if kind == "heading1" else HEADING2_FACE
            last = para(text, face=face, indent=True)
            last.paragraph_format.keep_with_next = True  # never a heading alone at a page's foot
        else:
            last = para(text, indent=True)
    if last is not None:
        last.paragraph_format.keep_with_next = True
    para("附件：政府信息公开工作指标表（见电子表格）", indent=True, before=1)
    issued = circular.issued_on
    block = [
        para(ISSUER_NAME, align=right, before=2),
        para(chinese_date(issued) if issued else "（印发日期）", align=right),
    ]
    docx_keep_together(block)
    fp = section.footer.paragraphs[0]
    fp.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE

    def footer_font(run: Any) -> None:
        docx_fonts(run._r, BODY_FACE)
        run.font.size = Pt(FOOTER_PT)

    docx_page_numbers(fp, footer_font)
    props = doc.core_properties
    props.title = circular.title
    props.author = props.last_modified_by = ISSUER_NAME
    if issued:
        props.created = props.modified = datetime.combine(issued, time(), tzinfo=UTC)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
