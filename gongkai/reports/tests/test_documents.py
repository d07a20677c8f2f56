"""The annual report as HTML, DOCX and PDF: the 2021 format's tables with their merged cells and
exact labels, the figures in the right cells, the failed-check box, sanitised narrative, the
2007-regulation variant, deterministic charts."""

import io
import re
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from gongkai.reports import charts, documents
from gongkai.reports.documents import APPLICATIONS_NOTE, render, sanitise
from gongkai.reports.figures import (
    OLD_CHANNELS,
    AppealFacts,
    CaseFacts,
    DocumentFacts,
    OldCaseFacts,
    applications_2008,
    build,
)

D = date.fromisoformat
YEAR = 2025
AGENCY = "示范区住房和城乡建设局"
TITLE = f"{AGENCY}{YEAR}年政府信息公开工作年度报告"


def case(number, kind, received, closed=None, outcome=None):
    return CaseFacts(number, kind, D(received), D(closed) if closed else None, outcome)


CASES = [
    # new in 2025: 5 natural persons, 2 companies, 1 law firm
    case("N1", "natural_person", "2025-02-03", "2025-02-20", "granted"),
    case("N2", "natural_person", "2025-03-03", "2025-03-25", "granted"),
    case("N3", "natural_person", "2025-04-01", "2025-04-18", "refused_4"),
    case("N4", "natural_person", "2025-05-06", "2025-05-28", "unable_1"),
    case("N5", "natural_person", "2025-12-22"),  # carried out
    case("C1", "commercial", "2025-06-02", "2025-06-20", "partial"),
    case("C2", "commercial", "2025-07-01", "2025-07-21", "other_2"),
    case("L1", "legal_services", "2025-08-04", "2025-08-22", "not_processed_2"),
    # carried in from 2024
    case("P1", "natural_person", "2024-12-23", "2025-01-10", "granted"),
    case("P2", "research", "2024-12-30", "2025-01-15", "unable_2"),
]
APPEALS = [
    AppealFacts("reconsideration", "", D("2025-03-01"), "upheld"),
    AppealFacts("reconsideration", "", D("2025-05-01"), "pending"),
    AppealFacts("litigation", "direct", D("2025-06-01"), "corrected"),
    AppealFacts("litigation", "after_reconsideration", D("2025-09-01"), "other"),
]
DOCUMENTS = [
    DocumentFacts("normative_document", D("2025-02-01"), "in_force", None),
    DocumentFacts("normative_document", D("2023-02-01"), "in_force", None),
    DocumentFacts("rule", D("2020-02-01"), "repealed", D("2025-08-01")),
]


def make_data(**overrides):
    """A report dict in the shape of selectors.agency_report, from the pure figures."""
    report = build(YEAR, CASES, APPEALS, DOCUMENTS)
    data = {
        "year": YEAR,
        "format": "2021",
        "period": {"from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31"},
        "proactive": {
            "rules": report.documents["rules"],
            "normative_documents": report.documents["normative_documents"],
            "licensing": 1234,
            "penalties": 56,
            "enforcement": 7,
            "fees_wan_yuan": "12.3456",
            "sources": [f"{AGENCY}：省政务服务网行政许可系统导出（2026-01-05）"],
        },
        "applications": report.applications,
        "appeals": report.appeals,
        "processing_fees": {"notices": 2, "notified_yuan": "3700.00", "collected_yuan": "700.00"},
        "facts": {
            "items_published": 836,
            "applications_received": 8,
            "applications_by_channel": {"online": 5, "letter": 2, "in_person": 1},
            "replied_late": 0,
        },
        "checks": list(report.checks),
        "agency": {"code": "114410025", "name": AGENCY},
        "monthly_receipts": [0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1],
        # as selectors.publication_timeliness gives it: six bands of working days
        "timeliness": {
            "items": 11,
            "average": 4.2,
            "longest": 23,
            "late": 1,
            "histogram": [6, 3, 1, 0, 1, 0],
        },
    }
    data.update(overrides)
    return data


