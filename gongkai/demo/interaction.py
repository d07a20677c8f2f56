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
from gongkai.demo.common import add_workdays, load, pick, workdays_back
from gongkai.interaction import services as s
from gongkai.interaction.import_services import enquiries_import, messages_import
from gongkai.interaction.message_file import ENQUIRY_COLUMNS, MessageRow, write_messages_csv
from gongkai.interaction.models import Enquiry, Message
from gongkai.workdays.selectors import get_calendar

SEED = 20261203
COUNT = 200  # through the live services, in every state
HISTORY = 40  # per agency in HISTORY_AGENCIES: closed 12345 work orders, imported
HISTORY_AGENCIES = ("城管局", "人社局", "市场监管局")
COUNTER_ENQUIRIES = 40  # registered at 住建局's counter one by one
IMPORTED_ENQUIRIES = 40  # per other agency, imported as its register
DAYS_BACK = 420

WORDS = load("interaction/words.json")
PLACES: list[str] = WORDS["places"]
SURNAMES: str = WORDS["surnames"]
GIVEN: list[str] = WORDS["given_names"]
# (agency short name, type, title, body); {place} filled in, some bodies carry personal data
# ({phone}, {name}) the privacy guard must mask before anything is shown.
SUBJECTS: list[tuple[str, str, str, str]] = [
    (s["agency"], s["type"], s["title"], s["body"]) for s in WORDS["subjects"]
]
REPLIES: dict[str, str] = WORDS["replies"]  # by message type
ENQUIRY_TOPICS: list[tuple[str, str]] = [
    (e["question"], e["answer"]) for e in WORDS["enquiry_topics"]
]
CHANNEL_WEIGHTS = {"website": 55, "hotline": 20, "email": 8, "letter": 5, "leader_mailbox": 12}
ENQUIRY_CHANNEL_WEIGHTS = {"phone": 55, "in_person": 30, "online": 15}


_DEPARTMENTS: dict[int, list] = {}


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
                received = workdays_back(calendar, today, rng.randint(0, 30))
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
            replied = add_workdays(calendar, received, rng.randint(2, 14))
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
    channel = pick(rng, CHANNEL_WEIGHTS)
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
        on = min(add_workdays(calendar, message.received_on, rng.randint(0, 2)), today)
        s.message_transfer(
            message=message, actor=admin, to_agency=intended, reason="属该机关职责范围", on=on
        )
    elif roll < 0.06 and age > 3:
        s.message_mark_invalid(
            message=message,
            actor=actor,
            reason=rng.choice(["重复留言", "无实质内容", "垃圾信息"]),
            on=min(add_workdays(calendar, message.received_on, 1), today),
        )
        return
    elif roll < 0.12 and age > 2:
        target = rng.choice([a for a in agencies.values() if a.pk != message.agency_id])
        on = min(add_workdays(calendar, message.received_on, 1), today)
        s.message_transfer(
            message=message, actor=actor, to_agency=target, reason="不属本机关职责，转有关机关办理",
            on=on,
        )  # fmt: skip
        actor = office if target.short_name == "住建局" else admin
    departments = _DEPARTMENTS.setdefault(
        message.agency_id, list(message.agency.departments.filter(is_active=True))
    )
    if departments and rng.random() < 0.4:
        on = min(add_workdays(calendar, message.received_on, 2), today)
        s.message_assign(message=message, actor=actor, department=rng.choice(departments), on=on)
    if age <= 16 and rng.random() < 0.75:
        return  # the open desk: from fresh to overdue
    if age > 70 and rng.random() < 0.04:
        return  # unanswered for more than three months: the veto the supervisors look for
    late = rng.random() < 0.12
    start = message.due_on or message.received_on
    delay = rng.randint(1, 8) if late else -rng.randint(0, 7)
    replied = (
        add_workdays(calendar, start, delay)
        if delay > 0
        else workdays_back(calendar, start, -delay)
    )
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
            channel=pick(rng, ENQUIRY_CHANNEL_WEIGHTS),
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
                [day.isoformat(), labels[pick(rng, ENQUIRY_CHANNEL_WEIGHTS)], topic, answer]
            )
        data = tabular.csv_bytes(ENQUIRY_COLUMNS, rows)
        enquiries_import(agency=agency, data=data, filename="咨询登记.csv")
