"""Attachments within the file limits: the cheap checks answer in the request, the text is
extracted by the task worker, and an item waits for its attachments before review."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from huey.contrib.djhuey import HUEY
from lxml import html

from gongkai.audit.models import AuditRecord
from gongkai.catalogue import services as s
from gongkai.catalogue.models import Attachment
from gongkai.core.tests import bombs

MB = 1024 * 1024


def docx(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def page_text(response) -> str:
    return " ".join(html.fromstring(response.content.decode()).text_content().split())


def test_an_attachment_is_stored_under_a_generated_name_with_its_real_extension(draft, clerk):
    attachment = s.attachment_add(
        item=draft(), actor=clerk, data=bombs.png_bomb(10, 10), name="shell.php"
    )
    assert (
        bool(re.fullmatch(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.png", attachment.file.name)),
        attachment.name,
        attachment.status,
    ) == (True, "shell.php", "ready")


def test_a_docx_bomb_is_refused_in_the_request_and_nothing_is_kept(draft, clerk):
    item = draft()
    with pytest.raises(s.CatalogueError) as caught:
        s.attachment_add(item=item, actor=clerk, data=bombs.docx_bomb(200 * MB), name="通知.docx")
    assert (
        str(caught.value),
        Attachment.objects.count(),
        AuditRecord.objects.filter(action="catalogue.attachment_add").count(),
    ) == (
        "附件“通知.docx”：文件中的“word/document.xml”解压后为 200.0 MB，超过单个部件上限 50 MB",
        0,
        0,
    )


def test_an_image_bomb_is_refused_in_the_request(draft, clerk):
    with pytest.raises(s.CatalogueError) as caught:
        s.attachment_add(item=draft(), actor=clerk, data=bombs.png_bomb(), name="图.png")
    assert str(caught.value) == "附件“图.png”：图片为 100000×100000 像素，超过上限 5,000 万像素"


def test_the_text_is_not_extracted_in_the_request_and_the_extraction_is_queued(
    draft, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        attachment = s.attachment_add(
            item=draft(), actor=clerk, data=docx("手机13912345678"), name="附件.docx"
        )
    HUEY.immediate = True  # the queued task runs as it is enqueued
    try:
        for callback in callbacks:
            callback()
    finally:
        HUEY.immediate = False
    attachment.refresh_from_db()
    assert (len(callbacks), attachment.status, attachment.text) == (
        1,
        "ready",
        "手机13912345678\n",
    )


def test_an_item_cannot_go_to_review_while_its_attachment_is_being_checked(draft, clerk):
    item = draft()
    s.attachment_add(item=item, actor=clerk, data=docx("正文"), name="附件.docx")
    with pytest.raises(s.CatalogueError) as caught:
        s.item_submit(item=item, actor=clerk)
    assert (str(caught.value), item.status) == (
        "附件正在检查（“附件.docx”），检查完成后才能送审",
        "draft",
    )


def test_the_worker_scans_the_extracted_text_for_personal_data(draft, clerk):
    item = draft()
    attachment = s.attachment_add(
        item=item, actor=clerk, data=docx("联系人李四，手机13912345678"), name="名单.docx"
    )
    s.attachment_extract(attachment_id=attachment.pk)
    assert sorted(item.findings.values_list("field", "kind")) == [
        ("attachment", "mobile"),
        ("attachment", "name"),
    ]


def test_a_bomb_refused_by_the_worker_blocks_review_until_it_is_removed(draft, clerk):
    item = draft()
    attachment = s.attachment_add(
        item=item, actor=clerk, data=bombs.xlsx_rows_bomb(150_000), name="名单.xlsx"
    )
    attachment = s.attachment_extract(attachment_id=attachment.pk)
    with pytest.raises(s.CatalogueError) as caught:
        s.item_submit(item=item, actor=clerk)
    refused = (attachment.status, attachment.refusal, str(caught.value))
    s.attachment_remove(attachment=attachment, actor=clerk)
    s.item_submit(item=item, actor=clerk)
    assert (refused, item.status) == (
        (
            "refused",
            "表格超过上限 100,000 行，请拆分后上传",
            "附件“名单.xlsx”未通过检查：表格超过上限 100,000 行，请拆分后上传。请删除或替换该附件",
        ),
        "secrecy_review",
    )


def test_the_clerk_sees_that_the_attachment_is_being_checked(client, draft, clerk):
    item = draft()
    s.attachment_add(item=item, actor=clerk, data=docx("正文"), name="附件.docx")
    client.force_login(clerk)
    text = page_text(client.get(f"/workbench/catalogue/{item.pk}/"))
    assert re.search(r"附件\.docx（[^）]+） 附件正在检查", text) is not None


def test_the_clerk_sees_why_an_attachment_was_refused(client, draft, clerk):
    item = draft()
    attachment = s.attachment_add(
        item=item, actor=clerk, data=bombs.pdf_pages_bomb(100_000), name="汇编.pdf"
    )
    s.attachment_extract(attachment_id=attachment.pk)
    client.force_login(clerk)
    assert "未通过检查：PDF 共 100,000 页，超过上限 500 页，请拆分后上传" in page_text(
        client.get(f"/workbench/catalogue/{item.pk}/")
    )


def test_uploading_30_mb_is_answered_in_chinese_and_nothing_is_kept(client, draft, clerk):
    item = draft()
    client.force_login(clerk)
    upload = SimpleUploadedFile("大文件.pdf", b"%PDF-" + bytes(30 * MB), "application/pdf")
    response = client.post(f"/workbench/catalogue/{item.pk}/do/attach/", {"file": upload})
    assert (
        response.status_code,
        "上传附件：附件“大文件.pdf”过大（30.0 MB），不能超过 20 MB" in page_text(response),
        Attachment.objects.count(),
    ) == (400, True, 0)


def test_uploading_100_mb_is_counted_not_stored_and_answered_in_chinese(client, draft, clerk):
    item = draft()
    client.force_login(clerk)
    upload = SimpleUploadedFile("巨大.pdf", b"%PDF-" + bytes(100 * MB), "application/pdf")
    response = client.post(f"/workbench/catalogue/{item.pk}/do/attach/", {"file": upload})
    assert (
        response.status_code,
        "上传附件：附件“巨大.pdf”过大（100.0 MB），不能超过 20 MB" in page_text(response),
        Attachment.objects.count(),
    ) == (400, True, 0)


def test_the_clerk_removes_an_attachment_from_the_page(client, draft, clerk):
    item = draft()
    attachment = s.attachment_add(item=item, actor=clerk, data=docx("正文"), name="附件.docx")
    client.force_login(clerk)
    response = client.post(
        f"/workbench/catalogue/{item.pk}/do/detach/", {"attachment": str(attachment.pk)}
    )
    assert (response.status_code, Attachment.objects.count()) == (302, 0)
