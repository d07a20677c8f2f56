"""Attachment checks and text extraction. Types are judged by content, not by name.
Pure apart from the third-party readers (pypdf, python-docx, openpyxl)."""

from __future__ import annotations

import hashlib
import io
import zipfile

MAX_BYTES = 20 * 1024 * 1024
MAX_TEXT = 500_000
TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "image/jpeg": "JPG",
    "image/png": "PNG",
}


class AttachmentError(ValueError):
    pass


def sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def check(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise AttachmentError(
            f"附件“{name}”过大（{len(data) / 1024 / 1024:.1f} MB），不能超过 20 MB"
        )
    if not data:
        raise AttachmentError(f"附件“{name}”为空文件")
    mime = sniff(data)
    if mime is None:
        raise AttachmentError(
            f"附件“{name}”的类型不受支持：只接受 PDF、DOCX、XLSX、JPG、PNG（按文件内容判断）"
        )
    return mime


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extract_text(data: bytes, mime: str) -> str:
    """The attachment's text, for search and the privacy scan ('' for images)."""
    try:
        if mime == "application/pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            text = "\n".join(page.extract_text() or "" for page in reader.pages[:500])
        elif mime.endswith("wordprocessingml.document"):
            from docx import Document

            document = Document(io.BytesIO(data))
            parts = [p.text for p in document.paragraphs]
            for table in document.tables:
                parts.extend(cell.text for row in table.rows for cell in row.cells)
            text = "\n".join(parts)
        elif mime.endswith("spreadsheetml.sheet"):
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            text = "\n".join(
                "\t".join("" if v is None else str(v) for v in row)
                for sheet in book.worksheets
                for row in sheet.iter_rows(values_only=True)
            )
        else:
            text = ""
    except Exception as error:  # noqa: BLE001 - a damaged file is the uploader's problem
        raise AttachmentError(f"无法读取附件内容：{error.__class__.__name__}") from None
    return text[:MAX_TEXT]
