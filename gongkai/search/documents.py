"""A catalogue item as the search index sees it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gongkai.catalogue.models import Item
from gongkai.search.backends import Document
from gongkai.search.normalise import doc_number_key, normalise

# What the index reads of an item (as `values()` names them).
FIELDS = (
    "pk",
    "title",
    "doc_number",
    "index_number",
    "keywords",
    "issuing_agency",
    "summary",
    "body",
    "agency_id",
    "statutory_category",
    "subject_id",
    "published_on",
    "validity",
)


def document_from(item: Mapping[str, Any], attachments: list[str]) -> Document:
    """`item`: the FIELDS of a published item; `attachments`: their extracted text."""
    keywords = " ".join(part for part in (item["keywords"], item["issuing_agency"]) if part)
    return Document(
        item_id=item["pk"],
        title=normalise(item["title"]),
        # The index number is searched like a document number: people copy either.
        doc_number=normalise(f"{item['doc_number']} {item['index_number']}"),
        keywords=normalise(keywords),
        body=normalise(f"{item['summary']}\n{item['body']}"),
        attachments=normalise("\n".join(attachments)),
        agency_id=item["agency_id"],
        statutory_category=item["statutory_category"],
        subject_id=item["subject_id"],
        year=item["published_on"].year,
        validity=item["validity"],
        published_on=item["published_on"],
        doc_number_key=doc_number_key(item["doc_number"]) if item["doc_number"] else "",
        title_key=doc_number_key(item["title"]),
    )


def document_for(item: Item, attachments: list[str] | None = None) -> Document:
    if attachments is None:
        attachments = [a.text for a in item.attachments.all()]
    values = {name: getattr(item, name) for name in FIELDS}
    return document_from(values, attachments)
