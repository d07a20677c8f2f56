"""Check that what the portal serves is what was approved (the README (what Gongkai is): published
content carries a hash that can be checked against what is served).

For each published public item the API detail and every attachment download are fetched
through Django's test client, exactly as the public receives them; the canonical hash is
recomputed from those bytes and compared with the hash stored at approval.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.urls import reverse

from gongkai.accounts.models import Agency
from gongkai.audit.models import AuditRecord
from gongkai.catalogue.content_hash import HASHED_FIELDS, content_hash
from gongkai.catalogue.models import Item
from gongkai.catalogue.selectors import public_items


@dataclass(frozen=True)
class Mismatch:
    index_number: str
    what: str

    def __str__(self) -> str:
        return f"{self.index_number}：{self.what}"


@dataclass(frozen=True)
class Result:
    checked: int
    mismatches: list[Mismatch]


def _host() -> str:
    """A host name this installation answers to, so the requests pass ALLOWED_HOSTS."""
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and "*" not in host:
            return host
    return "localhost"


def _body(response) -> bytes:
    # The test client closes the response itself (a streamed one once it is read through).
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def audited_hashes(items) -> dict[str, str]:
    """The content hash each item had when its last publication or validity change was
    recorded in the (hash-chained) audit trail: what was approved, out of reach of an UPDATE
    that changes the body and the stored hash together."""
    ids = [str(item.pk) for item in items]
    latest: dict[str, str] = {}
    records = (
        AuditRecord.objects.filter(
            target_type="catalogue.item",
            target_id__in=ids,
            action__in=[
                "catalogue.item_publish",
                "catalogue.item_amended",
                "catalogue.item_repealed",
                "catalogue.item_in_force",
                "catalogue.item_import",
            ],
        )
        .order_by("seq")
        .values_list("target_id", "after")
    )
    for target_id, after in records:
        if isinstance(after, dict) and after.get("content_hash"):
            latest[target_id] = after["content_hash"]
    return latest


def _check(client: Client, item: Item, audited: str | None = None) -> Iterator[Mismatch]:
    if audited is not None and audited != item.content_hash:
        yield Mismatch(item.index_number, "存储的内容哈希与审计日志中审批时记录的不一致")
    response = client.get(reverse("portal:api_item", kwargs={"pk": item.pk}))
    if response.status_code != 200:
        yield Mismatch(item.index_number, f"接口未能提供该条目（HTTP {response.status_code}）")
        return
    served = json.loads(_body(response))
    fields = {name: served.get(name) for name in HASHED_FIELDS}
    registered = [attachment["sha256"] for attachment in served["attachments"]]
    downloaded = []
    for attachment in served["attachments"]:
        download = client.get(urlsplit(attachment["url"]).path)
        if download.status_code != 200:
            yield Mismatch(
                item.index_number,
                f"附件“{attachment['name']}”无法下载（HTTP {download.status_code}）",
            )
            return
        downloaded.append(hashlib.sha256(_body(download)).hexdigest())
        if downloaded[-1] != attachment["sha256"]:
            yield Mismatch(
                item.index_number, f"附件“{attachment['name']}”的内容与登记的 SHA-256 不符"
            )
    if content_hash(fields, downloaded) == item.content_hash:
        return
    # Tell which part changed: with the attachments as registered at upload, a difference
    # left is in the fields (or in the stored hash itself).
    if downloaded == registered or content_hash(fields, registered) != item.content_hash:
        yield Mismatch(item.index_number, "正文或元数据与发布时审批的内容不符（内容哈希不一致）")


def verify_published(*, agency: Agency | None = None) -> Result:
    """Every published public item (of one agency, or all), in index-number order."""
    items = public_items().prefetch_related("attachments").order_by("agency__code", "pk")
    if agency is not None:
        items = items.filter(agency=agency)
    client = Client(HTTP_HOST=_host(), raise_request_exception=False)
    mismatches: list[Mismatch] = []
    checked = 0
    for batch in _batches(items.iterator(chunk_size=200), 200):
        audited = audited_hashes(batch)
        for item in batch:
            checked += 1
            mismatches.extend(_check(client, item, audited.get(str(item.pk))))
    return Result(checked, mismatches)


def _batches(iterable, size: int):
    batch = []
    for element in iterable:
        batch.append(element)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
