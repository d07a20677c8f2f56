"""The catalogue workflow: drafts, the privacy guard, reviews, publication with index numbers,
policy documents with their interpretation, and what comes after publication."""

import io
import multiprocessing
from datetime import date

import pytest
from django.db import connections
from docx import Document

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.audit.models import AuditRecord
from gongkai.catalogue import services as s
from gongkai.catalogue.models import Item

D = date.fromisoformat
TODAY = D("2025-10-09")


def test_a_draft_is_created_by_the_departments_clerk(draft):
    item = draft()
    assert (item.status, item.index_number, item.issuing_agency) == (
        "draft",
        "",
        "示范区住房和城乡建设局",
    )


def test_a_clerk_of_another_department_cannot_edit(draft, agency):
    from gongkai.accounts.tests.factories import DepartmentFactory

    outsider = UserFactory()
    role_grant(user=outsider, role=Role.CLERK, department=DepartmentFactory(agency=agency))
    with pytest.raises(
        s.PermissionDenied, match="只有本科室经办人或本机关审核人、公开办可以编辑该条目"
    ):
        s.item_update(item=draft(), actor=outsider, title="改标题")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": " "}, "标题不能为空"),
        ({"statutory_category": "20-99"}, "请选择第二十条类别"),
        ({"attribute": "withheld"}, "不予公开的条目须写明法律依据（第十四条至第十六条）"),
        ({"written_on": D("2099-01-01")}, "成文日期不能晚于今天"),
    ],
)
def test_bad_drafts_are_refused(draft, fields, message):
    with pytest.raises(s.CatalogueError) as raised:
        draft(**fields)
    assert (str(raised.value), Item.objects.count()) == (message, 0)


def test_submission_scans_for_personal_data(draft, clerk):
    item = draft(body="联系人：王小明，联系电话13800138000。")
    s.item_submit(item=item, actor=clerk)
    assert sorted(item.findings.values_list("kind", "masked")) == [
        ("mobile", "138****8000"),
        ("name", "王**"),
    ]


def test_secrecy_review_cannot_pass_with_open_findings(draft, clerk, reviewer):
    item = draft(body="联系电话13800138000。")
    s.item_submit(item=item, actor=clerk)
    with pytest.raises(s.CatalogueError, match="还有 1 处个人信息未去标识化或说明保留理由"):
        s.item_secrecy_review(item=item, actor=reviewer, passed=True)


def test_one_click_masking_changes_the_text_and_is_audited(draft, clerk, reviewer):
    item = draft(body="联系电话13800138000。")
    s.item_submit(item=item, actor=clerk)
    s.finding_mask(finding=item.findings.get(), actor=reviewer)
    item.refresh_from_db()
    assert (item.body, AuditRecord.objects.filter(action="catalogue.finding_mask").count()) == (
        "联系电话138****8000。",
        1,
    )


def test_a_justified_finding_keeps_the_text(draft, clerk, reviewer):
    item = draft(body="当事人：王小明，因违法建设被处以罚款。")
    s.item_submit(item=item, actor=clerk)
    s.finding_justify(finding=item.findings.get(), actor=reviewer, reason="行政处罚决定依法公示")
    s.item_secrecy_review(item=item, actor=reviewer, passed=True)
    item.refresh_from_db()
    assert (item.status, "王小明" in item.body) == ("approval", True)


def test_approval_publishes_with_the_first_index_number_of_the_year(approved, reviewer):
    item = s.item_approve(item=approved(), actor=reviewer, published_on=TODAY)
    assert (item.status, item.index_number, item.published_on, len(item.content_hash)) == (
        "published",
        "114410025/2025-00001",
        TODAY,
        64,
    )


def test_index_numbers_are_consecutive_and_restart_each_year(approved, reviewer):
    numbers = [
        s.item_approve(
            item=approved(written_on=D("2024-12-02")), actor=reviewer, published_on=day
        ).index_number
        for day in (D("2024-12-30"), D("2025-01-02"), D("2025-01-03"))
    ]
    assert numbers == ["114410025/2024-00001", "114410025/2025-00001", "114410025/2025-00002"]


def test_nothing_is_published_without_secrecy_review(draft, clerk, reviewer):
    item = draft()
    s.item_submit(item=item, actor=clerk)
    with pytest.raises(s.CatalogueError, match="不在审批阶段"):
        s.item_approve(item=item, actor=reviewer)


def test_a_clerk_cannot_approve(approved, clerk):
    with pytest.raises(
        s.PermissionDenied, match="只有示范区住房和城乡建设局的审核人可以审查、审批该条目"
    ):
        s.item_approve(item=approved(), actor=clerk)


