"""Checks on the identity proof an online applicant gives (Art. 29). Pure: no Django models.

Uploads are judged by their content, not their name or declared type: JPEG, PNG or PDF only,
at most 5 MB.
"""

from __future__ import annotations

from typing import Protocol

from gongkai.core import idnumbers

MAX_BYTES = 5 * 1024 * 1024
SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}


class IdProofError(ValueError):
    pass


class Upload(Protocol):
    size: int

    def read(self, n: int = ...) -> bytes: ...
    def seek(self, offset: int) -> object: ...


def sniff(head: bytes) -> str | None:
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def check_upload(upload: Upload) -> str:
    if upload.size > MAX_BYTES:
        raise IdProofError(f"文件过大（{upload.size / 1024 / 1024:.1f} MB），不能超过 5 MB")
    if upload.size == 0:
        raise IdProofError("文件为空")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise IdProofError("只接受 JPG、PNG 图片或 PDF 文件（按文件内容判断）")
    return kind


def check_id_number(number: str) -> None:
    value = number.strip().upper()
    if not idnumbers.is_valid(value):
        raise IdProofError("居民身份证号码无效（位数、出生日期或校验码不符）")
