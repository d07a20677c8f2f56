"""Letters an agency sends to an applicant (答复告知书, 补正告知书, 延期答复告知书, 收费通知书,
第三方意见征询函), rendered as DOCX and PDF laid out like a 公文 after GB/T 9704-2012. Pure: no
Django.

Layout: A4; margins 37/35/28/26 mm (top/bottom/left/right), which leaves the standard 156 x 225 mm
type area; title 22 pt (二号) bold, centred; document number centred under it; body 16 pt (三号)
with a two-character first-line indent on a fixed 28.95 pt line (225 mm / 22 lines); agency and
date at the bottom right, the agency centred over the date, the date four characters from the
right edge; footer lines 14 pt; page numbers "— 1 —" at the bottom centre. All text is set in
Noto Serif CJK SC (Debian's fonts-noto-cjk), a free stand-in for 小标宋/仿宋.

All text is untrusted (the applicant's own words end up in paragraphs): it is escaped for HTML,
and WeasyPrint gets a fetcher that refuses every URL and no base URL.
"""

from __future__ import annotations

import functools
import html
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

FONT = "Noto Serif CJK SC"
TITLE_PT = 22  # 二号
BODY_PT = 16  # 三号
FOOTER_PT = 14  # 四号
LINE_PT = 28.95  # 225 mm type area / 22 lines
# 28 characters a line as the standard asks: 156 mm holds only 27.6 of 16 pt, so tighten a little.
TRACKING_PT = -0.25
TITLE_LINE_PT = 36  # room for a 22 pt line, even if the title wraps
PAGE_MM = (210, 297)
MARGIN_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
PAGE_NUMBER_GAP_MM = 7  # the page number sits 7 mm below the type area
SEAL_TEXT = "（印章）"

# Characters XML 1.0 cannot hold (python-docx would raise on them) and that have no place in a
# letter: C0 controls other than tab/newline, DEL and C1 controls, surrogates, U+FFFE/U+FFFF.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


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


def chinese_date(d: date) -> str:
    """成文日期 as GB/T 9704 writes it: Arabic numerals, no leading zeros."""
    return f"{d.year}年{d.month}月{d.day}日"


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


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _UNPRINTABLE.sub("", text)


def _lines(text: str) -> list[str]:
    # Leading 全角空格 are a common hand-made indent; the layout indents already.
    return [line.strip() for line in _clean(text).split("\n") if line.strip()]


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

    def set_font(rpr_parent: Any, size: float, bold: bool = False) -> None:
        # rPr.rFonts needs eastAsia set too, or Word keeps its own CJK font.
        rpr = rpr_parent._element.get_or_add_rPr()
        rfonts = rpr.get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), FONT)
        rpr_parent.font.size = Pt(size)
        rpr_parent.font.bold = bold

    # The template's defaults name theme fonts (Calibri, MS Mincho...), which win over ours in
    # styles not based on Normal; name ours there too.
    default_fonts = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    for attr in list(default_fonts.attrib):
        del default_fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        default_fonts.set(qn(attr), FONT)

    normal = doc.styles["Normal"]
    set_font(normal, BODY_PT)
    normal_rpr = normal._element.get_or_add_rPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(round(TRACKING_PT * 20)))  # twentieths of a point
    normal_rpr.insert_element_before(spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs")
    # Chinese line-breaking rules and proofing language.
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal_rpr.append(lang)  # last child of rPr: schema order holds
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PT)
    pf.space_before = pf.space_after = Pt(0)
    pf.widow_control = True

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGIN_MM["top"])
    section.bottom_margin = Mm(MARGIN_MM["bottom"])
    section.left_margin = Mm(MARGIN_MM["left"])
    section.right_margin = Mm(MARGIN_MM["right"])
    section.header_distance = Mm(15)
    # Page number line about 7 mm under the type area: 35 - 7 - one 14 pt line.
    section.footer_distance = Mm(MARGIN_MM["bottom"] - PAGE_NUMBER_GAP_MM - 6)

    def para(
        lines: list[str],
        size: float = BODY_PT,
        bold: bool = False,
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
        set_font(run, size, bold)
        for i, line in enumerate(lines):
            if i:
                run.add_break()
            run.add_text(line)
        return p

    title, number, recipient = _heading(letter)
    para([title], TITLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=TITLE_LINE_PT)
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

    for line in _footer(letter):
        para([line], FOOTER_PT, indent_chars=2)

    # Footer: "— PAGE —" centred, as a real field so Word numbers every page.
    fp = section.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE

    def footer_run(text: str = "") -> Any:
        run = fp.add_run(text)
        set_font(run, FOOTER_PT)
        return run

    def field_char(kind: str) -> None:
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        footer_run()._r.append(fld)

    footer_run("— ")
    field_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    footer_run()._r.append(instr)
    field_char("separate")
    footer_run("1")  # cached result, shown until Word updates the field
    field_char("end")
    footer_run(" —")

    props = doc.core_properties
    props.title = title
    props.author = props.last_modified_by = sig.agency
    # The template says 2013; the letter's own date is the honest creation date.
    props.created = props.modified = datetime.combine(letter.issued_on, time(), tzinfo=UTC)

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --- PDF ---


def _refuse_fetch(url: str) -> None:
    """Every external resource is refused: a letter never needs one."""
    raise ValueError(f"external resources are not allowed in letters: {url[:80]}")


@functools.cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    # WeasyPrint >= 70 wants a URLFetcher instance (it reads its attributes on errors), not a
    # bare function. A refused URL becomes a warning and the resource is left out.
    class RefusingFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            _refuse_fetch(url)

    return RefusingFetcher


_CSS = f"""
@page {{
  size: A4;
  margin: {MARGIN_MM["top"]}mm {MARGIN_MM["right"]}mm {MARGIN_MM["bottom"]}mm {MARGIN_MM["left"]}mm;
  @bottom-center {{
    content: "— " counter(page) " —";
    font-family: "{FONT}";
    font-size: {FOOTER_PT}pt;
    white-space: nowrap;
    vertical-align: top;
    padding-top: {PAGE_NUMBER_GAP_MM}mm;
  }}
}}
html {{ font-family: "{FONT}"; font-size: {BODY_PT}pt; line-height: {LINE_PT}pt; }}
/* On body, not html: the page-number box inherits from html and must not be tightened. */
body {{ margin: 0; letter-spacing: {TRACKING_PT}pt; }}
/* WeasyPrint justifies by stretching spaces only, which CJK text has none of. */
p {{ margin: 0; text-align: left; }}
h1 {{
  margin: 0; font-size: {TITLE_PT}pt; font-weight: bold; text-align: center;
  line-height: {TITLE_LINE_PT}pt;
}}
.number {{ text-align: center; }}
.recipient {{ margin-top: {LINE_PT}pt; text-align: left; }}
.body p {{ text-indent: 2em; }}
.body p:last-child {{ break-after: avoid; }}
.signature {{ margin-top: {LINE_PT}pt; break-inside: avoid; }}
.signature p {{ text-align: right; white-space: nowrap; }}
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
    from weasyprint import HTML  # type: ignore[import-untyped]

    # No base_url: relative references have nothing to resolve against.
    return HTML(string=document, url_fetcher=_fetcher_class()()).write_pdf()  # type: ignore[no-any-return]


def render_pdf(letter: LetterContent) -> bytes:
    return _html_to_pdf(_letter_html(letter))
