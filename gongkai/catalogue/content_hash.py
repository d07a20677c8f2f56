"""The canonical content of a published item and its SHA-256 (the README (what Gongkai is)). Pure.

What was approved is what is hashed: the metadata the public sees, the body, and each
attachment's own SHA-256. `gongkai verify-published` recomputes it from what is served.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

HASHED_FIELDS = (
    "index_number",
    "title",
    "doc_number",
    "issuing_agency",
    "written_on",
    "published_on",
    "statutory_category",
    "genre",
    "subject",
    "keywords",
    "validity",
    "body",
)


def canonical(fields: Mapping[str, Any], attachment_hashes: Sequence[str]) -> bytes:
    payload = {name: _normal(fields.get(name)) for name in HASHED_FIELDS}
    payload["attachments"] = list(attachment_hashes)
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def content_hash(fields: Mapping[str, Any], attachment_hashes: Sequence[str]) -> str:
    return hashlib.sha256(canonical(fields, attachment_hashes)).hexdigest()


def _normal(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        # NFC and \n line ends: the same text typed on two systems hashes the same.
        return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return str(value)