@pytest.fixture(scope="module")
def data():
    made = make_data()
    assert made["checks"] == []  # the constructed figures balance
    return made


@pytest.fixture(scope="module")
def docx_doc(data):
    return Document(io.BytesIO(render(data, "docx")))


@pytest.fixture(scope="module")
def pdf_reader(data):
    return PdfReader(io.BytesIO(render(data, "pdf")))


@pytest.fixture(scope="module")
def html(data):
    return render(data, "html").decode("utf-8")


def table_starting(doc, text):
    found = [t for t in doc.tables if t.cell(0, 0).text == text]
    assert len(found) == 1, [t.cell(0, 0).text for t in doc.tables]
    return found[0]


# --- DOCX -------------------------------------------------------------------------------------


def test_docx_title(docx_doc):
    title = docx_doc.paragraphs[0]
    assert title.text == f"{AGENCY}\n{YEAR}年政府信息公开工作年度报告"
    # 方正小标宋简体 is a heavy face already: not bold.
    assert (title.runs[0].bold, title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia"))) == (
        False,
        "方正小标宋简体",
    )
    assert docx_doc.core_properties.title == TITLE


def test_docx_lead_states_regulation_and_period(docx_doc):
    text = "\n".join(p.text for p in docx_doc.paragraphs)
    assert "本报告根据《中华人民共和国政府信息公开条例》" in text
    assert "国办公开办函〔2021〕30号" in text
    assert f"统计期限自{YEAR}年1月1日起至{YEAR}年12月31日止" in text


def test_docx_section_headings_in_order(docx_doc):
    headings = [p.text for p in docx_doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]


def test_docx_table_three_layout(docx_doc):
    t = table_starting(docx_doc, APPLICATIONS_NOTE)
    assert len(t.rows) == 28  # 3 header rows, 一, 二, the 22 rows of 三, 四
    assert len(t.columns) == 10
    # The corner note spans three columns and three rows.
    assert {t.cell(r, c).text for r in range(3) for c in range(3)} == {APPLICATIONS_NOTE}
    assert [t.cell(0, c).text for c in range(3, 10)] == ["申请人情况"] * 7
    assert [t.cell(1, c).text for c in range(3, 10)] == [
        "自然人",
        *["法人或其他组织"] * 5,
        "总计",
    ]
    assert [t.cell(2, c).text for c in range(3, 10)] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    labels = [t.cell(r, 0).text for r in range(3, 28)]
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    assert labels[1] == "二、上年结转政府信息公开申请数量"
    assert labels[2:24] == ["三、本年度办理结果"] * 22
    assert labels[24] == "四、结转下年度继续办理"
    assert [t.cell(r, 1).text for r in range(5, 27)] == [
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        *["（三）不予公开"] * 8,
        *["（四）无法提供"] * 3,
        *["（五）不予处理"] * 5,
        *["（六）其他处理"] * 3,
        "（七）总计",
    ]
    assert t.cell(7, 2).text == "1.属于国家秘密"
    assert t.cell(9, 2).text == "3.危及“三安全一稳定”"
    assert t.cell(15, 2).text == "1.本机关不掌握相关政府信息"
    assert t.cell(22, 2).text == "5.要求行政机关确认或重新出具已获取信息"
    assert t.cell(23, 2).text == "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert t.cell(25, 2).text == "3.其他"


def test_docx_table_three_real_merges(docx_doc):
    t = table_starting(docx_doc, APPLICATIONS_NOTE)
    corner = t.rows[0].cells[0]._tc
    assert corner.grid_span == 3
    assert corner.vMerge == "restart"
    natural = t.cell(1, 3)._tc
    assert natural.vMerge == "restart"
    assert t.cell(1, 4)._tc.grid_span == 5  # 法人或其他组织
    outcome_label = t.rows[5].cells[0]._tc
    assert outcome_label.vMerge == "restart"
    assert t._tbl.tr_lst[26].tc_lst[0].vMerge == "continue"  # the XML, not the view


