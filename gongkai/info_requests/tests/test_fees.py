"""Fees by 国办函〔2020〕109号 (docs/law.md §3), with the check figures docs/law.md gives."""

from decimal import Decimal

import pytest

from gongkai.info_requests.fees import FeeError, fee_for, per_piece_fee, per_volume_fee


@pytest.mark.parametrize(
    ("items", "earlier", "yuan"),
    [
        (10, 0, 0),
        (11, 0, 100),
        (30, 0, 2000),
        (35, 0, 3000),  # docs/law.md check figure
        (40, 0, 4000),
        (41, 0, 4300),
        (50, 0, 7000),
        (51, 0, 7400),
        (5, 8, 300),  # items 9–13 of the month: 9 and 10 free, 11–13 at 100
        (1, 30, 200),  # the 31st item of the month
        (0, 12, 0),
    ],
)
def test_per_piece_is_progressive_and_cumulative_within_the_month(items, earlier, yuan):
    assert per_piece_fee(items, earlier) == Decimal(yuan)


@pytest.mark.parametrize(
    ("pages", "yuan"),
    [(30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_per_volume_is_progressive(pages, yuan):
    assert per_volume_fee(pages) == Decimal(yuan)


def test_negative_quantities_are_refused():
    with pytest.raises(FeeError, match="页数不能为负数"):
        per_volume_fee(-1)


def test_unknown_method_is_refused():
    with pytest.raises(FeeError, match="收费方式无效：both"):
        fee_for("both", 10)
