"""Letters as DOCX and PDF: exact text, fonts, page geometry, page numbers, and that the
applicant's words can neither inject markup nor make the renderer fetch anything."""

from __future__ import annotations

import io
import socket
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from pypdf import PdfReader

from gongkai.info_requests import documents
from gongkai.info_requests.documents import (
    LetterContent,
    chinese_date,
    letter_text,
    render_docx,
    render_pdf,
)

BODY = (
    "本机关于2025年10月9日收到您通过信函方式提交的政府信息公开申请，现答复如下：",
    "申请内容：“2024年度示范区老旧小区改造项目的资金使用明细”。",
    "经审查，您申请获取的信息属于本机关公开范围的政府信息，现将相关信息提供给您。",
    "特此告知。",
)
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src="http://127.0.0.1:9/x">'
TRADITIONAL = "臺灣 慶政發〔2005〕32號"
RARE = "𠮷䶮堃喆镕"


def make_letter(**changes: object) -> LetterContent:
    fields: dict[str, object] = {
        "title": "政府信息公开申请答复告知书",
        "number": "示范住建依公开〔2025〕第17号",
        "recipient": "张三",
        "paragraphs": BODY,
        "agency": "示范区住房和城乡建设局",
        "issued_on": date(2025, 10, 30),
        "footer_lines": ("（联系人：李四　联系电话：0571-12345678）",),
    }
    fields.update(changes)
    return LetterContent(**fields)  # type: ignore[arg-type]


def docx_texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Any socket connection fails the test; the attempts are recorded."""
    attempts: list[object] = []

    def connect(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise AssertionError(f"network connection attempted: {address}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


@pytest.fixture
def fetch_spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL WeasyPrint asks the letter's fetcher for; the fetcher still refuses."""
    asked: list[str] = []

    def spy(url: str) -> None:
        asked.append(url)
        raise ValueError("refused")

    monkeypatch.setattr(documents, "_refuse_fetch", spy)
    return asked


# --- dates and plain text ---


def test_chinese_date_has_no_leading_zeros() -> None:
    assert chinese_date(date(2025, 1, 5)) == "2025年1月5日"
    assert chinese_date(date(2025, 10, 30)) == "2025年10月30日"


def test_letter_text_reads_like_the_paper() -> None:
    assert letter_text(make_letter()).split("\n") == [
        "政府信息公开申请答复告知书",
        "示范住建依公开〔2025〕第17号",
        "张三：",
        *BODY,
        "示范区住房和城乡建设局",
        "（印章）",
        "2025年10月30日",
        "（联系人：李四　联系电话：0571-12345678）",
    ]


def test_letter_text_drops_empty_number_and_seal() -> None:
    text = letter_text(make_letter(number="", seal_placeholder=False, footer_lines=()))
    assert text.split("\n") == [
        "政府信息公开申请答复告知书",
        "张三：",
        *BODY,
        "示范区住房和城乡建设局",
        "2025年10月30日",
    ]


# --- DOCX ---


def test_docx_paragraphs_in_order() -> None:
    letter = make_letter()
    texts = docx_texts(render_docx(letter))
    assert texts == [
        "政府信息公开申请答复告知书",
        "示范住建依公开〔2025〕第17号",
        "张三：",
        *BODY,
        "示范区住房和城乡建设局",
        "（印章）",
        "2025年10月30日",
        "（联系人：李四　联系电话：0571-12345678）",
    ]
    assert "\n".join(texts) == letter_text(letter)


def test_docx_without_seal_or_number() -> None:
    texts = docx_texts(render_docx(make_letter(number="", seal_placeholder=False)))
    assert texts[:2] == ["政府信息公开申请答复告知书", "张三："]
    assert texts[-3:] == [
        "示范区住房和城乡建设局",
        "2025年10月30日",
        "（联系人：李四　联系电话：0571-12345678）",
    ]


def test_docx_fonts_and_sizes() -> None:
    doc = Document(io.BytesIO(render_docx(make_letter())))
    title = doc.paragraphs[0].runs[0]
    fonts = title._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert fonts.get(qn("w:ascii")) == "Times New Roman"
    assert fonts.get(qn("w:hAnsi")) == "Times New Roman"
    assert title.font.size == Pt(22)
    assert title.font.bold is False  # 小标宋 is a heavy face already
    body = doc.paragraphs[3]
    assert body.runs[0].font.size == Pt(16)
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters
    assert body.paragraph_format.line_spacing == Pt(28.95)


def test_docx_page_is_a4_with_official_margins() -> None:
    section = Document(io.BytesIO(render_docx(make_letter()))).sections[0]
    assert round(section.page_width.mm, 1) == 210.0
    assert round(section.page_height.mm, 1) == 297.0
    assert round(section.top_margin.mm, 1) == 37.0
    assert round(section.bottom_margin.mm, 1) == 35.0
    assert round(section.left_margin.mm, 1) == 28.0
    assert round(section.right_margin.mm, 1) == 26.0


