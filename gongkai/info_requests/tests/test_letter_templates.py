"""Letter templates exist as records from the start (seeded by `gongkai migrate`), with the
built-in wording, so an administrator sees and edits them in the admin."""

import lxml.html
import pytest
from django.core.management import call_command

from gongkai.audit.models import AuditRecord
from gongkai.info_requests import letters
from gongkai.info_requests.models import LetterTemplate
from gongkai.info_requests.services import letter_templates_seed

pytestmark = pytest.mark.django_db


def rows() -> dict:
    return {
        (t.kind, t.outcome): (t.title, t.number_prefix, t.body)
        for t in LetterTemplate.objects.all()
    }


def test_migrate_leaves_every_built_in_template_as_a_record(db):
    # The test database was made by `migrate`, which seeds them.
    assert rows() == letters.DEFAULTS


def test_seeding_again_changes_nothing_and_keeps_an_edit(db):
    LetterTemplate.objects.filter(kind="fee").update(title="信息处理费缴费通知书")
    audit_count = AuditRecord.objects.count()
    created = letter_templates_seed()
    call_command("migrate", verbosity=0)
    assert (created, rows()[("fee", "")][0], AuditRecord.objects.count()) == (
        [],
        "信息处理费缴费通知书",
        audit_count,
    )


def test_a_deleted_template_is_restored_with_an_audit_record(db):
    LetterTemplate.objects.filter(kind="extension").delete()
    created = letter_templates_seed()
    record = AuditRecord.objects.order_by("-seq").first()
    assert (created, rows()[("extension", "")], record.action) == (
        ["extension"],
        letters.DEFAULTS[("extension", "")],
        "info_requests.letter_templates_seed",
    )


def test_the_admin_lists_the_templates(admin_client):
    response = admin_client.get("/admin/info_requests/lettertemplate/")
    titles = lxml.html.fromstring(response.content.decode()).xpath(
        '//td[@class="field-title"]/text()'
    )
    assert sorted(titles) == sorted(title for title, _, _ in letters.DEFAULTS.values())
