"""The audit head is anchored outside the database (each night and at every backup), so a
database attacker who truncates the trail's tail and rewrites the head row is caught by
`gongkai audit verify` without the operator keeping anything by hand."""

import json

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from gongkai.audit.anchors import GENESIS_DIGEST, append_anchor, parse_anchors, read_anchors
from gongkai.audit.models import AuditHead, AuditRecord, AuditVerification
from gongkai.audit.selectors import audit_verify
from gongkai.audit.services import AuditAnchorRefused, Target, audit_anchor_write, audit_record
from gongkai.audit.tasks import audit_verify_and_record

HASH_A = "a" * 64
HASH_B = "b" * 64
HASH_C = "c" * 64


def write(path, *heads):
    for seq, digest in heads:
        append_anchor(path, seq=seq, hash=digest, at="2026-12-03T02:30:00+00:00")
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def trail(db):
    for i in range(5):
        audit_record(actor=None, action="test.write", target=Target("test.thing", str(i), "件"))
    return AuditRecord.objects.order_by("seq")


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def last_seq():
    return AuditRecord.objects.order_by("-seq").values_list("seq", flat=True).first()


def truncate_tail_and_rewrite_head(count=1):
    """The attack: delete the last records and make the head row point at what is left."""
    seq = last_seq()
    raw("DELETE FROM audit_auditrecord WHERE seq > %s", [seq - count])
    kept = AuditRecord.objects.get(seq=seq - count)
    raw("UPDATE audit_audithead SET seq = %s, hash = %s", [kept.seq, kept.hash])
    return seq


# --- The anchors file ---------------------------------------------------------------------------


def test_anchors_link_each_line_to_the_one_before(tmp_path):
    lines = write(tmp_path / "a.jsonl", (10, HASH_A), (12, HASH_B))
    first, second = (json.loads(line) for line in lines)
    assert (first["prev"], second["prev"]) == (GENESIS_DIGEST, first["digest"])


def test_an_untouched_anchors_file_reads_without_problems(tmp_path):
    path = tmp_path / "a.jsonl"
    write(path, (10, HASH_A), (12, HASH_B), (15, HASH_C))
    anchors = read_anchors(path)
    assert ([a.seq for a in anchors.anchors], anchors.problems) == ([10, 12, 15], [])


def test_the_same_head_is_not_anchored_twice(tmp_path):
    assert len(write(tmp_path / "a.jsonl", (10, HASH_A), (10, HASH_A))) == 1


def test_editing_a_middle_line_is_detected(tmp_path):
    lines = write(tmp_path / "a.jsonl", (10, HASH_A), (12, HASH_B), (15, HASH_C))
    lines[1] = lines[1].replace(HASH_B, HASH_C)
    assert parse_anchors("\n".join(lines)).problems == [
        "锚点文件第 2 行的内容与其摘要不符（锚点被修改）"
    ]


def test_editing_a_middle_line_and_its_digest_is_detected_by_the_next_line(tmp_path):
    lines = write(tmp_path / "a.jsonl", (10, HASH_A), (12, HASH_B), (15, HASH_C))
    forged = write(tmp_path / "forged.jsonl", (10, HASH_A), (12, HASH_C))[1]
    lines[1] = forged
    assert parse_anchors("\n".join(lines)).problems == [
        "锚点文件第 3 行与上一行不衔接（锚点被删除、插入或修改）"
    ]


def test_deleting_a_middle_line_is_detected(tmp_path):
    lines = write(tmp_path / "a.jsonl", (10, HASH_A), (12, HASH_B), (15, HASH_C))
    del lines[1]
    assert parse_anchors("\n".join(lines)).problems == [
        "锚点文件第 2 行与上一行不衔接（锚点被删除、插入或修改）"
    ]


def test_a_damaged_line_is_reported(tmp_path):
    assert parse_anchors('{"seq": 3}\n').problems == ["锚点文件第 1 行格式错误"]


# --- The attack of issue 14, on whichever database the suite runs ---------------------------


