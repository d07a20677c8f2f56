# ruff: noqa: E501 - Chinese sample texts and expected messages stay whole
"""Demo messages and enquiries for the demo government: a few hundred messages over the last
fourteen months in every state (replied on time and late, rated, closed, transferred, invalid,
open with days left, overdue, and a few unanswered for more than three months), and the
enquiry registers, all made through the real services. Idempotent."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, User
from gongkai.core import tabular
from gongkai.interaction import services as s
from gongkai.interaction.import_services import enquiries_import, messages_import
from gongkai.interaction.message_file import ENQUIRY_COLUMNS, MessageRow, write_messages_csv
from gongkai.interaction.models import Enquiry, Message
from gongkai.workdays.calendar import ScheduleNotLoaded
from gongkai.workdays.selectors import get_calendar

SEED = 20261203
COUNT = 200  # through the live services, in every state
HISTORY = 40  # per agency in HISTORY_AGENCIES: closed 12345 work orders, imported
HISTORY_AGENCIES = ("城管局", "人社局", "市场监管局")
COUNTER_ENQUIRIES = 40  # registered at 住建局's counter one by one
IMPORTED_ENQUIRIES = 40  # per other agency, imported as its register
DAYS_BACK = 420

PLACES = [
    "青山路",
    "南湖小区",
    "滨江花园",
    "建设大道",
    "文化路",
    "红星村",
    "工业园区二期",
    "北门街",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "磊", "强", "军", "洋", "勇", "艳", "杰", "涛"]

# (agency short name, type, title, body); {place} filled in, some bodies carry personal data
# the privacy guard must mask before anything is shown.
SUBJECTS = [
    (
        "住建局",
        "complaint",
        "{place}工地夜间施工噪音扰民",
        "{place}旁的工地每天晚上十一点后仍在施工，噪音很大，严重影响休息，请尽快处理。",
    ),
    (
        "住建局",
        "question",
        "公租房申请需要哪些材料",
        "请问本区公租房申请需要准备哪些材料，到哪里办理？我的电话是{phone}。",
    ),
    (
        "住建局",
        "complaint",
        "{place}物业维修资金使用不透明",
        "我是{place}业主{name}，物业公司动用专项维修资金未经业主表决，请主管部门核查。",
    ),
    (
        "住建局",
        "help",
        "{place}老旧小区改造进度咨询",
        "{place}列入改造计划已一年，至今未开工，雨天楼道漏水，请帮助协调。",
    ),
    (
        "城管局",
        "complaint",
        "{place}占道经营影响通行",
        "{place}早市摊贩占用人行道和机动车道，早高峰时段通行困难。",
    ),
    (
        "城管局",
        "suggestion",
        "建议在{place}增设垃圾分类投放点",
        "{place}附近垃圾分类投放点太少，居民需步行较远，建议增设。",
    ),
    (
        "教育局",
        "question",
        "义务教育招生划片范围",
        "请问今年{place}片区的小学招生划片范围是否有调整？",
    ),
    (
        "教育局",
        "help",
        "孩子入学材料办理",
        "我家孩子今年入学，户籍在外地，需要办理哪些证明？联系电话{phone}。",
    ),
    (
        "人社局",
        "complaint",
        "公司拖欠工资",
        "我在{place}一家公司工作，公司已拖欠三个月工资，请劳动监察部门处理。本人{name}。",
    ),
    (
        "人社局",
        "question",
        "灵活就业人员社保缴费",
        "请问灵活就业人员如何缴纳养老保险，缴费基数是多少？",
    ),
    (
        "卫健局",
        "suggestion",
        "建议延长社区卫生服务中心开放时间",
        "{place}社区卫生服务中心下午五点关门，上班族无法就诊，建议周末开放。",
    ),
    (
        "市场监管局",
        "complaint",
        "{place}农贸市场缺斤短两",
        "在{place}农贸市场买菜多次发现缺斤短两，请加强监管。",
    ),
    (
        "自然资源局",
        "question",
        "不动产登记办理时限",
        "请问二手房过户的不动产登记一般需要多少个工作日？",
    ),
    ("财政局", "question", "部门预算公开时间", "请问今年各部门预算什么时候在网站公开？"),
    (
        "发改局",
        "suggestion",
        "{place}公交线路优化建议",
        "{place}到区政务服务中心没有直达公交，建议调整线路。",
    ),
    (
        "城东街道",
        "help",
        "{place}路灯损坏多日无人修",
        "{place}路段有五盏路灯损坏已两周，夜间行人不安全。",
    ),
    (
        "青山镇",
        "complaint",
        "红星村河道垃圾堆积",
        "红星村河道垃圾堆积多日，气味难闻，请镇政府组织清理。",
    ),
    (
        "区府办",
        "suggestion",
        "对区政务服务中心窗口服务的建议",
        "政务服务中心周六上午人多窗口少，建议增开窗口。",
    ),
]
REPLIES = {
    "complaint": "您反映的问题已收悉。经我局调查核实，已责成有关单位立即整改，并将加强日常巡查。感谢您的监督。",
    "question": "您咨询的问题答复如下：请携带身份证、户口簿及相关证明材料到区政务服务中心相应窗口办理，具体可登录本网站查阅办事指南。",
    "suggestion": "感谢您提出的宝贵建议。我们已将建议转交有关科室研究，将在下一步工作中统筹考虑。",
    "help": "您反映的情况已收悉。我们已安排工作人员现场查看，正在协调有关单位尽快解决。",
    "other": "您的留言已收悉，感谢您对我们工作的关心和支持。",
}
ENQUIRY_TOPICS = [
    ("公租房申请条件", "告知申请条件及所需材料，建议到政务服务中心住房保障窗口提交"),
    ("依申请公开如何提交", "介绍网上申请、当面申请和信函申请三种方式"),
    ("政府信息公开指南在哪里查看", "告知网站“公开指南”栏目"),
    ("不动产登记办理地点", "告知政务服务中心三楼不动产登记窗口"),
    ("社保缴费基数", "告知当年缴费基数上下限"),
    ("义务教育招生时间", "告知招生公告发布时间及报名方式"),
    ("办事时间", "工作日上午8:30—12:00，下午14:30—17:30"),
    ("某文件是否已公开", "指导在公开目录中按文号检索"),
]
CHANNEL_WEIGHTS = {"website": 55, "hotline": 20, "email": 8, "letter": 5, "leader_mailbox": 12}
ENQUIRY_CHANNEL_WEIGHTS = {"phone": 55, "in_person": 30, "online": 15}


_DEPARTMENTS: dict[int, list] = {}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _add(calendar, day: date, n: int) -> date:
    try:
        return calendar.add(day, n)
    except ScheduleNotLoaded:
        return date.max


def _back(calendar, today: date, n: int) -> date:
    """The working day n working days before today."""
    day = today
    while n > 0:
        day -= timedelta(days=1)
        if calendar.is_workday(day):
            n -= 1
    return day


def load_demo_messages(today: date | None = None) -> int:
    """Create the demo messages and enquiries unless there are messages. Returns how many
    messages were made."""
    if Message.objects.exists():
        return 0
    _DEPARTMENTS.clear()
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    calendar = get_calendar()
    agencies = {a.short_name: a for a in Agency.objects.filter(is_active=True)}
    if "住建局" not in agencies:
        return 0
    office = User.objects.filter(username="gongkaiban").first()
    admin = User.objects.filter(username="admin").first()
    made = 0
    with transaction.atomic():
        for index in range(COUNT):
            # The last 30 working days hold the open desk; older messages are mostly done.
            if index % 4 == 0:
                received = _back(calendar, today, rng.randint(0, 30))
            else:
                received = today - timedelta(days=int(DAYS_BACK * rng.random() ** 0.9))
            subject = SUBJECTS[index % len(SUBJECTS)]
            agency = agencies.get(subject[0]) or agencies["住建局"]
            actor = office if agency.short_name == "住建局" else admin
            message = _receive(rng, agency, subject, received)
            _progress(rng, message, agency, actor, today, calendar, agencies, office, admin)
            made += 1
        made += _history(rng, agencies, today, calendar)
        _enquiries(rng, agencies, office, today)
    return made


def _history(rng, agencies, today, calendar) -> int:
    """Older hot-line work orders the agencies moved in with, through the ledger import."""
    made = 0
    for short in HISTORY_AGENCIES:
        agency = agencies.get(short)
        if agency is None:
            continue
        rows = []
        subjects = [x for x in SUBJECTS if x[0] == short] or SUBJECTS[:1]
        for n in range(HISTORY):
            _, type_, title, body = rng.choice(subjects)
            place = rng.choice(PLACES)
            received = today - timedelta(days=rng.randint(120, DAYS_BACK))
            replied = _add(calendar, received, rng.randint(2, 14))
            rows.append(
                MessageRow(
                    row=n + 2,
                    number=f"12345-{received.year}-{agency.code[-4:]}{n:04d}",
                    channel="hotline",
                    type=type_,
                    received_on=received,
                    title=title.format(place=place),
                    body=body.format(place=place, name="市民", phone="（略）"),
                    writer_name="",
                    contact="",
                    consent=rng.random() < 0.5,
                    valid=True,
                    invalid_reason="",
                    replied_on=replied,
                    reply=REPLIES[type_],
                )
            )
        result = messages_import(
            agency=agency, data=write_messages_csv(rows), filename="12345工单.csv"
        )
        made += result.created
    return made


def _receive(rng, agency, subject, received):
    _, type_, title, body = subject
    channel = _pick(rng, CHANNEL_WEIGHTS)
    if channel == "leader_mailbox":
        agency = s.government_office(agency) or agency
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    phone = f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}"
    place = rng.choice(PLACES)
    message, _ = s.message_receive(
        agency=agency,
        actor=None,
        channel=channel,
        type=type_,
        title=title.format(place=place),
        body=body.format(place=place, name=name, phone=phone),
        writer_name=name,
        contact=phone,
        consent=rng.random() < 0.65,
        received_on=received,
        source="portal" if channel in ("website", "leader_mailbox") else "register",
    )
    return message


def _progress(rng, message, intended, actor, today, calendar, agencies, office, admin):
    age = calendar.between(message.received_on, today)
    roll = rng.random()
    if message.agency_id != intended.pk:
        # The government office routes the leader's mailbox on to the agency that answers.
        on = min(_add(calendar, message.received_on, rng.randint(0, 2)), today)
        s.message_transfer(
            message=message, actor=admin, to_agency=intended, reason="属该机关职责范围", on=on
        )
    elif roll < 0.06 and age > 3:
        s.message_mark_invalid(
            message=message,
            actor=actor,
            reason=rng.choice(["重复留言", "无实质内容", "垃圾信息"]),
            on=min(_add(calendar, message.received_on, 1), today),
        )
        return
    elif roll < 0.12 and age > 2:
        target = rng.choice([a for a in agencies.values() if a.pk != message.agency_id])
        on = min(_add(calendar, message.received_on, 1), today)
        s.message_transfer(
            message=message, actor=actor, to_agency=target, reason="不属本机关职责，转有关机关办理",
            on=on,
        )  # fmt: skip
        actor = office if target.short_name == "住建局" else admin
    departments = _DEPARTMENTS.setdefault(
        message.agency_id, list(message.agency.departments.filter(is_active=True))
    )
    if departments and rng.random() < 0.4:
        on = min(_add(calendar, message.received_on, 2), today)
        s.message_assign(message=message, actor=actor, department=rng.choice(departments), on=on)
    if age <= 16 and rng.random() < 0.75:
        return  # the open desk: from fresh to overdue
    if age > 70 and rng.random() < 0.04:
        return  # unanswered for more than three months: the veto the supervisors look for
    late = rng.random() < 0.12
    start = message.due_on or message.received_on
    delay = rng.randint(1, 8) if late else -rng.randint(0, 7)
    replied = _add(calendar, start, delay) if delay > 0 else _back(calendar, start, -delay)
    replied = max(replied, message.received_on)
    if replied > today:
        return
    s.message_reply(message=message, actor=actor, reply=REPLIES[message.type], replied_on=replied)
    after = rng.random()
    if after < 0.45:
        satisfaction = rng.choices(
            ["satisfied", "fairly_satisfied", "dissatisfied"], weights=[70, 20, 10]
        )[0]
        s.message_rate(
            message=message, satisfaction=satisfaction, on=min(replied + timedelta(days=2), today)
        )
    elif after < 0.75 and replied < today - timedelta(days=30):
        s.message_close(message=message, actor=actor, on=replied + timedelta(days=30))
    if message.public and rng.random() < 0.03:
        s.message_hide(message=message, actor=actor, reason="涉及他人隐私")


def _enquiries(rng, agencies, office, today) -> None:
    """住建局's counter registers its enquiries one by one; the other agencies brought their
    registers as files."""
    if Enquiry.objects.exists():
        return
    for _ in range(COUNTER_ENQUIRIES):
        topic, answer = rng.choice(ENQUIRY_TOPICS)
        s.enquiry_register(
            agency=agencies["住建局"],
            actor=office,
            channel=_pick(rng, ENQUIRY_CHANNEL_WEIGHTS),
            topic=topic,
            answer=answer,
            minutes=rng.choice([2, 3, 5, 5, 8, 10, 15]),
            on=today - timedelta(days=int(DAYS_BACK * rng.random())),
        )
    labels = {"phone": "电话", "in_person": "当面", "online": "网上"}
    for short, agency in agencies.items():
        if short == "住建局":
            continue
        rows = []
        for _ in range(IMPORTED_ENQUIRIES):
            topic, answer = rng.choice(ENQUIRY_TOPICS)
            day = today - timedelta(days=int(DAYS_BACK * rng.random()))
            rows.append(
                [day.isoformat(), labels[_pick(rng, ENQUIRY_CHANNEL_WEIGHTS)], topic, answer]
            )
        data = tabular.csv_bytes(ENQUIRY_COLUMNS, rows)
        enquiries_import(agency=agency, data=data, filename="咨询登记.csv")
