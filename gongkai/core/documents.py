"""The official-document (公文) page after GB/T 9704-2012, as DOCX and PDF. Pure: no Django.

What the letters to applicants (`info_requests.documents`) and the annual report
(`reports.documents`) share: the page (A4; margins 37/35/28/26 mm top/bottom/left/right, which
leave the standard 156 x 225 mm type area), the type sizes and the fixed line, the fonts named
for every script in a DOCX, the page numbers "— 1 —", and PDF rendering with WeasyPrint that
fetches nothing from outside: a document's text is untrusted, so WeasyPrint gets a fetcher that
refuses every URL (but the document's own images) and no base URL.

Fonts. A 公文 is set in four Chinese faces: 方正小标宋简体 for the title, 仿宋_GB2312 for the
body, 黑体 for first-level headings (一、) and 楷体_GB2312 for second-level ones (（一）); digits
and Latin letters in Times New Roman. A DOCX is opened and printed on an office PC, so it names
those faces: each run's `w:rFonts` has `w:eastAsia` = the Chinese face and `w:ascii`/`w:hAnsi`/
`w:cs` = Times New Roman, with `w:hint="eastAsia"` so that the punctuation Word calls ambiguous
(“” — …) is set in the Chinese face, as Word does when a Chinese user types it. A run cannot
carry a fallback list, so the fallbacks go in the document's font table (`word/fontTable.xml`):
each face has a `w:altName` that every Chinese Windows has (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体,
方正小标宋简体 → 宋体, 黑体 → SimHei) and the GB2312 charset, which is what Word and WPS use to
substitute a missing face. Word then still shows "仿宋_GB2312" in its font box, as an office
expects. A PDF carries its fonts: its CSS names the same faces first and Debian's Noto CJK last,
so a server with the office faces embeds them and any other server embeds Noto Serif/Sans CJK SC
(the free stand-ins: Noto Serif for 小标宋/仿宋/楷体, Noto Sans for 黑体).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

FONT = "Noto Serif CJK SC"  # Debian's fonts-noto-cjk: what a PDF embeds for 小标宋/仿宋/楷体
SANS_FONT = "Noto Sans CJK SC"  # ... and for 黑体
LATIN_FONT = "Times New Roman"  # digits and Latin letters in a DOCX


@dataclass(frozen=True)
class Face:
    """A Chinese face of the 公文: its name on an office PC (a DOCX's `w:eastAsia`), the face
    Word substitutes when it is missing (the font table's `w:altName`), and the CSS font-family
    list a PDF is rendered with (the office face first, Noto last)."""

    name: str
    alt_name: str
    css_families: tuple[str, ...]

    @property
    def css(self) -> str:
        """The CSS font-family value: `"仿宋_GB2312", "FangSong", ..., "Noto Serif CJK SC"`."""
        return ", ".join(f'"{family}"' for family in self.css_families)


TITLE_FACE = Face("方正小标宋简体", "宋体", ("方正小标宋简体", "FZXiaoBiaoSong-B05S", FONT))
BODY_FACE = Face(
    "仿宋_GB2312", "仿宋", ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", FONT)
)
HEADING1_FACE = Face("黑体", "SimHei", ("黑体", "SimHei", SANS_FONT))
HEADING2_FACE = Face("楷体_GB2312", "楷体", ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", FONT))
FACES = (TITLE_FACE, BODY_FACE, HEADING1_FACE, HEADING2_FACE)
TITLE_PT = 22  # 二号
BODY_PT = 16  # 三号
FOOTER_PT = 14  # 四号
LINE_PT = 28.95  # 225 mm type area / 22 lines
TITLE_LINE_PT = 36  # room for a 22 pt line, even if the title wraps
PAGE_MM = (210, 297)
MARGIN_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
PAGE_NUMBER_GAP_MM = 7  # the page number sits 7 mm below the type area

# Characters XML 1.0 cannot hold (python-docx would raise on them) and that have no place in a
# document: C0 controls other than tab/newline, DEL and C1 controls, surrogates, U+FFFE/U+FFFF.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def chinese_date(d: date) -> str:
    """成文日期 as GB/T 9704 writes it: Arabic numerals, no leading zeros."""
    return f"{d.year}年{d.month}月{d.day}日"


def clean_text(text: str) -> str:
    """Text fit for a document: "\\n" line breaks, tabs as spaces, no unprintable characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _UNPRINTABLE.sub("", text)


# --- DOCX ---


def docx_fonts(element: Any, face: Face) -> None:
    """Name `face` for Chinese and Times New Roman for Latin text and digits in a run or style
    element (`run._r`, `style._element`); theme fonts removed, so Word keeps none of its own."""
    _name_fonts(element.get_or_add_rPr().get_or_add_rFonts(), face)


def _name_fonts(rfonts: Any, face: Face) -> None:
    from docx.oxml.ns import qn

    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), face.name)
    rfonts.set(qn("w:hint"), "eastAsia")


