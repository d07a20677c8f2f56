"""The audit trail is append-only and every edit, deletion or reordering made directly in the
database is reported by `gongkai audit verify`."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gongkai.accounts.services import OrganisationError, agency_create
from gongkai.audit.models import AuditRecord, AuditTrailIsAppendOnly
from gongkai.audit.selectors import audit_verify
from gongkai.audit.services import Target, audit_record


@pytest.fixture
def trail(db):
    """Five records after the seeded calendar's own."""
    for i in range(5):
        audit_record(
            actor=None,
            action="test.write",
            target=Target("test.thing", str(i), f"第{i}件"),
            before={"n": i},
            after={"n": i + 1, "名称": "中文内容"},
        )
    return AuditRecord.objects.order_by("seq")


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def last_seq():
    return AuditRecord.objects.order_by("-seq").values_list("seq", flat=True).first()


def test_an_untouched_trail_verifies(trail):
    report = audit_verify()
    assert (report.ok, report.checked, report.head_seq) == (True, last_seq(), last_seq())


def test_records_link_to_their_predecessor(trail):
    records = list(trail)
    assert all(b.prev_hash == a.hash for a, b in zip(records, records[1:], strict=False))


def test_editing_a_record_in_the_database_is_reported(trail):
    seq = last_seq() - 2
    raw("UPDATE audit_auditrecord SET after = %s WHERE seq = %s", ['{"n": 99}', seq])
    assert audit_verify().problems == [f"第 {seq} 条记录的内容与其哈希不符（记录被修改）"]


def test_editing_the_actor_label_is_reported(trail):
    seq = last_seq()
    raw("UPDATE audit_auditrecord SET actor_label = %s WHERE seq = %s", ["他人", seq])
    assert audit_verify().problems == [f"第 {seq} 条记录的内容与其哈希不符（记录被修改）"]


def test_deleting_a_record_in_the_middle_is_reported(trail):
    seq = last_seq() - 2
    raw("DELETE FROM audit_auditrecord WHERE seq = %s", [seq])
    assert audit_verify().problems == [
        f"序号 {seq} 的记录缺失（被删除）",
        f"第 {seq + 1} 条记录的前序哈希与上一条不符（记录被删除、插入或重排）",
    ]


def test_deleting_the_last_record_is_reported(trail):
    seq = last_seq()
    raw("DELETE FROM audit_auditrecord WHERE seq = %s", [seq])
    assert audit_verify().problems == [
        f"链头记录为第 {seq} 条，但日志最后一条为第 {seq - 1} 条（末尾记录被删除或链头被改动）"
    ]


def test_swapping_two_records_sequence_numbers_is_reported(trail):
    a, b = last_seq() - 3, last_seq() - 2
    raw("UPDATE audit_auditrecord SET seq = 999999999 WHERE seq = %s", [a])
    raw("UPDATE audit_auditrecord SET seq = %s WHERE seq = %s", [a, b])
    raw("UPDATE audit_auditrecord SET seq = %s WHERE seq = 999999999", [b])
    problems = audit_verify().problems
    assert problems == [
        f"第 {a} 条记录的前序哈希与上一条不符（记录被删除、插入或重排）",
        f"第 {a} 条记录的内容与其哈希不符（记录被修改）",
        f"第 {b} 条记录的前序哈希与上一条不符（记录被删除、插入或重排）",
        f"第 {b} 条记录的内容与其哈希不符（记录被修改）",
        f"第 {b + 1} 条记录的前序哈希与上一条不符（记录被删除、插入或重排）",
    ]


def test_truncating_the_tail_and_rewriting_the_head_is_caught_by_the_outside_head(trail):
    kept_head = audit_verify().head_hash
    seq = last_seq()
    raw("DELETE FROM audit_auditrecord WHERE seq = %s", [seq])
    previous = AuditRecord.objects.get(seq=seq - 1)
    raw("UPDATE audit_audithead SET seq = %s, hash = %s", [seq - 1, previous.hash])
    assert audit_verify(expected_head_hash=kept_head).problems == [
        "日志链尾哈希与外部保存的链头哈希不符"
    ]


def test_the_application_cannot_update_a_record(trail):
    record = trail.first()
    record.action = "changed"
    with pytest.raises(AuditTrailIsAppendOnly):
        record.save()


def test_the_application_cannot_delete_a_record(trail):
    with pytest.raises(AuditTrailIsAppendOnly):
        trail.first().delete()


def test_the_application_cannot_bulk_update_or_delete(trail):
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditRecord.objects.all().update(action="x")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditRecord.objects.all().delete()


def test_a_failed_service_write_leaves_no_audit_record(db):
    agency_create(code="114410025", name="示范区住房和城乡建设局")
    count = AuditRecord.objects.count()
    with pytest.raises(OrganisationError):
        agency_create(code="114410025", name="重复的局")
    assert AuditRecord.objects.count() == count


def test_verify_command_reports_tampering_and_fails(trail, capsys):
    seq = last_seq()
    raw("UPDATE audit_auditrecord SET action = %s WHERE seq = %s", ["x", seq])
    with pytest.raises(CommandError, match=f"审计日志校验失败：共检查 {seq} 条记录，发现 1 处问题"):
        call_command("audit", "verify")
    assert capsys.readouterr().err.strip() == f"第 {seq} 条记录的内容与其哈希不符（记录被修改）"


def test_verify_command_prints_the_head_hash(trail, capsys):
    call_command("audit", "verify")
    head = AuditRecord.objects.get(seq=last_seq()).hash
    assert capsys.readouterr().out.strip() == (
        f"审计日志完整：共 {last_seq()} 条记录，链头第 {last_seq()} 条，哈希 {head}"
    )
