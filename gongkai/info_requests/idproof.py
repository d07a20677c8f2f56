"""Checks on the identity proof an online applicant gives (Art. 29). Pure: no Django models.

Uploads are judged by their content, not their name or declared type: JPEG, PNG or PDF only,
at most 5 MB, an image's pixel count within `core.file_limits` (read from its header). The
file is stored under a generated name with the extension of what it really is
(`stored_name`), never the uploader's (`shell.php`). Nothing is extracted from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from gongkai.accounts import orgcode
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


# -- identity documents (身份证明) -------------------------------------------------------------
# Each type is checked by its own format. The value stored is the type's name as people write
# it; the label is what the form shows; the rule is said in the message when a number fails.

ID_CARD = "居民身份证"
CREDIT_CODE = "统一社会信用代码"


@dataclass(frozen=True)
class DocumentType:
    value: str
    label: str
    rule: str
    for_person: bool = True


DOCUMENT_TYPES = (
    DocumentType(ID_CARD, "居民身份证", "18位：前17位为数字，末位为数字或X"),
    DocumentType(
        "护照",
        "中华人民共和国护照",
        "E或G开头加8位数字，或E加一个字母再加7位数字，如E12345678、EA1234567",
    ),
    DocumentType("外国护照", "外国护照", "5至20位字母或数字"),
    DocumentType(
        "港澳居民来往内地通行证",
        "港澳居民来往内地通行证",
        "H（香港）或M（澳门）开头，后接8位或10位数字",
    ),
    DocumentType("台湾居民来往大陆通行证", "台湾居民来往大陆通行证", "8位或10位数字"),
    DocumentType(
        "港澳台居民居住证",
        "港澳台居民居住证",
        "18位，以810000、820000或830000开头，末位为校验码",
    ),
    DocumentType(
        "外国人永久居留身份证",
        "外国人永久居留身份证",
        "以9开头的18位号码，或旧版3个字母加12位数字",
    ),
    DocumentType(
        CREDIT_CODE,
        "统一社会信用代码（法人或其他组织）",
        "18位数字或大写字母（不含I、O、Z、S、V），末位为校验码",
        for_person=False,
    ),
)
DOCUMENTS = {d.value: d for d in DOCUMENT_TYPES}

_CHINESE_PASSPORT = re.compile(r"[EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[DPS]E?\d{7}")
_FOREIGN_PASSPORT = re.compile(r"(?=.*\d)[A-Z0-9]{5,20}")
_HK_MACAU_PERMIT = re.compile(r"[HM]\d{8}(?:\d{2})?")
_TAIWAN_PERMIT = re.compile(r"\d{8}(?:\d{2})?")
_RESIDENCE_PERMIT_PREFIXES = ("810000", "820000", "830000")
_OLD_PERMANENT_RESIDENCE = re.compile(r"[A-Z]{3}\d{12}")


def normalise_document_number(number: str) -> str:
    """Upper case, without the spaces and hyphens people type between groups."""
    return re.sub(r"[\s-]", "", number).upper()


def check_document(kind: str, number: str, *, today: date) -> str:
    """The number, normalised, if it has the format of its document type; IdProofError with
    the rule otherwise."""
    document = DOCUMENTS.get(kind)
    if document is None:
        raise IdProofError("请从列表中选择身份证明类型")
    value = normalise_document_number(number)
    problem = _document_problem(kind, value, today)
    if problem:
        raise IdProofError(f"{document.label}号码无效：{problem}（应为{document.rule}）")
    return value


def _document_problem(kind: str, value: str, today: date) -> str | None:
    if kind in (ID_CARD, "港澳台居民居住证", "外国人永久居留身份证") and len(value) == 18:
        if kind == "港澳台居民居住证" and not value.startswith(_RESIDENCE_PERMIT_PREFIXES):
            return "开头不是810000、820000或830000"
        if kind == "外国人永久居留身份证" and not value.startswith("9"):
            return "18位号码应以9开头"
        if not idnumbers.is_valid_18(value):
            return "位数、出生日期或校验码不符"
        born = idnumbers.birth_date(value)
        return idnumbers.birth_date_problem(born, today) if born else "出生日期不存在"
    if kind == ID_CARD:
        if len(value) == 15 and value.isdigit():
            return "第一代15位居民身份证已停止使用，请填写18位号码"
        return "位数不对"
    if kind == "港澳台居民居住证":
        return "位数不对"
    if kind == "外国人永久居留身份证":
        return None if _OLD_PERMANENT_RESIDENCE.fullmatch(value) else "格式不符"
    if kind == CREDIT_CODE:
        return None if orgcode.is_valid_credit_code(value) else "字符或校验码不符"
    pattern = {
        "护照": _CHINESE_PASSPORT,
        "外国护照": _FOREIGN_PASSPORT,
        "港澳居民来往内地通行证": _HK_MACAU_PERMIT,
        "台湾居民来往大陆通行证": _TAIWAN_PERMIT,
    }[kind]
    return None if pattern.fullmatch(value) else "格式不符"
