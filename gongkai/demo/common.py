"""What the demo's modules share: their data files (`data/<area>/*.json`, the long Chinese
texts) and the small draws and date steps they all make."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

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
