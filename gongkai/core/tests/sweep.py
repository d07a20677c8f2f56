"""A day's work, swept: what a person meets on every page one click away from where they start.

Used by `test_browser_sweep.py` against the live server, and by hand against a running demo
(`python -m gongkai.core.tests.sweep http://127.0.0.1:8000 [screenshot-dir]`).

The pages are found, not listed: from the start page (the portal's home for a citizen, 我的待办
for staff), every link on it, then every link on those pages (one click deeper), so that a new
app's pages are swept as soon as they are in a menu. Addresses that differ only by a number
(`/workbench/requests/12/` and `/13/`) or by the values of their query are one kind of page,
visited once. Downloads, feeds, logout and other sites are not followed.

On each page: the status the person gets, Django's debug page, the words a person can read
(text, the page title, placeholders, tooltips, image descriptions, labels read aloud, button
captions) checked for English by `english_words`, files the page itself fails to load, and
whether it fits a phone (390 px) without scrolling sideways.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

# -- English, and what is not English to a person ---------------------------------------------

# Names of formats, standards, protocols and products that Chinese pages write in Latin
# letters (as the State Council's own sites do): a person reads them as names, not as words.
NAMES = frozenset(
    {
        "pdf",  # the format; also a file name's extension (.pdf)
        "docx",
        "doc",
        "xlsx",
        "xls",
        "csv",
        "ofd",  # 版式文档 (GB/T 33190)
        "png",
        "jpg",
        "jpeg",
        "zip",
        "word",  # Microsoft Word, as in 下载 Word
        "excel",
        "wps",
        "rss",
        "atom",
        "api",
        "json",  # the open data API's format
        "icp",  # 示ICP备00000000号: the filing number's own letters
        "ip",  # IP 地址
        "ldap",  # Django's note on passwords: 单一登入或LDAP
        "kb",  # file sizes
        "mb",
        "gb",
        "sqlite",  # the system page names the database and queue products
        "postgresql",
        "redis",
        "chinesecalendar",  # the package the official holiday schedules come from (provenance)
        "ppp",  # 政府和社会资本合作: the documents' own term (search vocabulary)
    }
)

URL = re.compile(r"(?:https?://|www\.)[^\s，。；、）)》」]+", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# An address on this site or a path on the server: /healthz, /accounts/login/, /tmp/data.
PATH = re.compile(r"(?<![A-Za-z0-9])(?:/[a-z0-9_.-]+)+/?")
# A placeholder typed into a pattern: {code}/{year}-{serial:5}, {serial:N}.
PLACEHOLDER = re.compile(r"\{[a-z_]+(?::[A-Za-z0-9]+)?\}")
# Standard numbers: GB/T 33190, DB44/T 1234.
STANDARD = re.compile(r"\b[A-Z]{1,4}(?:/[A-Z])?\s?\d")
# The applicant's query code: ABCD-EFGH-JKMN, letters and figures in groups of four.
QUERY_CODE = re.compile(r"\b[A-Z0-9]{4}(?:-[A-Z0-9]{4}){2}\b")
# Letters and figures joined by hyphens, with a figure somewhere, are a code, a number or a
# version (114410020-2025-00001, SFQCG-2026-0871, SHA-256, UTF-8, 11010119900307123X, A4).
CODE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
# One capital letter against Chinese text or a figure stands for a number or a character:
# 第N号, N位序号, 末位X. (Letters standing alone, as in "M T W", are read as words.)
CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
LONE_LETTER = re.compile(rf"(?<=[{CJK}0-9])[A-Z](?![A-Za-z])|(?<![A-Za-z])[A-Z](?=[{CJK}0-9])")
WORD = re.compile(r"[A-Za-z]+")


def english_words(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """The English words in `text` a person would read, in order: every run of Latin letters
    except names in NAMES and the `known` identifiers (login names), and except URLs, paths,
    e-mail addresses, placeholders, standard numbers, query codes, codes with a figure and a
    single capital letter against Chinese text."""
    for pattern in (URL, EMAIL, PATH, PLACEHOLDER, QUERY_CODE, STANDARD):
        text = pattern.sub(" ", text)
    text = CODE.sub(lambda m: " " if any(c.isdigit() for c in m[0]) else m[0], text)
    text = LONE_LETTER.sub(" ", text)
    return [w for w in WORD.findall(text) if w.lower() not in NAMES and w not in known]


# -- what a page shows -----------------------------------------------------------------------

# Every text node outside scripts and styles (closed <details> and hidden panels included:
# they open in front of the person), and the attributes a person sees or hears.
READ_PAGE = """() => {
  const texts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement.closest("script, style, template, noscript, code, kbd, samp")) {
      texts.push(node.nodeValue);
    }
  }
  for (const el of document.body.querySelectorAll("[placeholder], [title], [alt], [aria-label]")) {
    for (const name of ["placeholder", "title", "alt", "aria-label"]) {
      if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
    }
  }
  for (const el of document.body.querySelectorAll(
    "input[type=submit], input[type=button], input[type=reset]"
  )) texts.push(el.value);
  const links = [...document.querySelectorAll("a[href]")]
    .filter(a => !a.hasAttribute("download"))
    .map(a => a.href);
  return {texts, links, agent: navigator.userAgent};
}"""

DEBUG_MARKERS = ("Traceback (most recent call last)", 'id="traceback"', "technical_500")
NOT_FOLLOWED = re.compile(
    r"(\.(pdf|docx|xlsx|csv|zip|ofd|png|jpe?g|xml|txt|json|ico|svg)$)"
    r"|/(rss|atom|logout|download)/?$|/id-proof/$|/files/\d+/$|/receipt\.pdf$"
    # A switch that changes how every later page looks (关怀版): not a page of its own.
    r"|^/care/"
)


def page_kind(url: str) -> tuple[str, tuple[str, ...]]:
    """Addresses that differ only by numbers or by query values show the same kind of page."""
    parts = urlsplit(url)
    path = "/".join("#" if any(c.isdigit() for c in s) else s for s in parts.path.split("/"))
    return path, tuple(sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}))


@dataclass
class Visit:
    url: str
    status: int
    final_url: str
    words: list[str] = field(default_factory=list)
    debug: bool = False
    broken: list[str] = field(default_factory=list)  # sub-resources answered with an error
    phone_width: int = 0
    links: list[str] = field(default_factory=list)


def visit(page, url: str, known: frozenset[str] = frozenset(), phone: int = 390) -> Visit | None:
    """Open `url` as the person would; None when it turns out to be a download."""
    broken: list[str] = []

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            broken.append(f"{response.status} {response.url}")

    page.on("response", on_response)
    try:
        response = page.goto(url, wait_until="load")
    except Exception as error:  # a download aborts the navigation
        if "Download is starting" in str(error) or "net::ERR_ABORTED" in str(error):
            return None
        raise
    finally:
        page.remove_listener("response", on_response)
    if response is None:
        return None
    kind = (response.headers.get("content-type") or "").split(";")[0]
    status = response.status
    if kind != "text/html":
        return Visit(url, status, page.url)
    html = page.content()
    seen = page.evaluate(READ_PAGE)
    # The browser's own identification, recorded by the login log, is not the site's text.
    text = "\n".join(t for t in seen["texts"] if t).replace(seen["agent"], " ")
    words = [f"{w} «{_around(text, w)}»" for w in sorted(set(english_words(text, known)))]
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": phone, "height": page.viewport_size["height"]})
    phone_width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": width, "height": page.viewport_size["height"]})
    return Visit(
        url,
        status,
        page.url,
        words=words,
        debug=any(marker in html for marker in DEBUG_MARKERS),
        broken=broken,
        phone_width=phone_width,
        links=seen["links"],
    )


def _around(text: str, word: str) -> str:
    """The word in its line, for the report: where on the page it is."""
    at = re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", text)
    if at is None:
        return word
    return " ".join(text[max(0, at.start() - 15) : at.end() + 15].split())


@dataclass
class Sweep:
    visits: list[Visit] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)


def followable(base: str, url: str) -> str | None:
    """The address to follow, or None: other sites, anchors on the same page, downloads."""
    url = url.split("#", 1)[0]
    if not url.startswith(base + "/") or NOT_FOLLOWED.search(urlsplit(url).path):
        return None
    return url


def sweep(
    page,
    base: str,
    start: str,
    *,
    seen_kinds: set | None = None,
    known: frozenset[str] = frozenset(),
    screenshot_dir: Path | None = None,
    name: str = "",
) -> Sweep:
    """Visit `start`, every page it links to, and every page those link to. Kinds in
    `seen_kinds` are skipped (another person's sweep already read them); the set is updated."""
    seen = seen_kinds if seen_kinds is not None else set()
    result = Sweep()
    first = visit(page, urljoin(base, start), known)
    assert first is not None, f"the start page {start} is a download"
    result.visits.append(first)
    if screenshot_dir is not None:
        result.screenshots += _screenshots(page, screenshot_dir, name, first)
    seen.add(page_kind(first.final_url))
    levels = [first.links, []]
    for depth in (0, 1):
        for link in levels[depth]:
            url = followable(base, link)
            if url is None or page_kind(url) in seen:
                continue
            seen.add(page_kind(url))
            done = visit(page, url, known)
            if done is None:
                continue
            seen.add(page_kind(done.final_url))
            result.visits.append(done)
            if depth == 0:
                levels[1].extend(done.links)
                if screenshot_dir is not None and done.status < 400:
                    result.screenshots += _screenshots(page, screenshot_dir, name, done)
    return result


def _screenshots(page, directory: Path, name: str, done: Visit) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", urlsplit(done.final_url).path.lower()).strip("-") or "home"
    paths = []
    size = page.viewport_size
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 844})
        path = directory / f"{name}-{slug}-{width}.png"
        # The top of the page, as far as a person scrolls at first: a whole long list
        # shrinks to nothing when looked at.
        height = min(page.evaluate("document.documentElement.scrollHeight"), 1600)
        page.screenshot(
            path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height}
        )
        paths.append(path)
    page.set_viewport_size(size)
    return paths


