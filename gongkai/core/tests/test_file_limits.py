"""The file limits (`core.file_limits`): every kind of bomb is refused with the message that
names its limit, and ordinary files still give their text. Memory and time are measured in
`bench/file_bombs.py`, not here."""

import io
import zipfile

import pytest
from docx import Document
from openpyxl import Workbook

from gongkai.core import file_limits as fl
from gongkai.core.tests import bombs

ANY = frozenset(fl.EXTENSIONS)
MB = 1024 * 1024


def refused_on_upload(data: bytes) -> str:
    with pytest.raises(fl.FileLimitError) as caught:
        fl.check_upload(data, kinds=ANY, max_bytes=fl.ATTACHMENT_MAX_BYTES)
    return str(caught.value)


def refused_on_extraction(data: bytes) -> str:
    kind = fl.check_upload(data, kinds=ANY, max_bytes=fl.ATTACHMENT_MAX_BYTES)
    with pytest.raises(fl.FileLimitError) as caught:
        fl.extract_text_limited(data, kind)
    return str(caught.value)


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- refused in the request, from headers and the ZIP directory --------------------------------


def test_a_docx_whose_xml_unpacks_to_200_mb_is_refused_on_upload():
    data = bombs.docx_bomb(200 * MB)
    assert (len(data) < 1 * MB, refused_on_upload(data)) == (
        True,
        "文件中的“word/document.xml”解压后为 200.0 MB，超过单个部件上限 50 MB",
    )


def test_a_zip_of_100000_members_is_refused_on_upload():
    assert refused_on_upload(bombs.zip_members_bomb(100_000)) == (
        "压缩包内有 100,002 个文件，超过上限 2,000 个"
    )


def test_a_member_compressed_more_than_200_to_1_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"A" * (2 * MB))
    info = zipfile.ZipFile(buffer).getinfo("word/document.xml")
    ratio = info.file_size // info.compress_size
    assert refused_on_upload(buffer.getvalue()) == (
        f"文件中的“word/document.xml”压缩比为 {ratio:,}:1，超过上限 200:1（疑似压缩炸弹）"
    )


def test_members_together_over_the_total_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for n in range(3):
            archive.writestr(f"part{n}.xml", b"x" * (MB // 2))
    with pytest.raises(fl.FileLimitError, match="^文件解压后超过上限 1 MB（疑似压缩炸弹）$"):
        fl.check_zip(buffer.getvalue(), max_total=1 * MB)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (bombs.png_bomb(100_000, 100_000), "图片为 100000×100000 像素，超过上限 5,000 万像素"),
        (bombs.jpeg_bomb(65_000, 65_000), "图片为 65000×65000 像素，超过上限 5,000 万像素"),
        (bombs.png_bomb(0, 10), "图片的宽度或高度为零，文件头已损坏"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG 图片的文件头不完整或已损坏"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPG 图片的文件头不完整或已损坏"),
        (b"\xff\xd8\xff\xda\x00\x08" + bytes(8), "JPG 图片的文件头不完整或已损坏"),
    ],
)
def test_an_image_is_judged_by_its_header_before_any_decoding(data, message):
    assert refused_on_upload(data) == message


def test_an_image_within_the_pixel_limit_passes():
    assert fl.check_image(bombs.png_bomb(5000, 10_000)) == (5000, 10_000)


def test_an_upload_over_the_size_limit_names_the_limit():
    assert refused_on_upload(b"%PDF-" + bytes(21 * MB)) == "文件过大（21.0 MB），上限为 20 MB"


def test_a_stored_name_is_generated_with_the_real_types_extension():
    name = fl.stored_name(fl.check_upload(bombs.png_bomb(10, 10), kinds=ANY, max_bytes=MB))
    assert (len(name), name[-4:]) == (36, ".png")


# -- refused in the extraction child -----------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: bombs.xlsx_rows_bomb(150_000), "表格超过上限 100,000 行，请拆分后上传"),
        (lambda: bombs.xlsx_wide_bomb(1000), "表格超过上限 1,000 列"),
        (lambda: bombs.pdf_pages_bomb(100_000), "PDF 共 100,000 页，超过上限 500 页，请拆分后上传"),
        (
            lambda: bombs.pdf_flate_bomb(200 * MB),
            "PDF 中的数据流解压后超过上限 20 MB（疑似压缩炸弹）",
        ),
        (
            lambda: bombs.pdf_pages_bomb(20_000, fanout=20_000, declared=1),
            "PDF 中的数组或字典超过上限 10,000 个元素",
        ),
    ],
)
def test_a_bomb_that_passes_the_cheap_checks_is_refused_by_the_extraction(make, message):
    data = make()
    assert (len(data) < 2 * MB, refused_on_extraction(data)) == (True, message)


