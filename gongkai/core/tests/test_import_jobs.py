"""Imports uploaded in the workbench run as background jobs (core.ImportJob): the job's life,
its page, who may see it, and the all-or-nothing import it runs."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.catalogue.import_services import catalogue_import_job_run
from gongkai.catalogue.models import Item
from gongkai.catalogue.services import item_content_hash
from gongkai.core.models import ImportJob
from gongkai.info_requests.ledger_services import ledger_import_job_run
from gongkai.info_requests.models import InfoRequest

HEADER = (
    "编号,申请人类型,申请人,申请方式,收到日期,申请内容,补正告知日期,补正收到日期,"
    "第三方征求日期,第三方答复日期,延期,答复日期,办理结果,复议日期,复议结果,诉讼日期,"
    "诉讼类型,诉讼结果,收费金额\n"
)
GOOD = (
    HEADER
    + "2025-001,自然人,张三,信函,2025-09-26,某文件,,,,,,,,,,,,,\n"
    + "2025-002,商业企业,某公司,网络,2025-09-26,某文件,,,2025-10-09,2025-10-14,是,"
    + "2025-11-20,部分公开,2025-12-01,维持,,,,\n"
)
BAD = (
    HEADER
    + "2025-001,自然人,张三,信函,2025-09-26,某文件,,,,,,,,,,,,,\n"
    + "2025-002,外星人,李四,飞鸽,2025-09-26,某文件,,,,,,,,,,,,,\n"
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def office(agency):
    user = UserFactory(username="gongkaiban")
    role_grant(user=user, role=Role.DISCLOSURE_OFFICE, agency=agency)
    return user


def upload(client, office, text, name="台账.csv", url="/workbench/requests/import/"):
    client.force_login(office)
    response = client.post(url, {"file": SimpleUploadedFile(name, text.encode())})
    return response, ImportJob.objects.order_by("-pk").first()


def test_an_upload_stores_the_file_and_queues_the_job(client, office, agency):
    response, job = upload(client, office, GOOD)
    page = client.get(response["Location"])
    assert (
        response.status_code,
        response["Location"],
        job.status,
        job.kind,
        job.agency,
        job.filename,
        Path(job.file.path).read_text(encoding="utf-8"),
        InfoRequest.objects.count(),
        "排队中" in page.content.decode(),
        page["Refresh"],
    ) == (
        302,
        f"/workbench/requests/import/{job.pk}/",
        "queued",
        "ledger",
        agency,
        "台账.csv",
        GOOD,
        0,
        True,
        "2",
    )


def test_the_job_imports_and_its_page_shows_the_result(client, office):
    response, job = upload(client, office, GOOD)
    stored = Path(job.file.path)
    ledger_import_job_run(job.pk)
    job.refresh_from_db()
    page = client.get(response["Location"])
    text = page.content.decode()
    assert (
        job.status,
        job.rows_total,
        job.rows_imported,
        job.message,
        InfoRequest.objects.count(),
        stored.exists(),
        job.file.name,
        "已完成" in text,
        "已校验 2 行，已导入 2 行。" in text,
        "已导入 2 件申请（2025年 2 件），其中 1 件尚在办理" in text,
        page.has_header("Refresh"),
    ) == (
        "done",
        2,
        2,
        "已导入 2 件申请（2025年 2 件），其中 1 件尚在办理",
        2,
        False,
        "",
        True,
        True,
        True,
        False,
    )


def test_a_bad_file_fails_with_every_problem_by_row_and_column_and_imports_nothing(client, office):
    response, job = upload(client, office, BAD)
    ledger_import_job_run(job.pk)
    job.refresh_from_db()
    text = client.get(response["Location"]).content.decode()
    assert (
        job.status,
        job.problem_lines(),
        InfoRequest.objects.count(),
        "失败" in text,
        "未导入任何记录，请修改后重新导入：" in text,
        "第 3 行「申请人类型」：申请人类型无效：“外星人”" in text,
    ) == (
        "failed",
        [
            "第 3 行「申请人类型」：申请人类型无效：“外星人”，应为 自然人、商业企业、科研机构、"
            "社会公益组织、法律服务机构 或 其他",
            "第 3 行「申请方式」：申请方式无效：“飞鸽”，应为 当面、信函、网络、电子邮件 或 传真",
        ],
        0,
        True,
        True,
        True,
    )


def test_a_number_taken_meanwhile_fails_the_job_and_imports_nothing(client, office, agency):
    _, first = upload(client, office, GOOD)
    _, second = upload(client, office, GOOD)
    ledger_import_job_run(first.pk)
    ledger_import_job_run(second.pk)
    second.refresh_from_db()
    assert (second.status, second.problem_lines()[0], InfoRequest.objects.count()) == (
        "failed",
        "第 2 行「编号」：编号 2025-001 已存在于示范区住房和城乡建设局的申请中",
        2,
    )


def test_a_job_runs_once(client, office):
    _, job = upload(client, office, GOOD)
    ledger_import_job_run(job.pk)
    assert (ledger_import_job_run(job.pk), InfoRequest.objects.count()) == (None, 2)


def test_the_actor_who_lost_the_role_gets_a_refusal_and_nothing_is_imported(client, office):
    _, job = upload(client, office, GOOD)
    office.roles.all().delete()
    ledger_import_job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.message, InfoRequest.objects.count()) == (
        "failed",
        "只有示范区住房和城乡建设局的政府信息公开工作机构可以办理该申请",
        0,
    )


def test_another_agencys_office_cannot_see_the_job(client, office, other_agency):
    response, _ = upload(client, office, GOOD)
    stranger = UserFactory(username="caizhengju")
    role_grant(user=stranger, role=Role.DISCLOSURE_OFFICE, agency=other_agency)
    client.force_login(stranger)
    page = client.get(response["Location"])
    assert (page.status_code, "页面不存在" in page.content.decode()) == (404, True)


def test_a_clerk_of_the_agency_cannot_see_the_job(client, office, department):
    response, _ = upload(client, office, GOOD)
    clerk = UserFactory(username="jingban")
    role_grant(user=clerk, role=Role.CLERK, department=department)
    client.force_login(clerk)
    assert client.get(response["Location"]).status_code == 404


def test_a_file_of_another_type_is_refused_at_once(client, office):
    response, job = upload(client, office, "x", name="台账.pdf")
    assert (
        response.status_code,
        "不支持的文件类型：“台账.pdf”，请上传 .csv 或 .xlsx 文件" in response.content.decode(),
        job,
    ) == (400, True, None)


def test_the_upload_page_lists_recent_jobs(client, office):
    upload(client, office, GOOD)
    text = client.get("/workbench/requests/import/").content.decode()
    assert ("最近的导入" in text, "台账.csv" in text, "排队中" in text) == (True, True, True)


CATALOGUE = (
    "索引号,标题,文号,发布机构,成文日期,发布日期,主题分类,第二十条类别,体裁,关键词,有效性,"
    "内容概述,正文\n"
    ",关于印发老旧小区改造实施方案的通知,示住建〔2019〕12号,,2019-03-01,2019-03-08,"
    "城乡建设、环境保护,20-1,行政规范性文件,老旧小区,现行有效,印发方案。,正文。\n"
)


def test_a_catalogue_job_imports_and_numbers_its_items(client, office):
    response, job = upload(
        client, office, CATALOGUE, name="目录.csv", url="/workbench/catalogue/import/"
    )
    catalogue_import_job_run(job.pk)
    job.refresh_from_db()
    text = client.get(response["Location"]).content.decode()
    assert (
        response["Location"],
        job.status,
        job.message,
        list(Item.objects.values_list("index_number", "subject__name")),
        "已完成" in text,
    ) == (
        f"/workbench/catalogue/import/{job.pk}/",
        "done",
        "已向示范区住房和城乡建设局导入 1 条公开条目（2019年 1 条），"
        "其中 1 条按本机关格式编制了索引号",
        [("114410025/2019-00001", "城乡建设、环境保护")],
        True,
    )


# -- the final step checks again what a concurrent writer may have changed -------------------


def test_a_number_registered_during_the_import_fails_it_in_the_final_step(agency, office):
    from gongkai.info_requests.ledger import LedgerError
    from gongkai.info_requests.ledger_services import ledger_import
    from gongkai.info_requests.services import Applicant, request_register

    def register_meanwhile(phase, done, total):
        if phase == "checked":
            request_register(
                agency=agency,
                actor=office,
                applicant=Applicant(type="natural_person", name="王五", phone="13800138000"),
                channel="in_person",
                description="某文件",
                submitted_on=date(2025, 9, 26),
            )

    text = HEADER + "114410025-2025-00001,自然人,张三,信函,2025-09-26,某文件,,,,,,,,,,,,,\n"
    with pytest.raises(LedgerError) as caught:
        ledger_import(
            agency=agency, data=text.encode(), filename="台账.csv", progress=register_meanwhile
        )
    assert (caught.value.problems, InfoRequest.objects.count()) == (
        [(2, "编号", "编号 114410025-2025-00001 已存在于示范区住房和城乡建设局的申请中")],
        1,
    )


def test_a_serial_published_during_the_import_moves_its_numbers_on(agency):
    from gongkai.catalogue.import_services import catalogue_import
    from gongkai.core.services import reserve_serials

    def publish_meanwhile(phase, done, total):
        if phase == "checked":
            reserve_serials(agency, 2019, "index", 1)

    catalogue_import(
        agency=agency, data=CATALOGUE.encode(), filename="目录.csv", progress=publish_meanwhile
    )
    item = Item.objects.get()
    assert (item.index_number, item.index_serial, item.content_hash) == (
        "114410025/2019-00002",
        2,
        item_content_hash(item),
    )