def problems(result: Sweep, allowed_status: dict[str, int] | None = None) -> list[str]:
    """What a person would meet, one line each: error statuses (other than those allowed for
    a kind of address), debug pages, English words, files that fail to load, pages wider
    than a phone."""
    allowed_status = allowed_status or {}
    found = []
    for v in result.visits:
        where = urlsplit(v.url).path + (
            f"?{urlsplit(v.url).query}" if urlsplit(v.url).query else ""
        )
        if v.status >= 400 and allowed_status.get(page_kind(v.url)[0]) != v.status:
            found.append(f"{where}: status {v.status}")
        if v.debug:
            found.append(f"{where}: Django debug page")
        if v.words:
            found.append(f"{where}: English {v.words}")
        found += [f"{where}: loads {b}" for b in v.broken]
        if v.phone_width > 390:
            found.append(f"{where}: {v.phone_width} px wide at phone width")
    return found


def log_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r".*/workbench/.*"))


def main(base: str, screenshots: str = "") -> None:  # pragma: no cover - by hand
    import os

    import django
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    django.setup()
    from gongkai.demo.organisation import DEMO_PASSWORD, LOGINS

    directory = Path(screenshots) if screenshots else None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        portal: set = set()
        people = [("citizen", None)] + [(login.username, login.username) for login in LOGINS]
        for name, username in people:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
            page = context.new_page()
            if username:
                log_in(page, base, username, DEMO_PASSWORD)
            result = sweep(
                page,
                base,
                "/workbench/" if username else "/",
                seen_kinds=set(portal) if username else portal,
                known=frozenset(login.username for login in LOGINS),
                screenshot_dir=directory,
                name=name,
            )
            print(f"== {name}: {len(result.visits)} pages")
            for line in problems(result):
                print("  ", line)
            context.close()


if __name__ == "__main__":  # pragma: no cover
    main(*sys.argv[1:])
