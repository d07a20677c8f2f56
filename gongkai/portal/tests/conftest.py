"""Fixtures for the portal: items taken through the real workflow (draft → secrecy review →
approval) by the catalogue's services, so the portal is tested on what the workbench makes."""

import struct
import zlib
from datetime import date

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.catalogue import services as s


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Attachments go to a temporary media root, not the data directory."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def png(rgb=(255, 255, 255)) -> bytes:
    """A real 1x1 PNG of one colour: signature, IHDR, one compressed scanline, IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, *rgb]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture
def admin(db):
    user = UserFactory(username="guanli", display_name="陈静")
    role_grant(user=user, role=Role.ADMIN)
    return user


DEFAULTS = {
    "title": "示范区住房和城乡建设局关于2025年老旧小区改造计划的通知",
    "doc_number": "示住建〔2025〕12号",
    "written_on": date(2025, 9, 26),
    "statutory_category": "20-3",
    "genre": "notice",
    "body": "各街道：现将2025年老旧小区改造计划印发给你们，请认真组织实施。",
}


@pytest.fixture
def reviewed(agency, admin):
    """An item through secrecy review, waiting for approval: `reviewed(agency=..., attachments=
    [(name, bytes)], **item fields)`."""

    def make(*, agency=agency, attachments=(), **fields):
        item = s.item_create(agency=agency, actor=admin, **(DEFAULTS | fields))
        for name, data in attachments:
            s.attachment_add(item=item, actor=admin, data=data, name=name)
        s.item_submit(item=item, actor=admin)
        for finding in item.findings.all():
            s.finding_mask(finding=finding, actor=admin)
        return s.item_secrecy_review(item=item, actor=admin, passed=True)

    return make


@pytest.fixture
def published(reviewed, admin):
    """A published item: `published(published_on=date(...), **as for reviewed)`."""

    def make(*, published_on=date(2025, 10, 9), **fields):
        item = reviewed(**fields)
        return s.item_approve(item=item, actor=admin, published_on=published_on)

    return make
