"""Settings that fail safe: the environment is one of two words, production has the HTTPS
protections, and a deployment without collected static files refuses to start."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles.finders import get_finders

from gongkai.core.static_check import static_problem

SECRET = "s" * 40


def settings_in(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    clean["GONGKAI_DATA_DIR"] = str(django_settings.DATA_DIR)
    return subprocess.run(
        [sys.executable, "-c", f"import gongkai.settings as s; print(repr(({expression})))"],
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("value", ["Production", "prod", "PRODUCTION", "", "staging"])
def test_an_unknown_environment_refuses_to_start(value):
    result = settings_in({"GONGKAI_ENV": value, "GONGKAI_SECRET_KEY": SECRET}, "s.DEBUG")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"django.core.exceptions.ImproperlyConfigured: GONGKAI_ENV={value!r} is not a known "
        f"environment: use development or production (GONGKAI_ENV 只能是 development 或 "
        f"production，当前为 {value!r})."
    )


def test_production_turns_on_the_https_protections():
    result = settings_in(
        {"GONGKAI_ENV": "production", "GONGKAI_SECRET_KEY": SECRET},
        "s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_REFERRER_POLICY, s.SECURE_CROSS_ORIGIN_OPENER_POLICY, s.LOG_LEVEL",
    )

    assert result.stdout.strip() == (
        "(False, True, 31536000, True, True, True, 'same-origin', 'same-origin', 'INFO')"
    )


def test_production_hsts_and_redirect_are_configurable():
    result = settings_in(
        {
            "GONGKAI_ENV": "production",
            "GONGKAI_SECRET_KEY": SECRET,
            "GONGKAI_HSTS_SECONDS": "3600",
            "GONGKAI_HSTS_INCLUDE_SUBDOMAINS": "0",
            "GONGKAI_SSL_REDIRECT": "0",
        },
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT",
    )

    assert result.stdout.strip() == "(3600, False, False)"


def test_development_is_the_default():
    result = settings_in({}, "s.PRODUCTION, s.DEBUG, s.LOG_LEVEL")

    assert result.stdout.strip() == "(False, False, 'WARNING')"


def test_an_unknown_log_format_refuses_to_start():
    result = settings_in({"GONGKAI_LOG_FORMAT": "xml"}, "s.LOG_FORMAT")

    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: GONGKAI_LOG_FORMAT='xml': use text or "
        "json (GONGKAI_LOG_FORMAT 只能是 text 或 json)."
    )


# --- static files ---------------------------------------------------------------------------
MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


@pytest.fixture
def manifest_storage(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path)
    settings.STORAGES = MANIFEST_STORAGES
    return tmp_path


def every_static_file() -> list[str]:
    return sorted(
        path
        for finder in get_finders()
        for path, _storage in finder.list(ignore_patterns=["CVS", ".*", "*~"])
    )


def write_manifest(root, paths) -> None:
    manifest = {"paths": {p: p for p in paths}, "version": "1.1", "hash": "x"}
    (root / "staticfiles.json").write_text(json.dumps(manifest))


def test_without_collected_static_files_production_names_the_command(manifest_storage):
    assert static_problem() == (
        f"Static files are not collected (no staticfiles.json in {manifest_storage}): run "
        f"`gongkai collectstatic --noinput` (静态文件尚未收集（{manifest_storage} 中没有 "
        f"staticfiles.json），请先运行 gongkai collectstatic --noinput)."
    )


def test_static_files_collected_by_an_older_version_are_refused(manifest_storage):
    paths = every_static_file()
    write_manifest(manifest_storage, [p for p in paths if p != "portal/portal.css"])

    assert static_problem() == (
        "Static files are not collected for this version (1 missing, e.g. portal/portal.css): "
        "run `gongkai collectstatic --noinput` (静态文件尚未收集或已过期（缺少 1 个文件，例如 "
        "portal/portal.css），请先运行 gongkai collectstatic --noinput)."
    )


def test_collected_static_files_pass(manifest_storage):
    write_manifest(manifest_storage, every_static_file())

    assert static_problem() is None


def test_development_needs_no_collected_static_files():
    assert static_problem() is None