def test_docx_table_three_numbers(docx_doc, data):
    t = table_starting(docx_doc, APPLICATIONS_NOTE)
    # 一、本年新收: 5 natural persons, 2 companies, 0, 0, 1 law firm, 0, total 8.
    assert [t.cell(3, c).text for c in range(3, 10)] == ["5", "2", "0", "0", "1", "0", "8"]
    # 二、上年结转: one natural person, one research institute.
    assert [t.cell(4, c).text for c in range(3, 10)] == ["1", "0", "1", "0", "0", "0", "2"]
    assert t.cell(5, 3).text == "3"  # 予以公开, 自然人 (N1, N2, P1)
    assert t.cell(6, 4).text == "1"  # 部分公开, 商业企业
    assert t.cell(10, 3).text == "1"  # 不予公开 4, 自然人
    assert t.cell(16, 5).text == "1"  # 无法提供 2, 科研机构
    assert t.cell(19, 7).text == "1"  # 不予处理 2, 法律服务机构
    assert t.cell(24, 4).text == "1"  # 其他处理 2, 商业企业
    assert [t.cell(26, c).text for c in range(3, 10)] == ["5", "2", "1", "0", "1", "0", "9"]
    assert [t.cell(27, c).text for c in range(3, 10)] == ["1", "0", "0", "0", "0", "0", "1"]
    assert t.cell(3, 3).text == str(data["applications"]["new"]["natural_person"])


def test_docx_table_two(docx_doc):
    t = table_starting(docx_doc, "第二十条第（一）项")
    assert len(t.rows) == 14
    assert [t.cell(0, c).text for c in range(4)] == ["第二十条第（一）项"] * 4
    assert [t.cell(1, c).text for c in range(4)] == [
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert [t.cell(2, c).text for c in range(4)] == ["规章", "0", "1", "0"]
    assert [t.cell(3, c).text for c in range(4)] == ["行政规范性文件", "1", "0", "2"]
    assert t.cell(4, 0).text == "第二十条第（五）项"
    assert [t.cell(5, c).text for c in range(4)] == ["信息内容", *["本年处理决定数量"] * 3]
    assert [t.cell(6, c).text for c in range(4)] == ["行政许可", "1234", "1234", "1234"]
    assert t.cell(7, 0).text == "第二十条第（六）项"
    assert t.cell(9, 0).text == "行政处罚" and t.cell(9, 1).text == "56"
    assert t.cell(10, 0).text == "行政强制" and t.cell(10, 1).text == "7"
    assert t.cell(11, 0).text == "第二十条第（八）项"
    assert t.cell(12, 1).text == "本年收费金额（单位：万元）"
    assert [t.cell(13, c).text for c in range(2)] == ["行政事业性收费", "12.3456"]
    assert t.rows[0].cells[0]._tc.grid_span == 4


def test_docx_table_four(docx_doc):
    t = table_starting(docx_doc, "行政复议")
    assert len(t.rows) == 4 and len(t.columns) == 15
    assert [t.cell(0, c).text for c in (0, 4, 5, 14)] == ["行政复议"] * 2 + ["行政诉讼"] * 2
    assert [t.cell(1, c).text for c in range(5)] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ]
    assert t.cell(2, 0).text == "结果维持"  # spans the two header rows
    assert t.cell(1, 5).text == "未经复议直接起诉" and t.cell(1, 9).text == "未经复议直接起诉"
    assert t.cell(1, 10).text == "复议后起诉"
    assert [t.cell(2, c).text for c in range(5, 15)] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ] * 2
    assert [t.cell(3, c).text for c in range(15)] == (
        ["1", "0", "0", "1", "2"] + ["0", "1", "0", "0", "1"] + ["0", "0", "1", "0", "1"]
    )