def docx_default_fonts(doc: Any, face: Face) -> None:
    """Name `face` in the document's defaults too (the template's name theme fonts, Calibri,
    MS Mincho..., which win over ours in styles not based on Normal), and write the font table
    with the fallbacks of every face (see the module's docstring)."""
    from docx.oxml.ns import qn

    _name_fonts(doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts")), face)
    docx_font_table(doc)


def docx_font_table(doc: Any) -> None:
    """Replace the template's font table (Cambria, ＭＳ 明朝...) by Times New Roman and the four
    公文 faces, each with its `w:altName` and the GB2312 charset (86)."""
    from xml.sax.saxutils import quoteattr

    from docx.opc.constants import RELATIONSHIP_TYPE

    part = doc.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    fonts = [
        f"<w:font w:name={quoteattr(LATIN_FONT)}>"
        '<w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
        '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    ]
    for face in FACES:
        family = "modern" if face is HEADING1_FACE else "roman"
        fonts.append(
            f"<w:font w:name={quoteattr(face.name)}>"
            f"<w:altName w:val={quoteattr(face.alt_name)}/>"
            f'<w:charset w:val="86"/><w:family w:val="{family}"/>'
            '<w:pitch w:val="variable"/></w:font>'
        )
    part._blob = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + "".join(fonts)
        + "</w:fonts>"
    ).encode()


def docx_keep_together(paragraphs: list[Any]) -> None:
    """Keep a block (a contact block, a signature) on one page: each paragraph's lines together,
    and each paragraph with the next but the last."""
    for i, p in enumerate(paragraphs):
        p.paragraph_format.keep_together = True
        if i < len(paragraphs) - 1:
            p.paragraph_format.keep_with_next = True


def docx_normal_style(doc: Any, face: Face = BODY_FACE) -> Any:
    """The Normal style as body text: `face` at BODY_PT, Chinese line-breaking rules and
    proofing language, exact LINE_PT lines, no space between paragraphs. Returns the style."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    docx_fonts(normal._element, face)
    normal.font.size = Pt(BODY_PT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal._element.get_or_add_rPr().append(lang)  # last child of rPr: schema order holds
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PT)
    pf.space_before = pf.space_after = Pt(0)
    pf.widow_control = True
    return normal


def docx_page(section: Any) -> None:
    """A4 with the standard margins; the page number line about PAGE_NUMBER_GAP_MM under the
    type area (the bottom margin, less the gap and one 14 pt line)."""
    from docx.shared import Mm

    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGIN_MM["top"])
    section.bottom_margin = Mm(MARGIN_MM["bottom"])
    section.left_margin = Mm(MARGIN_MM["left"])
    section.right_margin = Mm(MARGIN_MM["right"])
    section.footer_distance = Mm(MARGIN_MM["bottom"] - PAGE_NUMBER_GAP_MM - 6)


def docx_page_numbers(paragraph: Any, style: Callable[[Any], object]) -> None:
    """ "— PAGE —" centred in `paragraph` (a footer's), the number a real field so that Word
    numbers every page; `style` dresses each run."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def run(text: str = "") -> Any:
        added = paragraph.add_run(text)
        style(added)
        return added

    def field_char(kind: str) -> None:
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        run()._r.append(fld)

    run("— ")
    field_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run()._r.append(instr)
    field_char("separate")
    run("1")  # cached result, shown until Word updates the field
    field_char("end")
    run(" —")


# --- PDF ---


def refuse_fetch(url: str) -> None:
    """Every external resource is refused: a document never needs one."""
    raise ValueError(f"external resources are not allowed in letters: {url[:80]}")


@functools.cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    # WeasyPrint >= 70 wants a URLFetcher instance (it reads its attributes on errors), not a
    # bare function. A refused URL becomes a warning and the resource is left out.
    class Fetcher(URLFetcher):  # type: ignore[misc]
        """Serves the document's own images (data: URIs it made); refuses the rest."""

        def __init__(self, images: Mapping[str, bytes], refuse: Callable[[str], object]) -> None:
            super().__init__()
            self.images = images
            self.refuse = refuse

        def fetch(self, url: str, headers: Any = None) -> Any:
            png = self.images.get(url)
            if png is None:
                self.refuse(url)
            return URLFetcherResponse(url, png, {"Content-Type": "image/png"})

    return Fetcher


def html_to_pdf(
    document: str,
    *,
    images: Mapping[str, bytes] | None = None,
    refuse: Callable[[str], object] = refuse_fetch,
) -> bytes:
    """The PDF of an HTML document. `images` maps the data: URIs of its PNG images to their
    bytes; any other URL is given to `refuse`, which raises."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    # No base_url: relative references have nothing to resolve against.
    fetcher = _fetcher_class()(images or {}, refuse)
    return HTML(string=document, url_fetcher=fetcher).write_pdf()  # type: ignore[no-any-return]