def test_truncating_the_tail_and_rewriting_the_head_is_caught_by_the_nightly_anchor(trail):
    audit_verify_and_record()  # the nightly job: verifies, then anchors the head
    seq = truncate_tail_and_rewrite_head()
    assert audit_verify().problems == [
        f"外部锚点记录的链头为第 {seq} 条，但日志只到第 {seq - 1} 条（末尾记录被删除，链头被改写）"
    ]


def test_the_verify_command_fails_on_the_truncated_tail(trail, capsys):
    audit_verify_and_record()
    seq = truncate_tail_and_rewrite_head(count=2)
    failed = f"审计日志校验失败：共检查 {seq - 2} 条记录，发现 1 处问题"
    with pytest.raises(CommandError, match=failed):
        call_command("audit", "verify")
    assert capsys.readouterr().err.strip() == (
        f"外部锚点记录的链头为第 {seq} 条，但日志只到第 {seq - 2} 条（末尾记录被删除，链头被改写）"
    )


def test_a_truncated_tail_refilled_with_new_records_is_caught(trail):
    audit_verify_and_record()
    seq = truncate_tail_and_rewrite_head()
    audit_record(actor=None, action="test.forged", target=Target("test.thing", "x", "伪造"))
    assert audit_verify().problems == [f"第 {seq} 条记录的哈希与外部锚点记录的不符（记录被改写）"]


def test_the_verify_command_names_the_anchor_it_checked(trail, capsys):
    audit_verify_and_record()
    call_command("audit", "verify")
    out = capsys.readouterr().out.splitlines()
    assert out[1] == (
        f"已对照数据库之外的链头锚点（{settings.GONGKAI_AUDIT_ANCHOR_FILE}，最近一次为第 "
        f"{last_seq()} 条）"
    )


def test_the_nightly_job_anchors_the_verified_head(trail):
    audit_verify_and_record()
    head = AuditHead.objects.get()
    anchor = read_anchors(settings.GONGKAI_AUDIT_ANCHOR_FILE).latest
    assert (anchor.seq, anchor.hash) == (head.seq, head.hash)


def test_a_tampered_chain_is_not_anchored_and_the_administrators_are_told(trail, settings):
    settings.ADMINS = [("管理员", "admin@example.org")]
    raw("UPDATE audit_auditrecord SET action = %s WHERE seq = %s", ["x", last_seq()])
    result = audit_verify_and_record()
    assert (
        result.ok,
        read_anchors(settings.GONGKAI_AUDIT_ANCHOR_FILE).anchors,
        [m.subject for m in mail.outbox],
    ) == (False, [], ["审计日志校验未通过"])


def test_the_anchor_command_refuses_a_tampered_chain(trail):
    raw("UPDATE audit_auditrecord SET action = %s WHERE seq = %s", ["x", last_seq()])
    with pytest.raises(CommandError, match="审计日志校验未通过，未记录锚点"):
        call_command("audit", "anchor")


def test_an_anchor_for_a_head_not_in_the_chain_is_refused(trail):
    with pytest.raises(AuditAnchorRefused, match=f"日志中没有哈希为 {HASH_A} 的第 2 条记录"):
        audit_anchor_write(head=(2, HASH_A))


def test_a_tampered_anchors_file_fails_verification(trail):
    audit_anchor_write()
    path = settings.GONGKAI_AUDIT_ANCHOR_FILE
    path.write_text(path.read_text().replace('"seq":', '"seq":1', 1))
    forged = int(f"1{last_seq()}")
    assert audit_verify().problems == [
        "锚点文件第 1 行的内容与其摘要不符（锚点被修改）",
        f"外部锚点记录的链头为第 {forged} 条，但日志只到第 {last_seq()} 条"
        "（末尾记录被删除，链头被改写）",
    ]


def test_the_portal_lists_the_anchors(trail, client):
    anchor = audit_anchor_write()
    response = client.get("/audit/anchors.json", HTTP_HOST="localhost")
    assert (response.status_code, response.json()) == (200, {"anchors": [anchor.public()]})


def test_the_anchors_page_shows_no_anchor_on_a_new_installation(db, client):
    response = client.get("/audit/anchors.json", HTTP_HOST="localhost")
    assert response.json() == {"anchors": []}


def test_verifications_are_recorded(trail):
    audit_verify_and_record()
    assert AuditVerification.objects.get().ok is True
