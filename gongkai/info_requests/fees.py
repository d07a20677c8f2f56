"""Information-processing fees (信息处理费), 《政府信息公开信息处理费管理办法》
(国办函〔2020〕109号), docs/law.md §3. Pure.

Two progressive methods, one per application, never both:
- per piece (按件): the same applicant's items, counted cumulatively within a calendar month:
  items 1–10 free; 11–30: 100 元 each; from 31, bands of 10 items, each band 100 元 more per
  item (31–40: 200, 41–50: 300, ...);
- per volume (按量): pages of one application: 1–30 free; 31–100: 10 元/页; 101–200: 20 元/页;
  201 and above: 40 元/页.
"""

from __future__ import annotations

from decimal import Decimal

PER_PIECE = "per_piece"
PER_VOLUME = "per_volume"
METHODS = {PER_PIECE: "按件计收", PER_VOLUME: "按量计收"}

_VOLUME_TIERS = ((30, 0), (100, 10), (200, 20), (None, 40))  # (up to page, yuan per page)


class FeeError(ValueError):
    pass


def piece_price(position: int) -> int:
    """Price in yuan of the applicant's `position`-th item this month (1-based)."""
    if position < 1:
        raise FeeError("件数从1开始计")
    if position <= 10:
        return 0
    if position <= 30:
        return 100
    return 100 * ((position - 31) // 10 + 2)


def per_piece_fee(items: int, earlier_items_this_month: int = 0) -> Decimal:
    """Fee for `items` items when the applicant already had `earlier_items_this_month`."""
    if items < 0 or earlier_items_this_month < 0:
        raise FeeError("件数不能为负数")
    first = earlier_items_this_month + 1
    return Decimal(sum(piece_price(p) for p in range(first, first + items)))


def per_volume_fee(pages: int) -> Decimal:
    if pages < 0:
        raise FeeError("页数不能为负数")
    total = 0
    floor = 0
    for ceiling, price in _VOLUME_TIERS:
        top = pages if ceiling is None else min(pages, ceiling)
        if top > floor:
            total += (top - floor) * price
        if ceiling is None or pages <= ceiling:
            break
        floor = ceiling
    return Decimal(total)


def fee_for(method: str, quantity: int, earlier_items_this_month: int = 0) -> Decimal:
    if method == PER_PIECE:
        return per_piece_fee(quantity, earlier_items_this_month)
    if method == PER_VOLUME:
        return per_volume_fee(quantity)
    raise FeeError(f"收费方式无效：{method}")


def standard_text(method: str) -> str:
    """The standard as the fee notice states it."""
    if method == PER_PIECE:
        return (
            "按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；"
            "11—30件（含30件）的部分，收费标准为100元/件；"
            "30件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件。"
        )
    return (
        "按量计收：同一政府信息公开申请，30页以下（含30页）的，不收费；31—100页（含100页）的部分，"
        "收费标准为10元/页；101—200页（含200页）的部分，收费标准为20元/页；"
        "200页以上的部分，收费标准为40元/页。"
    )
