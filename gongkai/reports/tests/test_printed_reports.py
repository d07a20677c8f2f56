"""The annual report as an office prints it: the DOCX names the office's faces per style, the
office's contact paragraph and the signature never split across pages, and no section of
either format reads with doubled punctuation."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from gongkai.reports.documents import render
from gongkai.reports.tests.test_documents import make_data, old_data

# Two clause marks side by side: "。。", "，，", "：：", "、、", "；；", and mixed ones ("。，").
DOUBLED = re.compile(r"[。，、；：]{2}")
CONTACT_START = "如对本报告有疑问"
CONTACT_END = "gkb@example.gov.cn"
NARRATIVES = {
    "overview": "<p>本年度，本机关认真贯彻落实《条例》。</p><p>一是加强组织领导。</p>",
    "problems": "<p>存在的主要问题：公开内容不够全面。</p><ul><li>加强培训。</li></ul>",
    "other_matters": "<p>无其他需要报告的事项。</p>",
}


class Office:
    office_name = "示范区住房和城乡建设局办公室"
    office_address = "示范区人民路1号"
    office_postcode = "529500"
    office_phone = "0759-1234567"
    office_fax = "0759-1234568"
    office_email = CONTACT_END


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "".join(p.text for p in doc.paragraphs) + "".join(cells)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize(
    "data",
    [make_data(sections=NARRATIVES), make_data(), old_data()],
    ids=["2021 with narratives", "2021 pre-filled", "2008"],
)
def test_no_section_reads_with_doubled_punctuation(data):
    texts = {
        "html": re.sub(r"<[^>]*>", "", render(data, "html", agency=Office()).decode()),
        "docx": docx_text(render(data, "docx", agency=Office())),
        "pdf": "".join(pdf_pages(render(data, "pdf", agency=Office()))),
    }
    found = {fmt: DOUBLED.findall(text.replace("\n", "")) for fmt, text in texts.items()}
    assert (found, all(CONTACT_START in text for text in texts.values())) == (
        {"html": [], "docx": [], "pdf": []},
        True,
    )


# --- the DOCX names the office's faces ---


def east_asia(element) -> str | None:
    return element.rPr.rFonts.get(qn("w:eastAsia"))


def test_docx_names_the_office_faces_per_style():
    doc = Document(io.BytesIO(render(make_data(), "docx", agency=Office())))
    heading1 = next(p for p in doc.paragraphs if p.style.name == "Heading 1")
    heading2 = next(p for p in doc.paragraphs if p.style.name == "Heading 2")
    body = next(p for p in doc.paragraphs if p.text.startswith("本报告根据"))
    assert (
        [east_asia(run._element) for run in doc.paragraphs[0].runs],
        [east_asia(run._element) for run in body.runs],
        (heading1.text, east_asia(doc.styles["Heading 1"].element)),
        (heading2.text, east_asia(doc.styles["Heading 2"].element)),
        east_asia(doc.styles["Normal"].element),
        (doc.styles["Heading 1"].font.bold, doc.styles["Heading 2"].font.bold),
        doc.styles["Normal"].element.rPr.rFonts.get(qn("w:ascii")),
    ) == (
        ["方正小标宋简体"],
        ["仿宋_GB2312"],
        ("一、总体情况", "黑体"),
        ("（一）主动公开", "楷体_GB2312"),
        "仿宋_GB2312",
        (False, False),
        "Times New Roman",
    )


def test_docx_contact_and_signature_keep_together():
    doc = Document(
        io.BytesIO(render(make_data(published_on="2026-01-20"), "docx", agency=Office()))
    )
    texts = [p.text for p in doc.paragraphs]
    contact = doc.paragraphs[next(i for i, t in enumerate(texts) if t.startswith(CONTACT_START))]
    signature = doc.paragraphs[-3:]
    assert (
        contact.paragraph_format.keep_together,
        [p.text for p in signature],
        [(p.paragraph_format.keep_together, p.paragraph_format.keep_with_next) for p in signature],
    ) == (
        True,
        ["", "示范区住房和城乡建设局", "2026年1月20日"],
        [(True, True), (True, True), (True, None)],
    )


def test_pdf_contact_paragraph_is_never_split_across_pages():
    # A failed-checks box of n lines above the lead slides the contact paragraph down the
    # first page, a little more than a third of a body line at a time, across the page break.
    pages_of_contact = []
    for n in range(4, 8):
        data = make_data(
            monthly_receipts=None, timeliness=None, checks=[f"第{i}项" for i in range(n)]
        )
        pages = pdf_pages(render(data, "pdf", agency=Office()))
        start = next(i for i, text in enumerate(pages) if CONTACT_START in text)
        end = next(i for i, text in enumerate(pages) if CONTACT_END in text)
        pages_of_contact.append((start, end))
    # The slide crossed the first page break, and the paragraph never straddled it.
    assert (
        pages_of_contact[0],
        pages_of_contact[-1],
        [p for p in pages_of_contact if p[0] != p[1]],
    ) == (
        (0, 0),
        (1, 1),
        [],
    )


def test_a_draft_says_so_on_every_page_and_dates_its_sign_off():
    data = make_data(sections=NARRATIVES) | {"prepared_on": "2026-01-12"}
    data.pop("published_on", None)
    pages = pdf_pages(render(data, "pdf", agency=Office()))
    header = Document(io.BytesIO(render(data, "docx", agency=Office()))).sections[0].header
    assert (
        len(pages) > 1,
        [page.count("草稿") >= 1 for page in pages],
        "2026年1月12日" in pages[-1],
        header.paragraphs[0].text,
    ) == (True, [True] * len(pages), True, "草稿")


def test_a_published_report_has_no_draft_mark():
    data = make_data(sections=NARRATIVES) | {"published_on": "2026-01-20"}
    pages = pdf_pages(render(data, "pdf", agency=Office()))
    header = Document(io.BytesIO(render(data, "docx", agency=Office()))).sections[0].header
    assert (
        [("草稿" in page) for page in pages],
        "2026年1月20日" in pages[-1],
        header.paragraphs[0].text,
    ) == ([False] * len(pages), True, "")
