"""Letters an agency sends to an applicant (答复告知书, 补正告知书, 延期答复告知书, 收费通知书,
第三方意见征询函), rendered as DOCX and PDF laid out like a 公文 after GB/T 9704-2012. Pure: no
Django.

Layout: A4; margins 37/35/28/26 mm (top/bottom/left/right), which leaves the standard
156 x 225 mm type area; title 22 pt (二号), centred (bold in the PDF); document number centred
under it; body 16 pt (三号) with a two-character first-line indent on a fixed 28.95 pt line
(225 mm / 22 lines); agency and date at the bottom right, the agency centred over the date,
the date four characters from the right edge; footer lines 14 pt, the contact lines never
split across pages; page numbers "— 1 —" at the bottom centre.

Fonts (`core.documents`): the DOCX names the office faces — 方正小标宋简体 for the title,
仿宋_GB2312 for the rest, Times New Roman for digits and Latin letters — with their fallbacks
in its font table; the PDF names the same faces first and embeds Noto Serif CJK SC (Debian's
fonts-noto-cjk) where they are missing.

All text is untrusted (the applicant's own words end up in paragraphs): it is escaped for HTML,
and WeasyPrint gets a fetcher that refuses every URL and no base URL.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from gongkai.core.documents import (
    BODY_FACE,
    BODY_PT,
    FOOTER_PT,
    LINE_PT,
    MARGIN_MM,
    PAGE_NUMBER_GAP_MM,
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
    html_to_pdf,
)

# Looked up on every rendering, so that a test can watch what is refused.
from gongkai.core.documents import refuse_fetch as _refuse_fetch

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

# 28 characters a line as the standard asks: 156 mm holds only 27.6 of 16 pt, so tighten a little.
TRACKING_PT = -0.25
SEAL_TEXT = "（印章）"


@dataclass(frozen=True)
class LetterContent:
    title: str  # 政府信息公开申请答复告知书
    number: str  # 示范住建依公开〔2025〕第17号 (may be "")
    recipient: str  # 张三 (rendered as "张三：")
    paragraphs: tuple[str, ...]  # body paragraphs, plain text; "\n" inside one breaks the line
    agency: str  # 示范区住房和城乡建设局
    issued_on: date
    footer_lines: tuple[str, ...] = ()
    seal_placeholder: bool = True


# --- the letter as lines: shared by all three renderings so they cannot drift apart ---


@dataclass(frozen=True)
class _Signature:
    agency: str
    seal: bool
    date: str
    # right indents in body characters (em of 16 pt)
    agency_right: float
    seal_right: float
    date_right: float


def _lines(text: str) -> list[str]:
    # Leading 全角空格 are a common hand-made indent; the layout indents already.
    return [line.strip() for line in clean_text(text).split("\n") if line.strip()]


def _body(letter: LetterContent) -> list[list[str]]:
    """Non-blank body paragraphs, each as its lines."""
    return [lines for p in letter.paragraphs if (lines := _lines(p))]


def _heading(letter: LetterContent) -> tuple[str, str, str]:
    title = " ".join(_lines(letter.title))
    number = " ".join(_lines(letter.number))
    recipient = " ".join(_lines(letter.recipient)).rstrip("：:").strip()
    return title, number, f"{recipient}：" if recipient else ""


def _footer(letter: LetterContent) -> list[str]:
    return [line for f in letter.footer_lines for line in _lines(f)]


def _width(text: str) -> float:
    """Rough advance in em: ASCII is about half width in the CJK font."""
    return sum(0.5 if " " <= ch <= "~" else 1.0 for ch in text)


def _signature(letter: LetterContent) -> _Signature:
    agency = " ".join(_lines(letter.agency))
    when = chinese_date(letter.issued_on)
    w_agency, w_date = _width(agency), _width(when)
    # 7.3.5.1: date four characters from the right, agency centred over it; a name too long
    # for that keeps two characters from the right and the date is centred under it instead.
    date_right = 4.0
    agency_right = date_right + (w_date - w_agency) / 2
    if agency_right < 2:
        agency_right = 2.0
        date_right = agency_right + (w_agency - w_date) / 2
    seal_right = date_right + (w_date - _width(SEAL_TEXT)) / 2
    return _Signature(
        agency, letter.seal_placeholder, when, agency_right, max(seal_right, 0), date_right
    )


def letter_text(letter: LetterContent) -> str:
    """The letter's text as it reads on paper, one line per line, without the page numbers."""
    title, number, recipient = _heading(letter)
    sig = _signature(letter)
    out = [title, number, recipient]
    out += [line for lines in _body(letter) for line in lines]
    out += [sig.agency, SEAL_TEXT if sig.seal else "", sig.date]
    out += _footer(letter)
    return "\n".join(line for line in out if line)


# --- DOCX ---


