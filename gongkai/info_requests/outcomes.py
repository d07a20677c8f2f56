"""Outcomes of an application, exactly as the 2021 annual-report format (国办公开办函〔2021〕30号)
classifies them in table 三 (docs/law.md §4), with their legal bases. Pure: no Django.

The identifier is the report row key of docs/interfaces.md ("refused_1"); the ledger label is
how the application ledger writes it ("不予公开-1").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    code: str  # report row key: granted, partial, refused_1 ...
    block: str  # 予以公开 / 部分公开 / 不予公开 / 无法提供 / 不予处理 / 其他处理
    item: int | None  # item number within the block in the official table
    label: str  # the row's text in the table
    basis: str  # the article the reply cites

    @property
    def ledger_label(self) -> str:
        return self.block if self.item is None else f"{self.block}-{self.item}"

    @property
    def title(self) -> str:
        """How staff and applicants read it: block and item together."""
        return self.block if self.item is None else f"{self.block}：{self.label}"


OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "granted",
        "予以公开",
        None,
        "予以公开",
        "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
    ),
    Outcome(
        "partial",
        "部分公开",
        None,
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        "《中华人民共和国政府信息公开条例》第三十七条",
    ),
    Outcome(
        "refused_1", "不予公开", 1, "属于国家秘密", "《中华人民共和国政府信息公开条例》第十四条"
    ),
    Outcome(
        "refused_2",
        "不予公开",
        2,
        "其他法律行政法规禁止公开",
        "《中华人民共和国政府信息公开条例》第十四条",
    ),
    Outcome(
        "refused_3",
        "不予公开",
        3,
        "危及“三安全一稳定”",
        "《中华人民共和国政府信息公开条例》第十四条",
    ),
    Outcome(
        "refused_4",
        "不予公开",
        4,
        "保护第三方合法权益",
        "《中华人民共和国政府信息公开条例》第十五条",
    ),
    Outcome(
        "refused_5",
        "不予公开",
        5,
        "属于三类内部事务信息",
        "《中华人民共和国政府信息公开条例》第十六条第一款",
    ),
    Outcome(
        "refused_6",
        "不予公开",
        6,
        "属于四类过程性信息",
        "《中华人民共和国政府信息公开条例》第十六条第二款",
    ),
    Outcome(
        "refused_7",
        "不予公开",
        7,
        "属于行政执法案卷",
        "《中华人民共和国政府信息公开条例》第十六条第二款",
    ),
    Outcome(
        "refused_8",
        "不予公开",
        8,
        "属于行政查询事项",
        "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    ),
    Outcome(
        "unable_1",
        "无法提供",
        1,
        "本机关不掌握相关政府信息",
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项",
    ),
    Outcome(
        "unable_2",
        "无法提供",
        2,
        "没有现成信息需要另行制作",
        "《中华人民共和国政府信息公开条例》第三十八条",
    ),
    Outcome(
        "unable_3",
        "无法提供",
        3,
        "补正后申请内容仍不明确",
        "《中华人民共和国政府信息公开条例》第三十条",
    ),
    Outcome(
        "not_processed_1",
        "不予处理",
        1,
        "信访举报投诉类申请",
        "《中华人民共和国政府信息公开条例》第三十九条第一款",
    ),
    Outcome(
        "not_processed_2",
        "不予处理",
        2,
        "重复申请",
        "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    ),
    Outcome(
        "not_processed_3",
        "不予处理",
        3,
        "要求提供公开出版物",
        "《中华人民共和国政府信息公开条例》第三十九条第二款",
    ),
    Outcome(
        "not_processed_4",
        "不予处理",
        4,
        "无正当理由大量反复申请",
        "《中华人民共和国政府信息公开条例》第三十五条",
    ),
    Outcome(
        "not_processed_5",
        "不予处理",
        5,
        "要求行政机关确认或重新出具已获取信息",
        "《中华人民共和国政府信息公开条例》第三十九条第二款",
    ),
    Outcome(
        "other_1",
        "其他处理",
        1,
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "《中华人民共和国政府信息公开条例》第三十条",
    ),
    Outcome(
        "other_2",
        "其他处理",
        2,
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "《政府信息公开信息处理费管理办法》第八条",
    ),
    Outcome("other_3", "其他处理", 3, "其他", "《中华人民共和国政府信息公开条例》"),
)

BY_CODE: dict[str, Outcome] = {o.code: o for o in OUTCOMES}
BY_LEDGER_LABEL: dict[str, Outcome] = {o.ledger_label: o for o in OUTCOMES}
CODES: tuple[str, ...] = tuple(o.code for o in OUTCOMES)
# Outcomes that name the agency holding the information (Art. 36(五)).
NAMES_OTHER_AGENCY = frozenset({"unable_1"})


class UnknownOutcome(ValueError):
    pass


def outcome_from_ledger_label(text: str) -> Outcome:
    value = text.strip().replace("－", "-").replace("—", "-")
    try:
        return BY_LEDGER_LABEL[value]
    except KeyError:
        raise UnknownOutcome(
            f"办理结果无效：“{text}”，应为 予以公开、部分公开、不予公开-1…8、无法提供-1…3、"
            "不予处理-1…5 或 其他处理-1…3"
        ) from None


# Applicant types and channels (docs/glossary.md), shared by the ledger, the forms and the report.
APPLICANT_TYPES: dict[str, str] = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_interest": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他",
}
CHANNELS: dict[str, str] = {
    "in_person": "当面",
    "letter": "信函",
    "online": "网络",
    "email": "电子邮件",
    "fax": "传真",
}
APPEAL_RESULTS: dict[str, str] = {
    "upheld": "维持",
    "corrected": "纠正",
    "other": "其他",
    "pending": "未审结",
}
LITIGATION_KINDS: dict[str, str] = {"direct": "直接起诉", "after_reconsideration": "复议后起诉"}
