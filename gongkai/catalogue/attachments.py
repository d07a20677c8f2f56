"""Attachment checks and text extraction. Types are judged by content, not by name. Pure.

The limits and the readers are `core.file_limits`: `check` runs its cheap checks in the
request (size, type, a DOCX/XLSX's ZIP directory, an image's header); `extract_text` runs in
the task worker, in a child process limited in memory and time.
"""

from __future__ import annotations

import hashlib

from gongkai.core import file_limits

MAX_BYTES = file_limits.ATTACHMENT_MAX_BYTES
TYPES = dict(file_limits.LABELS)
KINDS = frozenset(TYPES)


class AttachmentError(ValueError):
    pass


def sniff(data: bytes) -> str | None:
    return file_limits.sniff(data)


def too_large(name: str, size: int) -> str:
    limit = MAX_BYTES // 1024 // 1024
    return f"附件“{name}”过大（{size / 1024 / 1024:.1f} MB），不能超过 {limit} MB"


def check(data: bytes, name: str) -> str:
    """The attachment's type, after the checks that need no parsing."""
    if len(data) > MAX_BYTES:
        raise AttachmentError(too_large(name, len(data)))
    if not data:
        raise AttachmentError(f"附件“{name}”为空文件")
    try:
        if data.startswith(b"PK\x03\x04"):
            file_limits.check_zip(data)
        mime = file_limits.sniff(data)
        if mime is None:
            raise AttachmentError(
                f"附件“{name}”的类型不受支持：只接受 PDF、DOCX、XLSX、JPG、PNG（按文件内容判断）"
            )
        if mime in (file_limits.PNG, file_limits.JPEG):
            file_limits.check_image(data)
    except file_limits.FileLimitError as error:
        raise AttachmentError(f"附件“{name}”：{error}") from None
    return mime


def needs_extraction(mime: str) -> bool:
    return mime in file_limits.EXTRACTED


def stored_name(mime: str) -> str:
    """The name the file is stored under: generated, with the extension of its real type."""
    return file_limits.stored_name(mime)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extract_text(data: bytes, mime: str) -> str:
    """The attachment's text, for search and the privacy scan ('' for images), extracted in a
    child process within the limits of `core.file_limits`."""
    try:
        return file_limits.extract_text_limited(data, mime)
    except file_limits.FileLimitError as error:
        raise AttachmentError(str(error)) from None
