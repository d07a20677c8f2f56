"""我的待办: each app contributes the to-dos it knows about for a person.

A provider is a function `(user, scope, today) -> list[Todo]`, named in the setting
GONGKAI_TODO_PROVIDERS. Later apps (applications, catalogue, reports) add theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.module_loading import import_string

from gongkai.accounts.selectors import scope_for


@dataclass(frozen=True)
class Todo:
    title: str
    detail: str
    url: str
    urgency: str = "normal"  # normal | amber | red
    due_on: date | None = None


URGENCY_ORDER = {"red": 0, "amber": 1, "normal": 2}


def todos_for(user, today: date) -> list[Todo]:
    scope = scope_for(user)
    items: list[Todo] = []
    for path in settings.GONGKAI_TODO_PROVIDERS:
        items.extend(import_string(path)(user, scope, today))
    return sorted(items, key=lambda t: (URGENCY_ORDER[t.urgency], t.due_on or date.max, t.title))