def test_text_over_the_limit_is_refused_because_the_privacy_scan_must_read_all_of_it():
    paragraph = b"<w:p><w:r><w:t>" + "示范文字".encode() * 250 + b"</w:t></w:r></w:p>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # no ratio to refuse
        with archive.open("word/document.xml", "w") as part:
            part.write(b"<w:document " + bombs.W + b">")
            for _ in range(1001):  # 1,001,000 characters
                part.write(paragraph)
            part.write(b"</w:document>")
    data = buffer.getvalue()
    with pytest.raises(fl.FileLimitError) as caught:
        fl.extract_text(data, fl.DOCX)
    assert str(caught.value) == "文件中的文字超过上限 100 万字，无法完整检查个人信息，请拆分后上传"


def test_a_doctype_in_an_ooxml_part_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><w:document/>',
        )
    with pytest.raises(fl.FileLimitError) as caught:
        fl.extract_text(buffer.getvalue(), fl.DOCX)
    assert str(caught.value) == "文件中的“word/document.xml”含有不允许的文档类型声明（DOCTYPE）"


def test_extraction_over_the_time_limit_is_killed():
    with pytest.raises(fl.FileLimitError) as caught:
        fl.extract_text_limited(bombs.text_pdf("slow"), fl.PDF, seconds=0.01)
    assert str(caught.value) == "文字提取超过时间上限 0.01 秒"


def test_extraction_over_the_memory_limit_is_refused():
    data = bombs.xlsx_strings_bomb()
    with pytest.raises(fl.FileLimitError) as caught:
        fl.extract_text_limited(data, fl.XLSX, memory=120 * MB)
    assert str(caught.value) == "文字提取超过内存上限 120 MB"


def test_a_damaged_file_is_refused_with_a_message():
    with pytest.raises(fl.FileLimitError) as caught:
        fl.extract_text_limited(b"%PDF-1.4 nothing else", fl.PDF)
    assert str(caught.value) == "无法读取文件内容：文件已损坏或格式不正确"


# -- ordinary files ---------------------------------------------------------------------------


def test_an_ordinary_docx_gives_its_paragraphs_and_table_cells():
    document = Document()
    document.add_paragraph("联系人李四，手机13912345678")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "单元格内容"
    buffer = io.BytesIO()
    document.save(buffer)
    assert fl.extract_text_limited(buffer.getvalue(), fl.DOCX) == (
        "联系人李四，手机13912345678\n单元格内容\n"
    )


def test_an_ordinary_xlsx_gives_its_cells():
    data = xlsx_bytes([["姓名", "电话"], ["李四", 13912345678]])
    assert fl.extract_text_limited(data, fl.XLSX) == "姓名\t电话\n李四\t13912345678\n"


def test_an_ordinary_pdf_gives_its_text():
    assert fl.extract_text_limited(bombs.text_pdf("Tel 13912345678"), fl.PDF) == (
        "Tel 13912345678\n"
    )


# -- the ledger and catalogue readers (core.tabular) -------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (bombs.xlsx_wide_bomb, "表格超过上限 1,000 列，请删除多余的列"),
        (
            lambda: bombs.zip_members_bomb(100_000),
            "压缩包内有 100,002 个文件，超过上限 2,000 个，请拆分后分批导入",
        ),
        (
            lambda: bombs.docx_bomb(600 * MB),
            "文件中的“word/document.xml”解压后为 600.0 MB，超过单个部件上限 500 MB，"
            "请拆分后分批导入",
        ),
    ],
)
def test_the_ledger_reader_refuses_a_bomb_named_xlsx_with_the_limit(make, message):
    from gongkai.info_requests.ledger import LedgerError, read_ledger

    with pytest.raises(LedgerError) as caught:
        read_ledger(make(), "台账.xlsx")
    assert str(caught.value) == message