def test_docx_tables_have_borders_and_fonts(docx_doc):
    for t in docx_doc.tables:
        borders = t._tbl.tblPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblBorders"
        )
        assert borders is not None
        assert {el.tag.rsplit("}", 1)[1] for el in borders} == {
            "top",
            "left",
            "bottom",
            "right",
            "insideH",
            "insideV",
        }
    xml = docx_doc.element.xml
    assert 'w:eastAsia="仿宋_GB2312"' in xml
    assert 'w:eastAsia="黑体"' in docx_doc.styles.element.xml  # headings


def test_docx_page_is_a4(docx_doc):
    section = docx_doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_docx_sections_one_and_six_prefilled(docx_doc):
    text = "\n".join(p.text for p in docx_doc.paragraphs)
    assert "主动公开政府信息836条" in text
    assert "本年度收到政府信息公开申请8件，其中当面申请1件、信函申请2件、网络申请5件。" in text
    assert "发出信息处理费收费通知2件，通知收取金额3700.00元，实际收取金额700.00元。" in text
    assert "数据来源：" in text and "省政务服务网行政许可系统导出（2026-01-05）" in text


def test_docx_embeds_charts(docx_doc):
    images = [
        rel.target_part.blob
        for rel in docx_doc.part.rels.values()
        if rel.reltype.endswith("/image")
    ]
    assert len(images) == 3
    assert all(blob.startswith(b"\x89PNG\r\n\x1a\n") for blob in images)


# --- PDF --------------------------------------------------------------------------------------


def embedded_font_names(reader):
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for part in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                descriptor = part.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(part["/BaseFont"]).replace("-", ""))
    return names


def test_pdf_text(pdf_reader):
    text = "\n".join(page.extract_text() for page in pdf_reader.pages)
    flat = re.sub(r"\s", "", text)
    assert TITLE in flat
    assert "三、收到和处理政府信息公开申请情况" in flat
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in flat
    assert "12.3456" in text and "1234" in text
    assert "实际收取金额700.00元" in flat
    assert "— 1 —" in pdf_reader.pages[0].extract_text()
    assert pdf_reader.metadata.title == TITLE


def test_pdf_embeds_noto_cjk(pdf_reader):
    names = embedded_font_names(pdf_reader)
    assert any("NotoSerifCJKSC" in name for name in names), names
    assert any("NotoSansCJKSC" in name for name in names), names  # the section headings


def test_pdf_has_the_chart_images(pdf_reader):
    # WeasyPrint shares one resource dictionary between pages: count distinct images.
    images = {image.data for page in pdf_reader.pages for image in page.images}
    assert len(images) == 3


def test_pdf_refuses_external_resources(monkeypatch):
    refused = []

    def record(url):
        refused.append(url)
        raise ValueError("refused")

    monkeypatch.setattr(documents, "_refuse_fetch", record)
    pdf = documents._pdf(
        '<html><body><p>x</p><img src="http://example.com/a.png">'
        '<img src="file:///etc/hostname"></body></html>',
        {},
    )
    assert pdf.startswith(b"%PDF")
    assert sorted(refused) == ["file:///etc/hostname", "http://example.com/a.png"]


# --- HTML -------------------------------------------------------------------------------------


def test_html_is_a_standalone_chinese_page(html):
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in html
    assert f"<title>{TITLE}</title>" in html
    assert "<link" not in html and "<script" not in html
    assert 'src="http' not in html


def test_html_tables_accessible(html):
    assert html.count("<caption>") == 3
    assert "<caption>表三 收到和处理政府信息公开申请情况</caption>" in html
    assert '<th id="t3-h2" scope="col" rowspan="2">自然人</th>' in html
    assert '<th id="t3-h1" scope="col" colspan="7">申请人情况</th>' in html
    assert 'scope="row" rowspan="22" class="vertical">三、本年度办理结果</th>' in html
    # Every data cell names its headers, and every named header exists.
    ids = set(re.findall(r'<th id="([^"]+)"', html))
    cells = re.findall(r'<td[^>]* headers="([^"]+)"', html)
    assert len(cells) == 7 * 25 + 15 + 10  # table 三, table 四, table 二
    assert {i for h in cells for i in h.split()} <= ids


