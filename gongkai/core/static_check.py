"""Production serves static files from `collectstatic`'s manifest (hashed names, WhiteNoise).
Without it, or with one collected from an older version, every page would answer 500; so the
web process refuses to start instead, with a message telling the operator what to run, and
`gongkai check --deploy` reports the same."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MESSAGE = (
    "Static files are not collected{why}: run `gongkai collectstatic --noinput` "
    "(静态文件尚未收集{why_zh}，请先运行 gongkai collectstatic --noinput)."
)


def static_problem() -> str | None:
    """None when static files are served from a manifest that lists every file, else why not."""
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin):  # the lazy object answers for its storage
        return None
    manifest = storage.read_manifest()
    if manifest is None:
        return MESSAGE.format(
            why=f" (no {storage.manifest_name} in {settings.STATIC_ROOT})",
            why_zh=f"（{settings.STATIC_ROOT} 中没有 {storage.manifest_name}）",
        )
    collected = set(json.loads(manifest).get("paths", {}))
    missing = sorted(
        path
        for finder in get_finders()
        for path, _storage in finder.list(ignore_patterns=["CVS", ".*", "*~"])
        if path not in collected
    )
    if missing:
        return MESSAGE.format(
            why=f" for this version ({len(missing)} missing, e.g. {missing[0]})",
            why_zh=f"或已过期（缺少 {len(missing)} 个文件，例如 {missing[0]}）",
        )
    return None


def static_files_ready() -> None:
    """Called when the web application starts (gongkai/wsgi.py)."""
    problem = static_problem()
    if problem:
        raise ImproperlyConfigured(problem)


@checks.register(checks.Tags.staticfiles, deploy=True)
def check_static_collected(app_configs=None, **kwargs):
    problem = static_problem()
    return [checks.Error(problem, id="gongkai.E001")] if problem else []
