"""What the portal may show of a message (docs/law.md §8: only with consent, after the privacy
guard). Pure: no Django.

Each text (title, body, reply) is scanned by the catalogue's privacy guard and every finding
masked; the writer's own name and contact, which the guard may not recognise out of context,
are masked wherever they appear; so is every run of seven or more digits (a mistyped ID or
phone number is still one, though its check digit fails the guard's test). The masked text
is scanned again: if anything is still found, the message is withheld rather than shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from gongkai.catalogue import privacy

WITHHELD_REASON = "含有无法去除的个人信息"


@dataclass(frozen=True)
class PublicTexts:
    title: str
    body: str
    reply: str

    def __iter__(self) -> Iterator[str]:
        return iter((self.title, self.body, self.reply))


class Withheld(ValueError):
    pass


_LONG_NUMBER = re.compile(r"[0-9０-９](?:[0-9０-９ \-]{5,}[0-9０-９])[0-9０-９XxＸｘ]?")


def _mask_numbers(text: str) -> str:
    def star(match: re.Match[str]) -> str:
        value = match.group()
        digits = sum(ch.isdigit() for ch in value)
        if digits < 7:
            return value
        return "".join("*" if ch.isdigit() or ch in "XxＸｘ" else ch for ch in value)

    return _LONG_NUMBER.sub(star, text)


def _mask_known(text: str, writer_name: str, contact: str) -> str:
    name = writer_name.strip()
    if len(name) >= 2:
        masked = name[0] + "*" * (len(name) - 1)
        text = text.replace(name, masked)
    for part in contact.replace("，", " ").replace(",", " ").replace("；", " ").split():
        if len(part) >= 5:
            text = text.replace(part, "*" * len(part))
    return text


def mask_text(text: str, writer_name: str = "", contact: str = "") -> str:
    """`text` with personal data masked; Withheld when masking leaves any behind."""
    try:
        masked = privacy.mask(text, privacy.scan(text))
    except ValueError:
        raise Withheld(WITHHELD_REASON) from None
    masked = _mask_numbers(_mask_known(masked, writer_name, contact))
    if privacy.scan(masked):
        raise Withheld(WITHHELD_REASON)
    return masked


def public_texts(
    *, title: str, body: str, reply: str, writer_name: str, contact: str
) -> PublicTexts:
    return PublicTexts(
        mask_text(title, writer_name, contact),
        mask_text(body, writer_name, contact),
        mask_text(reply, writer_name, contact),
    )
