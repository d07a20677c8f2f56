"""Letters issued on a case: templates (editable by administrators, with defaults here),
placeholders filled from the case, numbering per agency and year, frozen content."""

from __future__ import annotations

import re
from datetime import date

from gongkai.info_requests.documents import LetterContent, chinese_date

# Default templates. Each line of a body is a paragraph; {占位符} are filled from the case.
DEFAULTS: dict[tuple[str, str], tuple[str, str, str]] = {
    # (kind, outcome): (title, number prefix, body)
    ("correction", ""): (
        "补正告知书",
        "补正",
        """\
你（单位）于{收到日期}向本机关提出的政府信息公开申请（编号：{编号}）收悉。经审查，你（单位）的申请内容不明确，根据《中华人民共和国政府信息公开条例》第三十条的规定，请你（单位）对下列事项作出补正：
{补正事项}
请于{补正期限}前将补正后的申请提交本机关。答复期限自本机关收到补正后的申请之日起重新计算。无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。""",
    ),
    ("consultation", ""): (
        "第三方意见征询函",
        "征询",
        """\
本机关于{收到日期}收到政府信息公开申请（编号：{编号}），申请公开的信息为：{申请内容}。
经审查，该信息的公开可能损害你（单位）的合法权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求你（单位）的意见。
请自收到本函之日起15个工作日内提出书面意见。逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。""",
    ),
    ("extension", ""): (
        "延期答复告知书",
        "延期",
        """\
你（单位）于{收到日期}向本机关提出的政府信息公开申请（编号：{编号}）收悉。
因{延期理由}，本机关不能在规定期限内作出答复。经本机关政府信息公开工作机构负责人同意，根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，答复期限延长20个工作日，本机关将于{延期后期限}前作出答复。""",
    ),
    ("fee", ""): (
        "收费通知书",
        "收费",
        """\
你（单位）于{收到日期}向本机关提出的政府信息公开申请（编号：{编号}）收悉。
根据《政府信息公开信息处理费管理办法》的规定，你（单位）的申请数量、频次明显超过合理范围，本机关依法收取信息处理费。
收费依据：《中华人民共和国政府信息公开条例》第四十二条、《政府信息公开信息处理费管理办法》。
收费标准：{收费标准}
计费数量：{计收方式}{件数或页数}，应缴金额：人民币{金额}元。
请自收到本通知次日起20个工作日内（即{缴费期限}前）通过{缴费方式}缴纳。逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。""",
    ),
    ("reply", ""): (
        "政府信息公开申请答复告知书",
        "依申请公开",
        """\
你（单位）于{收到日期}向本机关提出的政府信息公开申请（编号：{编号}）收悉。你（单位）申请公开的信息为：{申请内容}。
经审查，现答复如下：{答复说明}
根据{法律依据}的规定，{办理结果说明}
如对本答复不服，可以自收到本答复之日起60日内向{复议机关}申请行政复议，或者在6个月内向人民法院提起行政诉讼。""",
    ),
}

OUTCOME_SENTENCES = {
    "granted": "本机关予以公开，所申请的信息随本告知书提供。",
    "partial": "所申请的信息中含有依法不予公开的内容，本机关对可以公开的部分予以公开，并对不予公开的部分说明理由。",
    "refused_1": "所申请的信息属于国家秘密，本机关不予公开。",
    "refused_2": "所申请的信息属于法律、行政法规禁止公开的信息，本机关不予公开。",
    "refused_3": "所申请的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，本机关不予公开。",
    "refused_4": "所申请的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，本机关不予公开。",
    "refused_5": "所申请的信息属于人事管理、后勤管理、内部工作流程等内部事务信息，本机关不予公开。",
    "refused_6": "所申请的信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，本机关不予公开。",
    "refused_7": "所申请的信息属于行政执法案卷信息，本机关不予公开。",
    "refused_8": "所申请的信息属于工商、不动产登记资料等，有关法律、行政法规对信息的获取有特别规定，请按照有关规定办理。",
    "unable_1": "经检索，本机关未制作或获取所申请的信息，该信息不存在或不属于本机关掌握的政府信息。{其他机关说明}",
    "unable_2": "你（单位）申请的信息需要本机关对现有政府信息进行加工、分析，本机关不予提供。",
    "unable_3": "经补正后，你（单位）的申请内容仍不明确，本机关无法提供。",
    "not_processed_1": "你（单位）以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理。",
    "not_processed_2": "你（单位）的申请属于重复申请，本机关不予重复处理。",
    "not_processed_3": "你（单位）要求提供的是公开出版物，请通过公开渠道获取，本机关不作为政府信息公开申请处理。",
    "not_processed_4": "你（单位）的申请数量、频次明显超过合理范围，且说明的理由不合理，本机关不予处理。",
    "not_processed_5": "你（单位）要求本机关确认或者重新出具已获取的信息，本机关不作为政府信息公开申请处理。",
    "other_1": "你（单位）无正当理由逾期不补正，视为放弃申请，本机关不再处理。",
    "other_2": "你（单位）逾期未按收费通知要求缴纳费用，视为放弃申请，本机关不再处理。",
    "other_3": "本机关已按其他方式处理。",
}

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
KNOWN_PLACEHOLDERS = frozenset(
    {
        "申请人",
        "编号",
        "收到日期",
        "申请内容",
        "机关",
        "答复期限",
        "补正事项",
        "补正期限",
        "征求对象",
        "延期理由",
        "延期后期限",
        "收费方式",
        "计收方式",
        "收费标准",
        "件数或页数",
        "金额",
        "缴费期限",
        "缴费方式",
        "办理结果",
        "办理结果说明",
        "法律依据",
        "答复说明",
        "其他机关",
        "其他机关说明",
        "复议机关",
        "联系电话",
        "办公地址",
    }
)


