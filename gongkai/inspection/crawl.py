"""The portal crawled in-process (no network): each page is requested through Django's test
client — the whole middleware stack and the real templates, as a visitor gets them — and
every internal link on it is checked once. Links to other sites are never followed."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"'#][^"']*)["']""", re.IGNORECASE)
# Prefixes that are not portal pages: static files are checked by the static-files manifest,
# staff pages only need to exist (they answer a visitor with the login page).
_FILES = ("/static/", "/media/")
_STAFF = ("/workbench/", "/admin/", "/accounts/")
OK_STATUSES = frozenset({200, 301, 302, 303, 304, 307, 308})


@dataclass
class Page:
    path: str
    status: int
    links: set[str] = field(default_factory=set)  # internal paths (query dropped)


@dataclass
class CrawlResult:
    pages: dict[str, Page] = field(default_factory=dict)
    targets: dict[str, int] = field(default_factory=dict)  # linked path → status
    seconds: float = 0.0
    fetched: int = 0  # requests made (targets judged by a look-up are not fetched)

    @property
    def pages_per_second(self) -> float | None:
        return round(self.fetched / self.seconds, 1) if self.seconds > 0 else None


def _host() -> str:
    for host in settings.ALLOWED_HOSTS:
        if host and host != "*" and not host.startswith("."):
            return host
    return "localhost"


def internal_path(href: str, host: str) -> str | None:
    """The path of an internal link (query and fragment dropped), None for another site or a
    scheme that is not a page (mailto:, tel:, javascript:)."""
    href = html.unescape(href.strip())
    href, _ = urldefrag(href)
    if not href:
        return None
    parts = urlsplit(href)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and parts.netloc.split(":")[0] != host.split(":")[0]:
        return None
    if not parts.netloc and not href.startswith("/"):
        return None  # relative links are not used on the portal
    return parts.path or "/"


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


class Crawler:
    def __init__(self, *, check_target: Callable[[str], int | None] | None = None):
        """`check_target(path)`: a status for a link target without fetching it (attachments,
        whose files are checked on disk), or None to fetch it."""
        self.host = _host()
        self.client = Client(HTTP_HOST=self.host, raise_request_exception=False)
        self.secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
        self.check_target = check_target

    def _get(self, path: str, result: CrawlResult) -> tuple[int, str]:
        result.fetched += 1
        response = self.client.get(path, secure=self.secure)
        content_type = response.get("Content-Type", "")
        body = ""
        if response.status_code == 200 and content_type.startswith("text/html"):
            body = response.content.decode("utf-8", "replace")
        return response.status_code, body

    def crawl(
        self, seeds: Iterable[str], *, progress: Callable[[int], None] | None = None
    ) -> CrawlResult:
        result = CrawlResult()
        started = time.perf_counter()
        for path in seeds:
            if path in result.pages:
                continue
            status, body = self._get(path, result)
            page = Page(path, status)
            for href in _LINK.findall(body):
                target = internal_path(href, self.host)
                if target is not None:
                    page.links.add(target)
            result.pages[path] = page
            if progress is not None:
                progress(len(result.pages))
        for page in list(result.pages.values()):
            for target in page.links:
                if target in result.targets:
                    continue
                if target in result.pages:
                    result.targets[target] = result.pages[target].status
                elif target.startswith(_FILES):
                    result.targets[target] = 200
                elif target.startswith(_STAFF):
                    result.targets[target] = 200 if _resolves(target) else 404
                else:
                    known = self.check_target(target) if self.check_target else None
                    result.targets[target] = (
                        known if known is not None else self._get(target, result)[0]
                    )
        result.seconds = time.perf_counter() - started
        return result
