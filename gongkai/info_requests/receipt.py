"""The receipt date of an application by its channel (Art. 31). Pure.

- in person (当面): the day it was handed in;
- by post (信函): the day the agency signed for it; an ordinary letter that needs no
  signature: the day the office confirmed receipt with the applicant;
- online (网络), by e-mail (电子邮件) or by the office's fax (传真): the day both sides confirmed.
"""

from __future__ import annotations

from datetime import date


class ReceiptError(ValueError):
    pass


def receipt_date(
    channel: str,
    *,
    submitted_on: date | None = None,
    signed_on: date | None = None,
    confirmed_on: date | None = None,
) -> date:
    if channel == "in_person":
        if submitted_on is None:
            raise ReceiptError("当面提交的申请须填写提交日期（第三十一条第一项）")
        return submitted_on
    if channel == "letter":
        if signed_on is not None:
            return signed_on
        if confirmed_on is not None:
            return confirmed_on
        raise ReceiptError(
            "信函申请须填写签收日期；平常信函无需签收的，填写与申请人确认的日期（第三十一条第二项）"
        )
    if channel in ("online", "email", "fax"):
        if confirmed_on is None:
            raise ReceiptError(
                "网络、电子邮件或传真提交的申请须填写双方确认日期（第三十一条第三项）"
            )
        return confirmed_on
    raise ReceiptError(f"申请方式无效：{channel}")
