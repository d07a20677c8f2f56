"""Checks on the identity proof an online applicant gives (Art. 29). Pure: no Django models.

Uploads are judged by their content, not their name or declared type: JPEG, PNG or PDF only,
at most 5 MB, an image's pixel count within `core.file_limits` (read from its header). The
file is stored under a generated name with the extension of what it really is
(`stored_name`), never the uploader's (`shell.php`). Nothing is extracted from it.
"""

from __future__ import annotations

from typing import Protocol

from gongkai.core import file_limits, idnumbers

MAX_BYTES = file_limits.ID_PROOF_MAX_BYTES
KINDS = frozenset({file_limits.JPEG, file_limits.PNG, file_limits.PDF})
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
    """The proof's type (a MIME type), after the size, type and image-header checks."""
    if upload.size > MAX_BYTES:
        limit = MAX_BYTES // 1024 // 1024
        raise IdProofError(f"文件过大（{upload.size / 1024 / 1024:.1f} MB），不能超过 {limit} MB")
    if upload.size == 0:
        raise IdProofError("文件为空")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    kind = sniff(data[:16])
    if kind is None:
        raise IdProofError("只接受 JPG、PNG 图片或 PDF 文件（按文件内容判断）")
    if kind in (file_limits.JPEG, file_limits.PNG):
        try:
            file_limits.check_image(data)
        except file_limits.FileLimitError as error:
            raise IdProofError(str(error)) from None
    return kind


def stored_name(kind: str) -> str:
    """A generated name with the extension of the proof's real type."""
    return file_limits.stored_name(kind)


def check_id_number(number: str) -> None:
    value = number.strip().upper()
    if not idnumbers.is_valid(value):
        raise IdProofError("居民身份证号码无效（位数、出生日期或校验码不符）")
