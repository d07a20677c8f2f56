"""Letters as an office prints them: every kind and every reply issued through the services,
with the applicant's and the clerk's words as people write them (ending in 。), reads without
doubled punctuation; the DOCX names the office's faces; the contact lines stay on one page."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader

from gongkai.info_requests import letters
from gongkai.info_requests.documents import LetterContent, letter_text, render_docx, render_pdf
from gongkai.info_requests.outcomes import BY_CODE
from gongkai.info_requests.services import (
    OUTCOMES_BY_OTHER_SERVICES,
    consultation_answer,
    request_consult,
    request_correction_notice,
    request_correction_received,
    request_extend,
    request_fee_notice,
    request_reply,
)

D = date.fromisoformat
# Two clause marks side by side: "。。", "，，", "：：", "、、", "；；", and mixed ones ("。，").
DOUBLED = re.compile(r"[。，、；：]{2}")
CONTACT = (
    "联系机构：示范区住房和城乡建设局办公室",
    "联系电话：0759-2123456",
    "通信地址：示范区人民路1号",
)
REPLY_OUTCOMES = [code for code in BY_CODE if code not in OUTCOMES_BY_OTHER_SERVICES]


@pytest.fixture
def contact_agency(agency):
    agency.office_phone = "0759-2123456"
    agency.office_address = "示范区人民路1号"
    agency.save()
    return agency


@pytest.fixture
def case(contact_agency, register):
    # As the demo writes descriptions, and as applicants do: a sentence with its full stop.
    return register(received="2025-09-01", description="申请公开2024年老旧小区改造项目清单。")


def doubled(text: str) -> list[str]:
    return DOUBLED.findall(text.replace("\n", ""))


def pdf_text(letter: LetterContent) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(letter))).pages)


def test_every_kind_of_letter_reads_without_doubled_punctuation(case, office):
    request_correction_notice(
        request=case, actor=office, notice_on=D("2025-09-03"), items="请写明所需清单的年份。"
    )
    request_correction_received(request=case, actor=office, completed_on=D("2025-09-05"))
    consultation = request_consult(
        request=case,
        actor=office,
        kind="third_party",
        party="某建筑有限公司",
        sent_on=D("2025-09-08"),
    )
    consultation_answer(
        consultation=consultation, actor=office, answered_on=D("2025-09-12"), answer="object"
    )
    request_extend(
        request=case, actor=office, approved_by="李主任", reason="信息量大。", on=D("2025-09-26")
    )
    request_fee_notice(
        request=case, actor=office, method="per_volume", quantity=250, notice_on=D("2025-09-29")
    )
    issued = {letter.kind: letters.content_of(letter) for letter in case.letters.order_by("pk")}
    texts = {kind: letter_text(content) + pdf_text(content) for kind, content in issued.items()}
    assert (sorted(texts), {kind: doubled(text) for kind, text in texts.items()}) == (
        ["consultation", "correction", "extension", "fee"],
        {"consultation": [], "correction": [], "extension": [], "fee": []},
    )
    assert "申请公开的信息为：申请公开2024年老旧小区改造项目清单。" in texts["consultation"]
    assert "因信息量大，本机关不能在规定期限内作出答复。" in texts["extension"]


@pytest.mark.parametrize("outcome", REPLY_OUTCOMES)
def test_every_reply_reads_without_doubled_punctuation(case, office, outcome):
    if outcome == "unable_3":
        request_correction_notice(request=case, actor=office, notice_on=D("2025-09-03"), items="甲")
        request_correction_received(request=case, actor=office, completed_on=D("2025-09-05"))
    request_reply(
        request=case,
        actor=office,
        outcome=outcome,
        replied_on=D("2025-09-26"),
        note="：经查，相关信息已形成。",
        other_agency_name="示范区自然资源局" if outcome == "unable_1" else "",
    )
    text = letter_text(letters.content_of(case.letters.get(kind="reply")))
    assert (
        doubled(text),
        "你（单位）申请公开的信息为：申请公开2024年老旧小区改造项目清单。" in text,
    ) == (
        [],
        True,
    )


def test_reply_pdf_reads_without_doubled_punctuation(case, office):
    request_reply(
        request=case, actor=office, outcome="granted", replied_on=D("2025-09-26"), note="同意。"
    )
    text = pdf_text(letters.content_of(case.letters.get(kind="reply")))
    assert (doubled(text), "现答复如下：同意" in text.replace("\n", "")) == ([], True)


def test_a_value_keeps_its_punctuation_where_the_template_has_none():
    assert letters.fill(
        "收费标准：{收费标准}\n补正事项：\n{补正事项}",
        {
            "收费标准": "按件计收。",
            "补正事项": "1.写明文号；\n",
        },
    ) == ["收费标准：按件计收。", "补正事项：", "1.写明文号；"]


# --- the DOCX names the office's faces ---


def make_letter(paragraphs: tuple[str, ...] = ("本机关已收到你的申请。",)) -> LetterContent:
    return LetterContent(
        title="政府信息公开申请答复告知书",
        number="住建局依申请公开〔2025〕第17号",
        recipient="张三",
        paragraphs=paragraphs,
        agency="示范区住房和城乡建设局",
        issued_on=D("2025-10-30"),
        footer_lines=CONTACT,
    )


def east_asia(paragraph) -> list[str]:
    return [run._element.rPr.rFonts.get(qn("w:eastAsia")) for run in paragraph.runs]


def test_docx_names_the_office_faces_per_paragraph():
    doc = Document(io.BytesIO(render_docx(make_letter())))
    texts = [p.text for p in doc.paragraphs]
    title, body, contact = (
        doc.paragraphs[0],
        doc.paragraphs[texts.index("本机关已收到你的申请。")],
        doc.paragraphs[texts.index(CONTACT[0])],
    )
    latin = title.runs[0]._element.rPr.rFonts
    normal = doc.styles["Normal"].element.rPr.rFonts
    assert (
        east_asia(title),
        title.runs[0].font.bold,
        east_asia(body),
        east_asia(contact),
        normal.get(qn("w:eastAsia")),
        (latin.get(qn("w:ascii")), latin.get(qn("w:hAnsi")), latin.get(qn("w:hint"))),
    ) == (
        ["方正小标宋简体"],
        False,
        ["仿宋_GB2312"],
        ["仿宋_GB2312"],
        "仿宋_GB2312",
        ("Times New Roman", "Times New Roman", "eastAsia"),
    )


def test_docx_font_table_gives_each_face_its_fallback():
    doc = Document(io.BytesIO(render_docx(make_letter())))
    table = etree.fromstring(doc.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE).blob)
    fonts = {
        font.get(qn("w:name")): (
            font.find(qn("w:altName")).get(qn("w:val"))
            if font.find(qn("w:altName")) is not None
            else None,
            font.find(qn("w:charset")).get(qn("w:val")),
        )
        for font in table.findall(qn("w:font"))
    }
    assert fonts == {
        "Times New Roman": (None, "00"),
        "方正小标宋简体": ("宋体", "86"),
        "仿宋_GB2312": ("仿宋", "86"),
        "黑体": ("SimHei", "86"),
        "楷体_GB2312": ("楷体", "86"),
    }


# --- the contact block stays on one page ---


def test_docx_contact_lines_keep_together():
    doc = Document(io.BytesIO(render_docx(make_letter())))
    contact = [p for p in doc.paragraphs if p.text in CONTACT]
    assert [
        (p.text, p.paragraph_format.keep_together, p.paragraph_format.keep_with_next)
        for p in contact
    ] == [(CONTACT[0], True, True), (CONTACT[1], True, True), (CONTACT[2], True, None)]


def test_pdf_contact_block_is_never_split_across_pages():
    # Each body paragraph is one line, so one of these lengths puts the page break inside the
    # three contact lines unless the block is kept together.
    pages_of_contact = []
    for n in range(10, 20):
        paragraphs = tuple(f"第{i}段，本段只占一行。" for i in range(n))
        pages = [
            page.extract_text()
            for page in PdfReader(io.BytesIO(render_pdf(make_letter(paragraphs)))).pages
        ]
        pages_of_contact.append(
            (n, [i for i, text in enumerate(pages) if any(line in text for line in CONTACT)])
        )
        assert all(line in pages[-1] for line in CONTACT), (n, pages[-1])
    assert [pages for _, pages in pages_of_contact if len(pages) != 1] == []
