"""Demo applications for the demo government: a few hundred cases over 2024–2026 in every
state and outcome, made through the real services (so letters, timelines, clocks and the
audit trail are what a clerk would have produced). Idempotent."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, User
from gongkai.info_requests import services as s
from gongkai.info_requests.models import InfoRequest
from gongkai.workdays.calendar import ScheduleNotLoaded
from gongkai.workdays.selectors import get_calendar

SEED = 20261122
COUNT = 320
FIRST_DAY = date(2024, 1, 2)

TOPICS = [
    "{year}年度老旧小区改造项目清单及资金使用情况",
    "{place}棚户区改造项目的征收补偿方案",
    "{place}在建商品房项目的预售许可证及监管账户信息",
    "{year}年保障性租赁住房分配名单及审核标准",
    "{place}道路改造工程的招标文件和中标结果",
    "本人所在小区{place}物业专项维修资金的使用明细",
    "{year}年度部门预算、决算及“三公”经费说明",
    "{place}垃圾中转站环境影响评价文件",
    "对本人作出的城管行政处罚决定书（{year}年）所依据的执法记录",
    "{year}年义务教育阶段学校招生划片范围及依据",
    "{place}地块的国有土地使用权出让合同",
    "{year}年城乡居民最低生活保障资金发放情况",
    "{place}农贸市场食品安全抽检结果",
    "關於{place}舊城改造項目的規劃許可文件",  # Traditional, as some applicants write
    "{year}年度政府集中采购目录及限额标准",
    "本单位{year}年社会保险费缴费基数核定依据",
]
PLACES = [
    "青山路",
    "城东片区",
    "滨江花园",
    "建设大道",
    "示范区第三中学",
    "北门街道",
    "红星村",
    "工业园区二期",
    "南湖小区",
    "文化路",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "磊",
    "强",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "桂英",
]
ORGANISATIONS = {
    "commercial": ["示范区宏达建筑工程有限公司", "青山房地产开发有限公司", "滨江物业服务有限公司"],
    "research": ["示范区城市规划设计研究院", "南方大学公共管理学院"],
    "public_interest": ["示范区绿色家园环保志愿者协会", "示范区消费者权益保护协会"],
    "legal_services": ["广东正信律师事务所", "示范区法律援助中心"],
    "other_org": ["青山村村民委员会", "南湖小区业主委员会"],
}
APPLICANT_WEIGHTS = {
    "natural_person": 70,
    "commercial": 10,
    "research": 4,
    "public_interest": 4,
    "legal_services": 8,
    "other_org": 4,
}
CHANNEL_WEIGHTS = {"online": 55, "letter": 20, "in_person": 15, "email": 8, "fax": 2}
REPLY_OUTCOMES = {
    "granted": 38,
    "partial": 10,
    "refused_1": 1,
    "refused_2": 1,
    "refused_3": 1,
    "refused_4": 3,
    "refused_5": 2,
    "refused_6": 3,
    "refused_7": 1,
    "refused_8": 2,
    "unable_1": 16,
    "unable_2": 3,
    "not_processed_1": 2,
    "not_processed_2": 2,
    "not_processed_3": 1,
    "not_processed_4": 1,
    "not_processed_5": 1,
}
AGENCY_WEIGHTS = {
    "住建局": 30,
    "城管局": 12,
    "自然资源局": 12,
    "财政局": 8,
    "教育局": 8,
    "人社局": 6,
    "市场监管局": 6,
    "发改局": 4,
    "卫健局": 4,
    "区府办": 4,
    "城东街道": 3,
    "青山镇": 3,
}


def _add(calendar, day: date, n: int) -> date:
    """A later working day; one the calendar cannot compute yet (next year's schedule not
    loaded) has simply not happened yet for the demo."""
    try:
        return calendar.add(day, n)
    except ScheduleNotLoaded:
        return date.max


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def load_demo_requests(today: date | None = None) -> int:
    """Create the demo applications unless there are already applications. Returns how many."""
    if InfoRequest.objects.exists():
        return 0
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    calendar = get_calendar()
    agencies = {a.short_name: a for a in Agency.objects.filter(short_name__in=AGENCY_WEIGHTS)}
    office = User.objects.filter(username="gongkaiban").first()
    admin = User.objects.filter(username="admin").first()
    last_day = today - timedelta(days=1)
    span = (last_day - FIRST_DAY).days
    made = 0
    with transaction.atomic():
        for _ in range(COUNT):
            agency = agencies[pick(rng, AGENCY_WEIGHTS)]
            actor = office if agency.short_name == "住建局" else admin
            received = FIRST_DAY + timedelta(days=int(span * rng.random() ** 0.8))
            if not calendar.is_workday(received):
                received = _add(calendar, received, 1)
            if received > last_day:
                continue
            case = _register(rng, agency, actor, received)
            _progress(rng, case, actor, today, calendar)
            made += 1
        made += _current_work(rng, agencies, office, admin, today, calendar)
    return made


OPEN_SCENARIOS = [
    "registered",
    "in_progress",
    "in_progress",
    "awaiting_correction",
    "consulting",
    "fee_pending",
    "extended",
    "in_progress",
]


def _current_work(rng, agencies, office, admin, today, calendar) -> int:
    """The office's open desk: cases received in the last 25 working days, in every open
    state, with due dates from overdue to weeks away."""
    made = 0
    for index in range(40):
        agency = agencies["住建局"] if index % 2 == 0 else agencies[pick(rng, AGENCY_WEIGHTS)]
        actor = office if agency.short_name == "住建局" else admin
        received = _back(calendar, today, rng.randint(1, 25))
        case = _register(rng, agency, actor, received)
        scenario = OPEN_SCENARIOS[index % len(OPEN_SCENARIOS)]
        step = min(_add(calendar, received, 2), today)
        if scenario == "in_progress":
            s.request_accept(request=case, actor=actor)
        elif scenario == "awaiting_correction":
            s.request_correction_notice(
                request=case,
                actor=actor,
                notice_on=step,
                items="请写明所需信息的具体名称、年份或文号",
            )
        elif scenario == "consulting":
            s.request_consult(
                request=case,
                actor=actor,
                kind="third_party",
                party=rng.choice(ORGANISATIONS["commercial"]),
                sent_on=step,
            )
        elif scenario == "fee_pending":
            s.request_fee_notice(
                request=case, actor=actor, method="per_volume", quantity=260, notice_on=step
            )
        elif scenario == "extended" and case.due_on and step <= case.due_on:
            s.request_extend(
                request=case,
                actor=actor,
                approved_by="李秀英",
                reason="所需信息需向多个科室调取",
                on=step,
            )
        made += 1
    return made


def _back(calendar, today: date, n: int) -> date:
    """The working day n working days before today (for recent receipts)."""
    day = today
    while n > 0:
        day -= timedelta(days=1)
        if calendar.is_workday(day):
            n -= 1
    return day


def _register(rng, agency, actor, received):
    kind = pick(rng, APPLICANT_WEIGHTS)
    name = (
        rng.choice(SURNAMES) + rng.choice(GIVEN)
        if kind == "natural_person"
        else rng.choice(ORGANISATIONS[kind])
    )
    channel = pick(rng, CHANNEL_WEIGHTS)
    dates = {"in_person": {"submitted_on": received}, "letter": {"signed_on": received}}.get(
        channel, {"confirmed_on": received}
    )
    topic = rng.choice(TOPICS).format(
        year=received.year - rng.choice((0, 1)), place=rng.choice(PLACES)
    )
    applicant = s.Applicant(
        type=kind,
        name=name,
        contact_person=(rng.choice(SURNAMES) + rng.choice(GIVEN))
        if kind != "natural_person"
        else "",
        phone=f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}",
        email=f"applicant{rng.randint(1000, 9999)}@example.cn" if rng.random() < 0.6 else "",
        address=f"示范区{rng.choice(PLACES)}{rng.randint(1, 200)}号",
    )
    departments = list(agency.departments.all())
    case, _ = s.request_register(
        agency=agency,
        actor=actor,
        applicant=applicant,
        channel=channel,
        description=f"申请公开{topic}。",
        oral=channel == "in_person" and rng.random() < 0.2,
        department=rng.choice(departments[1:] or departments) if departments else None,
        **dates,
    )
    return case


def _progress(rng, case, actor, today, calendar):
    """Move the case as far as its age allows, along a realistic path."""
    age = calendar.between(case.received_on, today)
    roll = rng.random()
    if age <= 3:
        return  # just registered
    if roll < 0.08:  # correction
        notice = _add(calendar, case.received_on, rng.randint(1, 5))
        if notice > today:
            return
        s.request_correction_notice(
            request=case,
            actor=actor,
            notice_on=notice,
            items="请写明所需信息的具体名称、年份或文号",
        )
        completed = _add(calendar, notice, rng.randint(2, 20))
        if completed >= today:
            return  # still awaiting the correction
        if rng.random() < 0.35:
            if case.corrections.get().complete_by < today:
                s.request_correction_lapse(
                    request=case,
                    actor=actor,
                    on=_add(calendar, case.corrections.get().complete_by, 1),
                )
            return
        s.request_correction_received(request=case, actor=actor, completed_on=completed)
        if rng.random() < 0.25:
            return _reply(
                case, actor, "unable_3", _add(calendar, completed, rng.randint(5, 18)), today
            )
    elif roll < 0.11:  # fee
        notice = _add(calendar, case.received_on, rng.randint(3, 8))
        if notice >= today:
            return
        method = rng.choice(["per_piece", "per_volume"])
        quantity = rng.choice([15, 35] if method == "per_piece" else [120, 260])
        fee = s.request_fee_notice(
            request=case, actor=actor, method=method, quantity=quantity, notice_on=notice
        )
        paid = _add(calendar, notice, rng.randint(3, 25))
        if paid > fee.pay_by:
            if fee.pay_by < today:
                s.request_fee_lapse(fee=fee, actor=actor, on=_add(calendar, fee.pay_by, 1))
            return
        if paid >= today:
            return
        s.request_fee_paid(fee=fee, actor=actor, paid_on=paid)
    elif roll < 0.14:
        on = _add(calendar, case.received_on, rng.randint(2, 10))
        if on < today:
            s.request_withdraw(request=case, actor=actor, on=on, reason="申请人书面撤回申请")
        return
    if rng.random() < 0.10:  # third-party consultation
        sent = _add(calendar, case.received_on, rng.randint(3, 8))
        if sent >= today:
            return
        consultation = s.request_consult(
            request=case,
            actor=actor,
            kind="third_party",
            party=rng.choice(ORGANISATIONS["commercial"]),
            sent_on=sent,
        )
        answered = _add(calendar, sent, rng.randint(3, 14))
        if answered >= today:
            return
        s.consultation_answer(
            consultation=consultation,
            actor=actor,
            answered_on=answered,
            answer=rng.choice(["consent", "object"]),
        )
    if rng.random() < 0.12 and case.due_on:  # extension
        on = _add(calendar, case.received_on, rng.randint(10, 18))
        if on >= today or on > case.due_on:
            return
        s.request_extend(
            request=case,
            actor=actor,
            approved_by="李秀英",
            reason="所需信息涉及多个科室，需进一步检索核实",
            on=on,
        )
    if case.due_on is None:
        return
    total = calendar.between(case.received_on, case.due_on)
    days = rng.randint(2, max(2, total - 1)) if rng.random() < 0.95 else total + rng.randint(1, 4)
    _reply(case, actor, pick(rng, REPLY_OUTCOMES), _add(calendar, case.received_on, days), today)
    if case.status == "replied" and case.outcome.startswith(("refused", "unable")):
        _appeal(rng, case, actor, today, calendar)


def _reply(case, actor, outcome, on, today):
    if on >= today:
        return
    s.request_reply(
        request=case,
        actor=actor,
        outcome=outcome,
        replied_on=on,
        note="经检索，相关信息情况如下。",
        other_agency_name="示范区自然资源局" if outcome == "unable_1" else "",
    )


def _appeal(rng, case, actor, today, calendar):
    if rng.random() > 0.35:
        return
    filed = _add(calendar, case.closed_on, rng.randint(5, 40))
    if filed >= today:
        return
    kind = rng.choice(["reconsideration", "reconsideration", "litigation"])
    result = rng.choice(["upheld", "upheld", "corrected", "other", "pending"])
    decided = _add(calendar, filed, 40) if result != "pending" else None
    if decided and decided >= today:
        result, decided = "pending", None
    s.appeal_record(
        request=case,
        actor=actor,
        kind=kind,
        filed_on=filed,
        litigation_kind="direct" if kind == "litigation" else "",
        body="示范区人民政府" if kind == "reconsideration" else "示范区人民法院",
        result=result,
        decided_on=decided,
    )
