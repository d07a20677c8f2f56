"""The command line exactly as docs/interfaces.md says, run as a user runs it: the
installed `gongkai` command in a fresh process against its own SQLite file."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

GONGKAI = Path(sys.executable).with_name("gongkai")


def run(db_url, *args, env_extra=None):
    env = os.environ | {"GONGKAI_DATABASE_URL": db_url} | (env_extra or {})
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [str(GONGKAI), *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "gongkai.db"
    url = f"sqlite:///{path}"
    result = run(url, "migrate")
    assert result.returncode == 0, result.stderr
    return url, path


def counts(path):
    with sqlite3.connect(path) as db:
        return tuple(
            db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in ("accounts_agency", "audit_auditrecord", "workdays_officialday")
        )


def test_migrate_seeds_the_calendar_and_the_letter_templates_and_says_so(tmp_path):
    result = run(f"sqlite:///{tmp_path / 'fresh.db'}", "migrate")
    assert (result.returncode, result.stdout.strip().splitlines()[-2:]) == (
        0,
        ["已载入 2004–2026 年法定节假日安排（共 23 年）。", "已载入内置文书模板 5 种。"],
    )


def test_migrate_is_idempotent(migrated):
    url, path = migrated
    before = counts(path)
    result = run(url, "migrate")
    assert (result.returncode, counts(path)) == (0, before)


def test_python_dash_m_gongkai_is_the_same_command(migrated):
    url, _ = migrated
    env = os.environ | {"GONGKAI_DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "workdays", "add", "2025-09-26", "20"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "2025-10-30\n")


@pytest.mark.parametrize(
    ("args", "stdout"),
    [
        (("workdays", "add", "2025-09-26", "20"), "2025-10-30\n"),
        (("workdays", "add", "2025-01-20", "20"), "2025-02-21\n"),
        (("workdays", "add", "2024-12-31", "7"), "2025-01-10\n"),
        (("workdays", "add", "2026-02-06", "40"), "2026-04-10\n"),
        (("workdays", "add", "2025-10-03", "0"), "2025-10-03\n"),
        (("workdays", "between", "2025-09-26", "2025-10-30"), "20\n"),
        (("workdays", "between", "2025-09-30", "2025-10-08"), "0\n"),
        (("workdays", "between", "2025-10-30", "2025-09-26"), "-20\n"),
    ],
)
def test_workdays_commands_print_the_result_alone(migrated, args, stdout):
    url, _ = migrated
    result = run(url, *args)
    assert (result.returncode, result.stdout, result.stderr) == (0, stdout, "")


def test_workdays_add_into_an_unloaded_year_is_refused_with_an_estimate_beside(migrated):
    url, _ = migrated
    result = run(url, "workdays", "add", "2026-12-20", "20")
    assert (result.returncode, result.stdout, result.stderr.strip().splitlines()[-1]) == (
        1,
        "",
        "CommandError: 2027 年的法定节假日安排尚未载入，无法计算跨越该年的工作日期限；"
        "请管理员根据国务院办公厅通知录入 2027 年安排"
        "。暂估（仅按法定节假日，不含调休，不是法定期限）：2027-01-18",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("workdays", "add", "2026-12-20", "20"), "2027 年的法定节假日安排尚未载入"),
        (("workdays", "add", "2003-06-02", "5"), "2003 年的法定节假日安排尚未载入"),
        (("workdays", "between", "2026-12-01", "2027-01-05"), "2027 年的法定节假日安排尚未载入"),
        (("workdays", "add", "2025-02-30", "3"), "日期不存在：“2025-02-30”"),
        (("workdays", "add", "2025-13-01", "3"), "日期不存在：“2025-13-01”"),
        (("workdays", "add", "20250926", "3"), "日期格式无效：“20250926”，应为 YYYY-MM-DD"),
        (("workdays", "add", "2025-09-26", "-3"), "工作日数不能为负数：-3"),
        (("workdays", "add", "2025-09-26", "abc"), "工作日数无效：“abc”，应为非负整数"),
        (("workdays", "add", "2025-09-26", "2.5"), "工作日数无效：“2.5”，应为非负整数"),
        (("workdays", "between", "2025-09-26", "yesterday"), "日期格式无效：“yesterday”"),
    ],
)
def test_workdays_commands_refuse_with_a_message_and_a_nonzero_exit(migrated, args, message):
    url, path = migrated
    before = counts(path)
    result = run(url, *args)
    assert (result.returncode, message in result.stderr, result.stdout, counts(path)) == (
        1,
        True,
        "",
        before,
    )


def test_agency_add_creates_the_agency(migrated):
    url, path = migrated
    agencies, audit, days = counts(path)
    result = run(url, "agency", "add", "000014349", "示范区档案馆")
    assert (result.returncode, result.stdout, counts(path)) == (
        0,
        "已创建机关：000014349 示范区档案馆\n",
        (agencies + 1, audit + 2, days),
    )


def test_agency_add_with_a_used_code_fails_and_changes_nothing(migrated):
    url, path = migrated
    run(url, "agency", "add", "114410025", "示范区住房和城乡建设局")
    before = counts(path)
    result = run(url, "agency", "add", "114410025", "另一个局")
    assert (result.returncode, result.stderr.strip(), counts(path)) == (
        1,
        "CommandError: 机关代码 114410025 已被“示范区住房和城乡建设局”使用，未作任何更改",
        before,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("agency", "add", "114/410025", "斜杠局"), "机关代码无效：“114/410025”"),
        (("agency", "add", "114410033", ""), "机关名称不能为空"),
    ],
)
def test_agency_add_refuses_bad_input_and_changes_nothing(migrated, args, message):
    url, path = migrated
    before = counts(path)
    result = run(url, *args)
    assert (result.returncode, message in result.stderr, counts(path)) == (1, True, before)


def test_agency_add_without_arguments_shows_usage_and_fails(migrated):
    url, _ = migrated
    result = run(url, "agency", "add", "114410033")
    # argparse's convention for a usage error: exit status 2
    assert (result.returncode, "the following arguments are required: NAME" in result.stderr) == (
        2,
        True,
    )


def test_demo_is_idempotent_and_audit_verifies(migrated):
    url, path = migrated
    first = run(url, "demo")
    after_first = counts(path)
    second = run(url, "demo")
    verify = run(url, "audit", "verify")
    assert (first.returncode, second.returncode, counts(path), verify.returncode) == (
        0,
        0,
        after_first,
        0,
    )


def test_production_mode_refuses_the_default_secret(tmp_path):
    result = run(
        f"sqlite:///{tmp_path / 'p.db'}",
        "check",
        env_extra={"GONGKAI_ENV": "production", "GONGKAI_SECRET_KEY": ""},
    )
    assert (
        result.returncode,
        "GONGKAI_ENV=production needs GONGKAI_SECRET_KEY" in result.stderr,
    ) == (1, True)


def test_production_mode_starts_with_a_real_secret(tmp_path):
    result = run(
        f"sqlite:///{tmp_path / 'p.db'}",
        "check",
        env_extra={
            "GONGKAI_ENV": "production",
            "GONGKAI_SECRET_KEY": "k" * 20 + "7f3a9c2e1b4d6f8a0c2e",
            "GONGKAI_ALLOWED_HOSTS": "gk.example.gov.cn",
        },
    )
    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    )
