"""The identity proof of an online application within the file limits: judged by content,
refused in Chinese when too large (even far too large) or an image bomb, and stored under a
generated name with the extension of what it really is."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.tests import bombs
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.tests.test_views import apply_data, png_bytes

MB = 1024 * 1024


def test_a_proof_named_shell_php_is_stored_under_a_generated_png_name(client, agency):
    upload = SimpleUploadedFile("shell.php", png_bytes(), content_type="application/x-php")
    client.post("/apply/", apply_data(agency, id_proof=upload))
    stored = InfoRequest.objects.get().id_proof.name
    assert bool(re.fullmatch(r"id_proofs/\d{4}/[0-9a-f]{32}\.png", stored)) is True


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("id.pdf", b"%PDF-" + bytes(10 * MB), "application/pdf"),
            "文件过大（10.0 MB），不能超过 5 MB",
        ),
        (
            SimpleUploadedFile("id.pdf", b"%PDF-" + bytes(30 * MB), "application/pdf"),
            "文件过大（30.0 MB），不能超过 5 MB",
        ),
        (
            SimpleUploadedFile("id.png", bombs.png_bomb(), "image/png"),
            "图片为 100000×100000 像素，超过上限 5,000 万像素",
        ),
        (
            SimpleUploadedFile("id.jpg", bombs.jpeg_bomb(), "image/jpeg"),
            "图片为 65000×65000 像素，超过上限 5,000 万像素",
        ),
    ],
)
def test_an_oversized_or_bomb_proof_is_refused_in_chinese_and_creates_nothing(
    client, agency, upload, message
):
    response = client.post("/apply/", apply_data(agency, id_proof=upload))
    assert (
        response.status_code,
        message in response.content.decode(),
        InfoRequest.objects.count(),
    ) == (400, True, 0)
