"""What the demo's modules share: their data files (`data/<area>/*.json`, the long Chinese
texts) and the small draws and date steps they all make."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import opencc

from gongkai.workdays.calendar import Calendar, ScheduleNotLoaded

DATA = Path(__file__).parent / "data"


def load(name: str) -> Any:
    """A data file, e.g. `load("catalogue/profiles.json")`."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def frozen(value: Any) -> Any:
    """JSON's lists as tuples, all the way down (the demo's texts are constants)."""
    if isinstance(value, list):
        return tuple(frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: frozen(v) for k, v in value.items()}
    return value


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def add_workdays(calendar: Calendar, day: date, n: int) -> date:
    """A later working day; one the calendar cannot compute yet (next year's schedule not
    loaded) has simply not happened yet for the demo."""
    try:
        return calendar.add(day, n)
    except ScheduleNotLoaded:
        return date.max


def workdays_back(calendar: Calendar, today: date, n: int) -> date:
    """The working day n working days before today (for recent receipts)."""
    day = today
    while n > 0:
        day -= timedelta(days=1)
        if calendar.is_workday(day):
            n -= 1
    return day


@cache
def _s2hk() -> Any:
    return opencc.OpenCC("s2hk")


def to_traditional(text: str) -> str:
    """The text in Traditional characters as written in Hong Kong (OpenCC's s2hk). Only for
    what is written for readers in Hong Kong, Macao or Taiwan, or by them."""
    return str(_s2hk().convert(text))


def in_traditional(text: str) -> bool:
    """Whether the text holds a Traditional-only character (OpenCC's t2s would change it)."""
    return bool(_t2s().convert(text) != text)


@cache
def _t2s() -> Any:
    return opencc.OpenCC("t2s")