def test_one_open_workflow_per_item_is_held_by_the_database(draft, clerk):
    from django.db import IntegrityError, transaction

    from gongkai.catalogue.models import Workflow

    item = draft()
    s.item_submit(item=item, actor=clerk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Workflow.objects.create(item=item, purpose="publish")


def test_a_policy_document_needs_its_interpretation(approved, reviewer):
    policy = approved(genre="normative_document", is_policy=True)
    with pytest.raises(s.CatalogueError, match="政策文件须有政策解读（谁起草谁解读）"):
        s.item_approve(item=policy, actor=reviewer)


def test_policy_and_interpretation_go_out_together_linked_both_ways(approved, reviewer):
    policy = approved(genre="normative_document", is_policy=True, title="示范区住房租赁管理办法")
    interpretation = approved(
        genre="interpretation", interprets=policy, title="《示范区住房租赁管理办法》政策解读"
    )
    s.item_approve(item=policy, actor=reviewer, published_on=TODAY)
    interpretation.refresh_from_db()
    policy.refresh_from_db()
    assert (
        policy.status,
        interpretation.status,
        policy.interpretation == interpretation,
        interpretation.interprets == policy,
        interpretation.index_number,
    ) == ("published", "published", True, True, "114410025/2025-00002")


def test_an_interpretation_is_not_published_alone(approved, reviewer):
    policy = approved(genre="normative_document", is_policy=True)
    interpretation = approved(genre="interpretation", interprets=policy)
    with pytest.raises(s.CatalogueError, match="政策解读随所解读的政策文件一并发布"):
        s.item_approve(item=interpretation, actor=reviewer)


def test_batch_approval_reports_each_refusal_and_publishes_the_rest(
    approved, draft, clerk, reviewer
):
    ready = [approved(), approved()]
    policy = approved(genre="normative_document", is_policy=True)
    results = s.item_batch_approve(items=[*ready, policy], actor=reviewer)
    assert [results[i.pk] for i in (*ready, policy)] == [
        "",
        "",
        "政策文件须有政策解读（谁起草谁解读），请先起草并送审解读材料",
    ]


def test_repeal_links_the_repealing_item_and_changes_the_hash(approved, reviewer):
    old = s.item_approve(item=approved(genre="normative_document"), actor=reviewer)
    new = s.item_approve(item=approved(genre="normative_document"), actor=reviewer)
    before = old.content_hash
    s.item_change_validity(item=old, actor=reviewer, validity="repealed", on=TODAY, by=new)
    assert (
        old.validity,
        old.repealed_by == new,
        old.content_hash != before,
        list(new.repeals.all()) == [old],
    ) == ("repealed", True, True, True)


def test_withdrawal_is_recorded_with_its_reason(approved, reviewer):
    item = s.item_approve(item=approved(), actor=reviewer)
    s.item_withdraw(item=item, actor=reviewer, reason="误发，内容有误")
    record = AuditRecord.objects.get(action="catalogue.item_withdraw")
    assert (item.status, record.after["reason"]) == ("withdrawn", "误发，内容有误")


def test_attachment_text_is_extracted_and_scanned(draft, clerk):
    document = Document()
    document.add_paragraph("附件：联系人李四，手机13912345678")
    buffer = io.BytesIO()
    document.save(buffer)
    item = draft()
    attachment = s.attachment_add(item=item, actor=clerk, data=buffer.getvalue(), name="附件.docx")
    attachment = s.attachment_extract(attachment_id=attachment.pk)  # the task worker's part
    s.item_submit(item=item, actor=clerk)
    assert (
        "13912345678" in attachment.text,
        sorted(item.findings.values_list("field", "kind")),
    ) == (True, [("attachment", "mobile"), ("attachment", "name")])


def test_attachment_findings_cannot_be_masked_in_place(draft, clerk, reviewer):
    document = Document()
    document.add_paragraph("手机13912345678")
    buffer = io.BytesIO()
    document.save(buffer)
    item = draft()
    attachment = s.attachment_add(item=item, actor=clerk, data=buffer.getvalue(), name="附件.docx")
    s.attachment_extract(attachment_id=attachment.pk)
    s.item_submit(item=item, actor=clerk)
    with pytest.raises(s.CatalogueError, match="附件中的个人信息须替换为去标识化后的附件"):
        s.finding_mask(finding=item.findings.get(), actor=reviewer)


# -- index numbers under concurrent processes ------------------------------------------------

PROCESSES = 4
ITEMS_EACH = 5


def _publish_in_child(item_ids, reviewer_id, barrier, errors):
    connections.close_all()  # the child opens its own connection to the same test database
    from gongkai.accounts.models import User

    reviewer = User.objects.get(pk=reviewer_id)
    barrier.wait()
    for pk in item_ids:
        try:
            s.item_approve(item=Item.objects.get(pk=pk), actor=reviewer, published_on=TODAY)
        except Exception as error:  # noqa: BLE001 - reported to the parent
            errors.put(repr(error))
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_index_numbers_stay_gapless_and_unique_under_concurrent_processes(
    agency, department, clerk, reviewer, approved
):
    items = [approved().pk for _ in range(PROCESSES * ITEMS_EACH)]
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(PROCESSES)
    errors = context.Queue()
    connections.close_all()
    children = [
        context.Process(
            target=_publish_in_child, args=(items[n::PROCESSES], reviewer.pk, barrier, errors)
        )
        for n in range(PROCESSES)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
    problems = []
    while not errors.empty():
        problems.append(errors.get())
    serials = sorted(Item.objects.filter(pk__in=items).values_list("index_serial", flat=True))
    assert (problems, [c.exitcode for c in children], serials) == (
        [],
        [0] * PROCESSES,
        list(range(1, PROCESSES * ITEMS_EACH + 1)),
    )


def test_where_the_agency_separates_duties_the_secrecy_reviewer_cannot_approve(
    approved, reviewer, agency
):
    agency.separate_review_approval = True
    agency.save()
    item = approved()
    with pytest.raises(s.CatalogueError) as refused:
        s.item_approve(item=item, actor=reviewer, published_on=TODAY)
    item.refresh_from_db()
    assert (str(refused.value), item.status) == (
        f"本机关规定保密审查与审批由不同人员办理：“{item.title}”的保密审查由您完成，"
        "请由另一位审核人审批",
        "approval",
    )


def test_where_the_agency_separates_duties_another_reviewer_approves(approved, agency):
    agency.separate_review_approval = True
    agency.save()
    leader = UserFactory(username="fenguan", display_name="分管领导")
    role_grant(user=leader, role=Role.REVIEWER, agency=agency)
    item = s.item_approve(item=approved(), actor=leader, published_on=TODAY)
    assert item.status == "published"