class TemplateError(ValueError):
    pass


def check_placeholders(body: str) -> None:
    unknown = sorted(set(_PLACEHOLDER.findall(body)) - KNOWN_PLACEHOLDERS)
    if unknown:
        raise TemplateError(f"模板中有未知占位符：{'、'.join('{' + u + '}' for u in unknown)}")


# Punctuation that ends or joins a clause: a value ending in one, put before the template's own
# ("申请公开的信息为：{申请内容}。" with 申请内容 "……预算。"), would print it twice.
_CLAUSE_PUNCTUATION = "。，、；：！？.,;:!?"


def fill(body: str, values: dict[str, str]) -> list[str]:
    """Fill placeholders; one paragraph per non-empty line. Values are plain text. A value's
    punctuation that meets the template's at either end is dropped, so that no letter reads
    "。。" or "：："."""
    check_placeholders(body)

    def value(match: re.Match[str]) -> str:
        text = values.get(match.group(1), "")
        after = body[match.end() : match.end() + 1]
        before = body[match.start() - 1 : match.start()] if match.start() else ""
        if after and after in _CLAUSE_PUNCTUATION:
            text = text.rstrip(_CLAUSE_PUNCTUATION + " 　")
        if before and before in _CLAUSE_PUNCTUATION:
            text = text.lstrip(_CLAUSE_PUNCTUATION + " 　")
        return text

    return [line.strip() for line in _PLACEHOLDER.sub(value, body).splitlines() if line.strip()]


def letter_number(agency_short: str, prefix: str, year: int, serial: int) -> str:
    return f"{agency_short}{prefix}〔{year}〕第{serial}号"


def content_of(letter) -> LetterContent:
    return LetterContent(
        title=letter.title,
        number=letter.number,
        recipient=letter.recipient,
        paragraphs=tuple(letter.paragraphs),
        agency=letter.agency_name,
        issued_on=letter.issued_on,
        footer_lines=tuple(letter.footer_lines),
    )


def cn(d: date | None) -> str:
    return chinese_date(d) if d else ""


def receipt_content(case) -> LetterContent:
    """The receipt (回执) the applicant downloads after submitting: what was received, on which
    day the law counts it received (Art. 31), and by when the reply is due (Art. 33). It never
    carries the query code, so a printed receipt that goes astray opens nothing."""
    from gongkai.info_requests.outcomes import CHANNELS

    agency = case.agency
    if case.due_on:
        due = (
            f"本机关将依照条例第三十三条，于{cn(case.due_on)}前"
            "作出答复；需要补正、征求第三方意见或者延长答复期限的，将另行书面告知。"
        )
    elif case.due_on_estimate:
        due = (
            "本机关将依照条例第三十三条，自收到申请之日起20个"
            f"工作日内作出答复（暂估为{cn(case.due_on_estimate)}前，以次年节假日安排公布后"
            "计算的日期为准）；需要补正、征求第三方意见或者延长答复期限的，将另行书面告知。"
        )
    else:
        due = "本机关将依照条例第三十三条规定的期限作出答复。"
    footer = tuple(
        line
        for line in (
            f"联系电话：{agency.office_phone}" if agency.office_phone else "",
            f"办公地址：{agency.office_address}" if agency.office_address else "",
        )
        if line
    )
    return LetterContent(
        title="政府信息公开申请回执",
        number=f"申请编号：{case.number}",
        recipient=case.applicant_name,
        paragraphs=(
            f"您通过{CHANNELS.get(case.channel, '')}方式提出的政府信息公开申请已收到。依照《中华人民共和国政府信息公开条例》第三十一条，"
            f"本机关收到申请的日期为{cn(case.received_on)}。",
            f"您申请获取的政府信息：{case.description}",
            due,
            "您可凭申请编号和查询码在本机关政府信息公开网站“申请查询”栏目查看办理进度、"
            "下载答复文书。为保护您的申请，本回执不载明查询码，请妥善保管提交时显示的查询码。",
        ),
        agency=agency.name,
        issued_on=case.received_on,
        footer_lines=footer,
        seal_placeholder=False,
    )
