"""Demo applications for the demo government: a few hundred cases over 2024–2026 in every
state and outcome, made through the real services (so letters, timelines, clocks and the
audit trail are what a clerk would have produced). Idempotent."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, User
from gongkai.demo.common import (
    add_workdays,
    in_traditional,
    load,
    pick,
    to_traditional,
    workdays_back,
)
from gongkai.info_requests import services as s
from gongkai.info_requests.models import InfoRequest
from gongkai.workdays.selectors import get_calendar

SEED = 20261122
COUNT = 320
FIRST_DAY = date(2024, 1, 2)

WORDS = load("requests/words.json")
# What applicants ask for ({year} and {place} filled in). One is written in Traditional
# characters, as an applicant from Hong Kong, Macao or Taiwan may write.
TOPICS: list[str] = WORDS["topics"]
PLACES: list[str] = WORDS["places"]
SURNAMES: str = WORDS["surnames"]
GIVEN: list[str] = WORDS["given_names"]
ORGANISATIONS: dict[str, list[str]] = WORDS["organisations"]
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
                received = add_workdays(calendar, received, 1)
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
        received = workdays_back(calendar, today, rng.randint(1, 25))
        case = _register(rng, agency, actor, received)
        scenario = OPEN_SCENARIOS[index % len(OPEN_SCENARIOS)]
        step = min(add_workdays(calendar, received, 2), today)
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
    template = rng.choice(TOPICS)
    year, place = received.year - rng.choice((0, 1)), rng.choice(PLACES)
    # The applicant who writes in Traditional characters writes the place in them too.
    topic = template.format(
        year=year, place=to_traditional(place) if in_traditional(template) else place
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
        notice = add_workdays(calendar, case.received_on, rng.randint(1, 5))
        if notice > today:
            return
        s.request_correction_notice(
            request=case,
            actor=actor,
            notice_on=notice,
            items="请写明所需信息的具体名称、年份或文号",
        )
        completed = add_workdays(calendar, notice, rng.randint(2, 20))
        if completed >= today:
            return  # still awaiting the correction
        if rng.random() < 0.35:
            if case.corrections.get().complete_by < today:
                s.request_correction_lapse(
                    request=case,
                    actor=actor,
                    on=add_workdays(calendar, case.corrections.get().complete_by, 1),
                )
            return
        s.request_correction_received(request=case, actor=actor, completed_on=completed)
        if rng.random() < 0.25:
            return _reply(
                case,
                actor,
                "unable_3",
                add_workdays(calendar, completed, rng.randint(5, 18)),
                today,
            )
    elif roll < 0.11:  # fee
        notice = add_workdays(calendar, case.received_on, rng.randint(3, 8))
        if notice >= today:
            return
        method = rng.choice(["per_piece", "per_volume"])
        quantity = rng.choice([15, 35] if method == "per_piece" else [120, 260])
        fee = s.request_fee_notice(
            request=case, actor=actor, method=method, quantity=quantity, notice_on=notice
        )
        paid = add_workdays(calendar, notice, rng.randint(3, 25))
        if paid > fee.pay_by:
            if fee.pay_by < today:
                s.request_fee_lapse(fee=fee, actor=actor, on=add_workdays(calendar, fee.pay_by, 1))
            return
        if paid >= today:
            return
        s.request_fee_paid(fee=fee, actor=actor, paid_on=paid)
    elif roll < 0.14:
        on = add_workdays(calendar, case.received_on, rng.randint(2, 10))
        if on < today:
            s.request_withdraw(request=case, actor=actor, on=on, reason="申请人书面撤回申请")
        return
    if rng.random() < 0.10:  # third-party consultation
        sent = add_workdays(calendar, case.received_on, rng.randint(3, 8))
        if sent >= today:
            return
        consultation = s.request_consult(
            request=case,
            actor=actor,
            kind="third_party",
            party=rng.choice(ORGANISATIONS["commercial"]),
            sent_on=sent,
        )
        answered = add_workdays(calendar, sent, rng.randint(3, 14))
        if answered >= today:
            return
        s.consultation_answer(
            consultation=consultation,
            actor=actor,
            answered_on=answered,
            answer=rng.choice(["consent", "object"]),
        )
    if rng.random() < 0.12 and case.due_on:  # extension
        on = add_workdays(calendar, case.received_on, rng.randint(10, 18))
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
    _reply(
        case,
        actor,
        pick(rng, REPLY_OUTCOMES),
        add_workdays(calendar, case.received_on, days),
        today,
    )
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
    filed = add_workdays(calendar, case.closed_on, rng.randint(5, 40))
    if filed >= today:
        return
    kind = rng.choice(["reconsideration", "reconsideration", "litigation"])
    result = rng.choice(["upheld", "upheld", "corrected", "other", "pending"])
    decided = add_workdays(calendar, filed, 40) if result != "pending" else None
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