def test_html_headers_of_a_cell(html):
    # 一、本年新收 × 自然人: the column headers 申请人情况 and 自然人, the row label.
    row = re.search(r"<tr><th [^>]*>一、本年新收政府信息公开申请数量</th>(.*?)</tr>", html)
    first = re.search(r'<td class="number" headers="([^"]+)">(\d+)</td>', row[1])
    assert first[2] == "5"
    names = [re.search(rf'id="{i}"[^>]*>([^<]+)<', html)[1] for i in first[1].split()]
    assert names == ["申请人情况", "自然人", "一、本年新收政府信息公开申请数量"]


def test_html_charts_are_data_uris(html):
    uris = re.findall(r'<img src="(data:image/png;base64,[^"]+)" alt="([^"]+)"', html)
    assert len(uris) == 3
    assert any("予以公开3件" in alt for _, alt in uris)


def test_html_no_check_box_when_checks_pass(html):
    assert "校验未通过" not in html


def test_failed_checks_boxed_in_all_three_formats():
    problem = "“natural_person”列：本年新收 + 上年结转 = 6，办理结果总计 + 结转下年度 = 5，二者不等"
    data = make_data(checks=[problem])
    html = render(data, "html").decode()
    box = re.search(r'<section class="checks" role="alert"[^>]*>(.*?)</section>', html, re.S)
    assert box is not None
    assert '<h2 id="checks-title">校验未通过</h2>' in box[1]
    assert "“自然人”列：本年新收 + 上年结转 = 6" in box[1]
    assert html.index("校验未通过") < html.index("一、总体情况")
    doc = Document(io.BytesIO(render(data, "docx")))
    assert doc.tables[0].cell(0, 0).text.startswith("校验未通过")
    assert "“自然人”列" in doc.tables[0].cell(0, 0).text
    pdf = PdfReader(io.BytesIO(render(data, "pdf")))
    assert "校验未通过" in pdf.pages[0].extract_text()


