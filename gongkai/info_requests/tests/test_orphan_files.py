"""Uploads a rolled-back or killed registration leaves behind: never kept on disk with no case
to answer for them (bench/faults.py found identity proofs left so after kill -9)."""

import os
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.core.services import orphan_files_remove
from gongkai.info_requests import services
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.services import Applicant, request_register
from gongkai.info_requests.tests.test_views import png_bytes, valid_id

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def stored_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def register(agency):
    return request_register(
        agency=agency,
        actor=None,
        applicant=Applicant(
            type="natural_person",
            name="王小明",
            phone="13800138000",
            id_document_type="居民身份证",
            id_document_number=valid_id(),
        ),
        channel="online",
        description="2025年老旧小区改造项目清单",
        confirmed_on=timezone.localdate(),
        source="portal",
        id_proof=SimpleUploadedFile("id.png", png_bytes(), content_type="image/png"),
    )


def test_a_registration_that_fails_after_storing_the_proof_leaves_no_file(
    agency, tmp_path, monkeypatch
):
    def fail(**kwargs):
        raise RuntimeError("the audit write failed")

    monkeypatch.setattr(services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        register(agency)
    assert (InfoRequest.objects.count(), stored_files(tmp_path)) == (0, [])


def test_the_sweep_removes_old_unreferenced_files_and_keeps_the_rest(tmp_path):
    folder = tmp_path / "id_proofs" / "2026"
    folder.mkdir(parents=True)
    old, kept, young = folder / "old.png", folder / "kept.png", folder / "young.png"
    for path in (old, kept, young):
        path.write_bytes(b"x")
    day_ago = time.time() - 24 * 3600
    os.utime(old, (day_ago, day_ago))
    os.utime(kept, (day_ago, day_ago))
    removed = orphan_files_remove(
        folder="id_proofs", referenced={"id_proofs/2026/kept.png"}, older_than=timedelta(hours=6)
    )
    assert (removed, stored_files(tmp_path)) == (
        1,
        ["id_proofs/2026/kept.png", "id_proofs/2026/young.png"],
    )
