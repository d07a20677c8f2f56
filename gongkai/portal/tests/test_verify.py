"""`gongkai verify-published`: what the portal serves, hashed again, against what was approved.
Tampering is done behind the application's back: raw SQL on the database, bytes on disk."""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gongkai.catalogue import services as s
from gongkai.cli import main
from gongkai.portal.tests.conftest import png


@pytest.fixture
def two_agencies(published, other_agency):
    plan = published(
        title="老旧小区改造计划",
        attachments=[("小区名单.png", png((1, 1, 1))), ("资金安排.png", png((2, 2, 2)))],
    )
    budget = published(agency=other_agency, title="2025年部门预算", published_on=date(2025, 10, 10))
    return plan, budget


def verify(*args) -> tuple[str, str]:
    """(stdout, error) of the command; error is '' when it succeeds."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("verify-published", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), ""


def test_untouched_items_verify(two_agencies):
    assert verify() == ("已核验 2 条已发布条目，全部与发布时审批的内容一致\n", "")


def test_a_body_changed_in_the_database_is_found(two_agencies):
    plan, _ = two_agencies
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalogue_item SET body = %s WHERE id = %s", ["各街道：计划取消。", plan.pk]
        )
    assert verify() == (
        "114410025/2025-00001：正文或元数据与发布时审批的内容不符（内容哈希不一致）\n"
        "已核验 2 条已发布条目，1 条与发布时审批的内容不一致\n",
        "核验未通过",
    )


def test_an_attachment_replaced_on_disk_is_found(two_agencies):
    plan, _ = two_agencies
    second = plan.attachments.order_by("pk")[1]
    Path(second.file.path).write_bytes(png((9, 9, 9)))
    assert verify() == (
        "114410025/2025-00001：附件“资金安排.png”的内容与登记的 SHA-256 不符\n"
        "已核验 2 条已发布条目，1 条与发布时审批的内容不一致\n",
        "核验未通过",
    )


def test_an_attachment_missing_on_disk_is_found(two_agencies):
    plan, _ = two_agencies
    Path(plan.attachments.order_by("pk")[0].file.path).unlink()
    assert verify() == (
        "114410025/2025-00001：附件“小区名单.png”无法下载（HTTP 404）\n"
        "已核验 2 条已发布条目，1 条与发布时审批的内容不一致\n",
        "核验未通过",
    )


def test_a_stored_hash_changed_in_the_database_is_found(two_agencies):
    _, budget = two_agencies
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalogue_item SET content_hash = %s WHERE id = %s", ["0" * 64, budget.pk]
        )
    assert verify() == (
        "114410049/2025-00001：存储的内容哈希与审计日志中审批时记录的不一致\n"
        "114410049/2025-00001：正文或元数据与发布时审批的内容不符（内容哈希不一致）\n"
        "已核验 2 条已发布条目，1 条与发布时审批的内容不一致\n",
        "核验未通过",
    )


def test_body_and_stored_hash_changed_together_are_caught_by_the_audit_trail(two_agencies):
    plan, _ = two_agencies
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalogue_item SET body = %s WHERE id = %s", ["各街道：计划取消。", plan.pk]
        )
    plan.refresh_from_db()
    forged = s.item_content_hash(plan)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalogue_item SET content_hash = %s WHERE id = %s", [forged, plan.pk]
        )
    assert verify() == (
        "114410025/2025-00001：存储的内容哈希与审计日志中审批时记录的不一致\n"
        "已核验 2 条已发布条目，1 条与发布时审批的内容不一致\n",
        "核验未通过",
    )


def test_agency_option_checks_only_that_agency(two_agencies):
    plan, _ = two_agencies
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalogue_item SET title = %s WHERE id = %s", ["改过的标题", plan.pk]
        )
    assert (verify("--agency", "114410049"), verify("--agency", "114410025")[1]) == (
        ("已核验 1 条已发布条目，全部与发布时审批的内容一致\n", ""),
        "核验未通过",
    )


def test_a_validity_change_is_approved_content_and_verifies(two_agencies, published, admin):
    plan, _ = two_agencies
    new = published(title="老旧小区改造计划（修订）", published_on=date(2025, 10, 11))
    s.item_change_validity(
        item=plan, actor=admin, validity="amended", on=date(2025, 10, 11), by=new
    )
    assert verify() == ("已核验 3 条已发布条目，全部与发布时审批的内容一致\n", "")


def test_withdrawn_items_are_not_checked(two_agencies, admin):
    plan, _ = two_agencies
    s.item_withdraw(item=plan, actor=admin, reason="发布有误，撤回更正")
    assert verify() == ("已核验 1 条已发布条目，全部与发布时审批的内容一致\n", "")


def test_an_unknown_agency_is_refused(db):
    assert verify("--agency", "000000000") == ("", "没有代码为 000000000 的机关")


def test_the_console_command_exits_non_zero_on_a_mismatch(two_agencies, capsys):
    plan, _ = two_agencies
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalogue_item SET body = %s WHERE id = %s", ["", plan.pk])
    with pytest.raises(SystemExit) as exit_:
        main(["gongkai", "verify-published"])
    captured = capsys.readouterr()
    assert (exit_.value.code, captured.out.splitlines()[0], captured.err) == (
        1,
        "114410025/2025-00001：正文或元数据与发布时审批的内容不符（内容哈希不一致）",
        "CommandError: 核验未通过\n",
    )