def test_narrative_script_is_removed_and_markup_kept():
    data = make_data(
        sections={
            "overview": '<p onclick="x()">总体<strong>良好</strong></p><script>alert(1)</script>'
            '<img src="http://example.com/x.png" onerror="alert(2)">',
            "problems": "一是培训不足。\n二是<解读>形式单一。",
            "other_matters": "<table><tr><td colspan=99>考核</td><td>优秀</td></tr></table>",
        }
    )
    html = render(data, "html").decode()
    assert "alert(" not in html and "<script" not in html and "onclick" not in html
    assert '<img src="http' not in html
    assert '<div class="narrative"><p>总体<strong>良好</strong></p></div>' in html
    # Plain text: one paragraph a line, angle brackets escaped.
    assert "<p>一是培训不足。</p><p>二是&lt;解读&gt;形式单一。</p>" in html
    assert "<td>考核</td><td>优秀</td>" in html  # no attributes survive
    assert "主动公开政府信息836条" not in html  # the narrative replaces the pre-filled text
    assert "实际收取金额700.00元" in html  # 六 states the fees whatever the narrative
    doc = Document(io.BytesIO(render(data, "docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "总体良好" in text and "alert" not in text
    assert "二是<解读>形式单一。" in text
    assert any(t.cell(0, 0).text == "考核" for t in doc.tables)


def test_subject_name_is_escaped():
    data = make_data(agency={"code": "1", "name": "<b>某局</b>"})
    html = render(data, "html").decode()
    assert "&lt;b&gt;某局&lt;/b&gt;" in html and "<b>" not in html


def test_missing_narrative_is_flagged():
    html = render(make_data(), "html").decode()
    assert '<p class="missing">（本节尚未填写：' in html


def test_sanitise():
    assert sanitise("第一行\n\n　　第二行") == "<p>第一行</p><p>第二行</p>"
    assert (
        sanitise('<ul><li>甲</li><li style="x">乙</li></ul>') == "<ul><li>甲</li><li>乙</li></ul>"
    )
    assert sanitise("<style>p{}</style><p>正文</p>") == "<p>正文</p>"


def test_government_report_title_and_roll_up():
    data = make_data(agency=None, government="示范区人民政府", agencies=["甲局", "乙局"])
    doc = Document(io.BytesIO(render(data, "docx")))
    assert (
        doc.paragraphs[0].text.replace("\n", "")
        == f"示范区人民政府{YEAR}年政府信息公开工作年度报告"
    )
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "本报告汇总了示范区人民政府所属2个部门（单位）的政府信息公开工作情况。" in text


def test_agency_contact_in_lead():
    class Office:
        office_name = "示范区住房和城乡建设局办公室"
        office_address = "示范区人民路1号"
        office_phone = "0759-1234567"

    html = render(make_data(), "html", agency=Office()).decode()
    assert "由示范区住房和城乡建设局办公室编制" in html
    assert "（地址：示范区人民路1号；电话：0759-1234567）" in html


def test_unknown_format_refused():
    with pytest.raises(ValueError, match="不支持的格式"):
        render(make_data(), "odt")


# --- 2008 format ------------------------------------------------------------------------------


def old_data():
    old_cases = [
        OldCaseFacts("A", "in_person", D("2015-03-02"), D("2015-03-20"), "granted"),
        OldCaseFacts("B", "online", D("2015-04-02"), D("2015-04-20"), "granted"),
        OldCaseFacts("C", "online", D("2015-05-02"), D("2015-05-20"), "unable_1", True),
        OldCaseFacts("D", "letter", D("2015-06-02"), D("2015-06-20"), "refused_1"),
    ]
    report = build(2015, [], [], [])
    return make_data(
        year=2015,
        format="2008",
        period={"from": "2015-01-01", "to": "2015-12-31"},
        applications=report.applications,
        appeals=report.appeals,
        applications_2008=applications_2008(old_cases, 2015),
        monthly_receipts=None,
        timeliness=None,
    )


def test_2008_format_html():
    html = render(old_data(), "html").decode()
    assert "2015年政府信息公开工作年度报告" in html
    assert "2008年5月1日起施行的《中华人民共和国政府信息公开条例》" in html
    assert APPLICATIONS_NOTE not in html  # no 2021 table 三
    assert "行政复议</th>" not in html  # nor table 四
    assert "<h2>三、依申请公开政府信息情况</h2>" in html
    assert "<h2>七、其他需要报告的事项</h2>" in html
    assert "本年度共受理政府信息公开申请4件，其中当面申请1件、网络申请2件、信函申请1件" in html
    assert "“同意公开”的2件，占50.0%" in html
    assert "本年度未发生因政府信息公开申请提起行政复议、行政诉讼的情况。" in html
    assert "国办函〔2020〕109号" not in html


def test_2008_format_docx_tables():
    doc = Document(io.BytesIO(render(old_data(), "docx")))
    channels = table_starting(doc, "申请方式")
    assert [channels.cell(0, c).text for c in range(1, 7)] == [
        *OLD_CHANNELS.values(),
        "合计",
    ]
    assert [channels.cell(1, c).text for c in range(1, 7)] == ["1", "2", "1", "0", "0", "4"]
    replies = table_starting(doc, "答复类别")
    row = {replies.cell(0, c).text: replies.cell(1, c).text for c in range(1, 9)}
    assert row == {
        "同意公开": "2",
        "同意部分公开": "0",
        "不予公开": "1",
        "信息不存在": "0",
        "非本机关政府信息": "1",
        "申请内容不明确": "0",
        "其他": "0",
        "合计": "4",
    }
    assert not any(t.cell(0, 0).text == APPLICATIONS_NOTE for t in doc.tables)
    images = [r for r in doc.part.rels.values() if r.reltype.endswith("/image")]
    assert len(images) == 1  # the replies chart; no monthly or timeliness figures


# --- charts -----------------------------------------------------------------------------------


def png_chunks(png):
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pos, chunks = 8, []
    while pos < len(png):
        length = int.from_bytes(png[pos : pos + 4], "big")
        kind = png[pos + 4 : pos + 8].decode("ascii")
        chunks.append((kind, png[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return chunks


def test_charts_are_deterministic_pngs(data):
    first = charts.charts(data)
    charts._bar_png_cached.cache_clear()  # draw them again, not from the cache
    second = charts.charts(make_data())
    assert sorted(first) == ["monthly", "outcomes", "timeliness"]
    for key, chart in first.items():
        kinds = [kind for kind, _ in png_chunks(chart.png)]
        assert kinds[0] == "IHDR" and kinds[-1] == "IEND"
        assert not {"tIME", "tEXt", "iTXt", "zTXt"} & set(kinds), kinds
        assert chart.png == second[key].png


def test_chart_size(data):
    ihdr = dict(png_chunks(charts.outcome_chart(data).png))["IHDR"]
    width, height = int.from_bytes(ihdr[:4], "big"), int.from_bytes(ihdr[4:8], "big")
    assert (width, height) == (1240, 540)


def test_outcome_figures(data):
    assert charts.outcome_figures(data) == [
        ("予以公开", 3),
        ("部分公开", 1),
        ("不予公开", 1),
        ("无法提供", 2),
        ("不予处理", 1),
        ("其他处理", 1),
    ]


def test_timeliness_chart_description(data):
    chart = charts.timeliness_chart(data)
    assert chart.description == (
        "0–5个工作日6条；6–10个工作日3条；11–15个工作日1条；21–30个工作日1条；"
        "平均4.2个工作日，最长23个工作日。"
    )


def test_charts_skipped_without_figures():
    data = make_data(monthly_receipts=None, timeliness=None)
    assert sorted(charts.charts(data)) == ["outcomes"]
    empty = make_data(applications=build(YEAR, [], [], []).applications)
    assert charts.outcome_chart(empty) is None
    assert charts.monthly_chart(make_data(monthly_receipts=[1, 2, 3])) is None


def test_timeliness_histogram_shapes():
    assert charts.timeliness_buckets([6, 3, 1, 0, 1, 0]) == [
        ("0–5", 6),
        ("6–10", 3),
        ("11–15", 1),
        ("16–20", 0),
        ("21–30", 1),
        ("30以上", 0),
    ]
    assert charts.timeliness_buckets([0, 2]) == [("0", 0), ("1", 2)]
    assert charts.timeliness_buckets([["1-5", 3], ["6-20", 1]]) == [("1-5", 3), ("6-20", 1)]
    assert charts.timeliness_buckets([{"days": 3, "count": 2}]) == [("3", 2)]
    assert charts.timeliness_buckets({"≤5": 4}) == [("≤5", 4)]


# --- with the database: the selectors' own output --------------------------------------------


@pytest.mark.django_db
def test_render_agency_report_from_records(agency):
    from gongkai.reports.selectors import agency_report

    data = agency_report(agency, YEAR)
    doc = Document(io.BytesIO(render(data, "docx", agency=agency)))
    assert doc.paragraphs[0].text == f"{agency.name}\n{YEAR}年政府信息公开工作年度报告"
    t = table_starting(doc, APPLICATIONS_NOTE)
    assert len(t.rows) == 28
    assert [t.cell(26, c).text for c in range(3, 10)] == ["0"] * 7
    assert render(data, "pdf", agency=agency).startswith(b"%PDF")
