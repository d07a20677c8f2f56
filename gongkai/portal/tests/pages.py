"""Reading rendered pages in tests: the parts a person looks at, as plain text."""

import re

import lxml.html


def tree(response):
    return lxml.html.fromstring(response.content.decode())


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _text(node) -> str:
    return squash(node.text_content())


def entries(response) -> list[tuple[str, str]]:
    """(title, link) of each catalogue entry, in page order."""
    return [
        (_text(a), a.get("href"))
        for a in tree(response).xpath(f"//*[{has_class('entry-title')}]/a")
    ]


def entry_lines(response) -> list[list[str]]:
    """Each entry as [title, metadata line, summary]."""
    return [
        [
            _text(li.xpath(f".//*[{has_class(part)}]")[0])
            for part in ("entry-title", "entry-meta", "entry-summary")
        ]
        for li in tree(response).xpath(f"//ol[{has_class('entries')}]/li")
    ]


def section(response, heading_id: str):
    return tree(response).xpath(f'//section[@aria-labelledby="{heading_id}"]')[0]


def definitions(response, heading_id: str) -> dict[str, str]:
    """The dt → dd pairs of the definition list in the section headed by `heading_id`."""
    return {
        _text(div.xpath("./dt")[0]): _text(div.xpath("./dd")[0])
        for div in section(response, heading_id).xpath(".//dl/div")
    }


def section_text(response, heading_id: str) -> str:
    return _text(section(response, heading_id))


def links(node) -> list[tuple[str, str]]:
    return [(_text(a), a.get("href")) for a in node.xpath(".//a")]


def alert(response) -> list[str]:
    return [_text(li) for li in tree(response).xpath('//*[@role="alert"]//li')]
