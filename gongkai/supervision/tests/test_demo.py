"""The demo's supervision (gongkai/demo/supervision.py) is loaded once."""

from datetime import date

from gongkai.demo.supervision import load_demo_supervision
from gongkai.supervision.models import Circular, Nudge


def test_demo_supervision_is_idempotent(scenario, supervisor):
    first = load_demo_supervision(today=date(2025, 12, 15))
    second = load_demo_supervision(today=date(2025, 12, 15))
    assert (
        first,
        second,
        list(Circular.objects.order_by("serial").values_list("number", "published")),
        sorted(Nudge.objects.values_list("kind", flat=True)),
    ) == (
        5,
        0,
        [("示范区政务公开办〔2025〕第1号", True), ("示范区政务公开办〔2025〕第2号", False)],
        ["item", "message", "request"],
    )