def test_docx_page_number_is_a_page_field() -> None:
    footer = Document(io.BytesIO(render_docx(make_letter()))).sections[0].footer
    paragraph = footer.paragraphs[0]
    assert paragraph.text == "— 1 —"
    instr = paragraph._p.findall(".//" + qn("w:instrText"))
    assert [i.text for i in instr] == [" PAGE "]


def test_docx_keeps_markup_as_literal_text() -> None:
    texts = docx_texts(render_docx(make_letter(paragraphs=(SCRIPT, IMG))))
    assert texts[3:5] == [SCRIPT, IMG]


def test_docx_survives_control_characters_and_line_breaks() -> None:
    texts = docx_texts(render_docx(make_letter(paragraphs=("第一行\x00\x0b\n　　第二行",))))
    assert texts[3] == "第一行\n第二行"


# --- PDF ---


def test_pdf_first_page_text() -> None:
    pages = pdf_pages(render_pdf(make_letter()))
    assert len(pages) == 1
    assert "政府信息公开申请答复告知书" in pages[0]
    assert "示范住建依公开〔2025〕第17号" in pages[0]
    assert "张三：" in pages[0]
    assert "2025年10月30日" in pages[0]
    assert "— 1 —" in pages[0]


def embedded_font_names(page: object) -> set[str]:
    """BaseFont names of the page's fonts that carry their own font program."""
    names = set()
    for font in page["/Resources"]["/Font"].values():  # type: ignore[index]
        font = font.get_object()
        for part in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
            descriptor = part.get("/FontDescriptor")
            if descriptor is None:
                continue
            descriptor = descriptor.get_object()
            if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                names.add(str(part["/BaseFont"]))
    return names


def test_pdf_embeds_noto_serif_cjk() -> None:
    page = PdfReader(io.BytesIO(render_pdf(make_letter()))).pages[0]
    # WeasyPrint names the font after its family, with hyphens: "ABCDEF+Noto-Serif-CJK-SC".
    names = {name.replace("-", "") for name in embedded_font_names(page)}
    assert any("NotoSerifCJK" in name for name in names), names
    # The bold title and the regular body are two embedded faces.
    assert any(name.endswith("NotoSerifCJKSCBold") for name in names), names


def test_pdf_metadata() -> None:
    meta = PdfReader(io.BytesIO(render_pdf(make_letter()))).metadata
    assert meta is not None
    assert meta.title == "政府信息公开申请答复告知书"
    assert meta.author == "示范区住房和城乡建设局"


def test_long_letter_runs_to_numbered_pages() -> None:
    paragraphs = tuple(
        f"第{i}段：本段用于测试分页效果，内容较长以便占满一行以上的版面。" for i in range(60)
    )
    pages = pdf_pages(render_pdf(make_letter(paragraphs=paragraphs)))
    assert len(pages) > 1
    assert "— 1 —" in pages[0]
    assert "— 2 —" in pages[1]
    assert "2025年10月30日" in pages[-1]


def test_markup_is_literal_and_nothing_is_fetched(
    no_network: list[object], fetch_spy: list[str]
) -> None:
    letter = make_letter(paragraphs=(SCRIPT, IMG))
    assert "&lt;script&gt;" in documents._letter_html(letter)
    assert "<img" not in documents._letter_html(letter)
    text = pdf_pages(render_pdf(letter))[0]
    assert SCRIPT in text
    assert IMG in text
    assert fetch_spy == []
    assert no_network == []


def test_the_fetcher_refuses_what_it_is_asked(
    no_network: list[object], fetch_spy: list[str]
) -> None:
    # Control for the test above: were markup to get through, the spy would see the URL and
    # refuse it, and the PDF would still come out.
    pdf = documents._html_to_pdf('<p>x</p><img src="http://127.0.0.1:9/x">')
    assert fetch_spy == ["http://127.0.0.1:9/x"]
    assert no_network == []
    assert pdf.startswith(b"%PDF")


def test_the_real_fetcher_refuses_too(no_network: list[object]) -> None:
    pdf = documents._html_to_pdf('<img src="http://127.0.0.1:9/x"><link rel=stylesheet href=/a>')
    assert no_network == []
    assert pdf.startswith(b"%PDF")


def test_traditional_and_rare_characters_survive() -> None:
    letter = make_letter(paragraphs=(TRADITIONAL, RARE))
    assert docx_texts(render_docx(letter))[3:5] == [TRADITIONAL, RARE]
    text = pdf_pages(render_pdf(letter))[0]
    assert TRADITIONAL in text
    assert RARE in text