def render_docx(letter: LetterContent) -> bytes:
    # Imported here: callers that only want letter_text should not pay for it.
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()

    def set_font(rpr_parent: Any, size: float, face: Face = BODY_FACE) -> None:
        docx_fonts(rpr_parent._element, face)
        rpr_parent.font.size = Pt(size)
        # 小标宋 is a heavy face already: a bold title would be double-struck.
        rpr_parent.font.bold = False

    docx_default_fonts(doc, BODY_FACE)
    normal = docx_normal_style(doc, BODY_FACE)
    normal.font.bold = False
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(round(TRACKING_PT * 20)))  # twentieths of a point
    normal._element.get_or_add_rPr().insert_element_before(
        spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs"
    )

    section = doc.sections[0]
    docx_page(section)
    section.header_distance = Mm(15)

    def para(
        lines: list[str],
        size: float = BODY_PT,
        face: Face = BODY_FACE,
        align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent_chars: float = 0,
        right_chars: float = 0,
        line_pt: float = LINE_PT,
        before_lines: float = 0,
    ) -> Paragraph:
        p = doc.add_paragraph()
        p.alignment = align
        f = p.paragraph_format
        f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        f.line_spacing = Pt(line_pt)
        if indent_chars:
            f.first_line_indent = Pt(size * indent_chars)
        if right_chars:
            f.right_indent = Pt(BODY_PT * right_chars)
        if before_lines:
            f.space_before = Pt(LINE_PT * before_lines)
        run = p.add_run()
        set_font(run, size, face)
        for i, line in enumerate(lines):
            if i:
                run.add_break()
            run.add_text(line)
        return p

    title, number, recipient = _heading(letter)
    para([title], TITLE_PT, TITLE_FACE, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=TITLE_LINE_PT)
    if number:
        para([number], align=WD_ALIGN_PARAGRAPH.CENTER)
    if recipient:
        # One blank line between the heading and the letter proper.
        para([recipient], align=WD_ALIGN_PARAGRAPH.LEFT, before_lines=1)
    last = None
    for lines in _body(letter):
        last = para(lines, indent_chars=2)
    if last is not None:
        last.paragraph_format.keep_with_next = True  # no signature alone on a page

    sig = _signature(letter)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    block = [para([sig.agency], align=right, right_chars=sig.agency_right, before_lines=1)]
    if sig.seal:
        block.append(para([SEAL_TEXT], align=right, right_chars=sig.seal_right))
    block.append(para([sig.date], align=right, right_chars=sig.date_right))
    for p in block[:-1]:
        p.paragraph_format.keep_with_next = True

    # The contact lines are read together: never one on a page and the rest on the next.
    docx_keep_together([para([line], FOOTER_PT, indent_chars=2) for line in _footer(letter)])

    fp = section.footer.paragraphs[0]
    fp.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    docx_page_numbers(fp, lambda run: set_font(run, FOOTER_PT))

    props = doc.core_properties
    props.title = title
    props.author = props.last_modified_by = sig.agency
    # The template says 2013; the letter's own date is the honest creation date.
    props.created = props.modified = datetime.combine(letter.issued_on, time(), tzinfo=UTC)

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --- PDF ---


_CSS = f"""
@page {{
  size: A4;
  margin: {MARGIN_MM["top"]}mm {MARGIN_MM["right"]}mm {MARGIN_MM["bottom"]}mm {MARGIN_MM["left"]}mm;
  @bottom-center {{
    content: "— " counter(page) " —";
    font-family: {BODY_FACE.css};
    font-size: {FOOTER_PT}pt;
    white-space: nowrap;
    vertical-align: top;
    padding-top: {PAGE_NUMBER_GAP_MM}mm;
  }}
}}
html {{ font-family: {BODY_FACE.css}; font-size: {BODY_PT}pt; line-height: {LINE_PT}pt; }}
/* On body, not html: the page-number box inherits from html and must not be tightened. */
body {{ margin: 0; letter-spacing: {TRACKING_PT}pt; }}
/* WeasyPrint justifies by stretching spaces only, which CJK text has none of. */
p {{ margin: 0; text-align: left; }}
/* Bold: Noto Serif CJK SC Bold is the stand-in for 小标宋 where that face is missing. */
h1 {{
  margin: 0; font-family: {TITLE_FACE.css}; font-size: {TITLE_PT}pt; font-weight: bold;
  text-align: center;
  line-height: {TITLE_LINE_PT}pt;
}}
.number {{ text-align: center; }}
.recipient {{ margin-top: {LINE_PT}pt; text-align: left; }}
.body p {{ text-indent: 2em; }}
.body p:last-child {{ break-after: avoid; }}
.signature {{ margin-top: {LINE_PT}pt; break-inside: avoid; }}
.signature p {{ text-align: right; white-space: nowrap; }}
.footer {{ break-inside: avoid; }}
.footer p {{ font-size: {FOOTER_PT}pt; text-indent: 2em; }}
"""


def _letter_html(letter: LetterContent) -> str:
    e = html.escape  # also escapes quotes: nothing in the text can leave its element

    def p(lines: list[str], cls: str = "", style: str = "") -> str:
        attrs = (f' class="{cls}"' if cls else "") + (f' style="{style}"' if style else "")
        return f"<p{attrs}>" + "<br>".join(e(line) for line in lines) + "</p>"

    title, number, recipient = _heading(letter)
    sig = _signature(letter)
    parts = [f"<h1>{e(title)}</h1>"]
    if number:
        parts.append(p([number], "number"))
    if recipient:
        parts.append(p([recipient], "recipient"))
    parts.append('<div class="body">' + "".join(p(lines) for lines in _body(letter)) + "</div>")
    sig_lines = [(sig.agency, sig.agency_right)]
    if sig.seal:
        sig_lines.append((SEAL_TEXT, sig.seal_right))
    sig_lines.append((sig.date, sig.date_right))
    parts.append(
        '<div class="signature">'
        + "".join(p([text], style=f"padding-right: {right:.2f}em") for text, right in sig_lines)
        + "</div>"
    )
    footer = _footer(letter)
    if footer:
        parts.append('<div class="footer">' + "".join(p([line]) for line in footer) + "</div>")
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<title>{e(title)}</title><meta name="author" content="{e(sig.agency)}">'
        f"<style>{_CSS}</style></head><body>{''.join(parts)}</body></html>"
    )


def _html_to_pdf(document: str) -> bytes:
    return html_to_pdf(document, refuse=_refuse_fetch)


def render_pdf(letter: LetterContent) -> bytes:
    return _html_to_pdf(_letter_html(letter))
