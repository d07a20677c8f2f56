"""A small government with hand-made records whose figures are worked out by hand in the
tests (dates against the 2025 schedule: 国庆中秋 off 10-01..10-08, worked 09-28 and 10-11)."""

from datetime import date
from itertools import count

import pytest

from gongkai.accounts.models import Role, RoleAssignment
from gongkai.accounts.tests.factories import UserFactory
from gongkai.catalogue.models import Item
from gongkai.info_requests.models import Appeal, Correction, InfoRequest
from gongkai.interaction.models import Enquiry, Message

D = date.fromisoformat
_serial = count(1)


def make_item(
    agency,
    written,
    published,
    *,
    department=None,
    genre="notice",
    is_policy=False,
    interprets=None,
    title="",
):
    n = next(_serial)
    return Item.objects.create(
        agency=agency,
        department=department,
        title=title or f"测试信息{n}",
        issuing_agency=agency.name,
        written_on=D(written),
        published_on=D(published),
        statutory_category="1",
        genre=genre,
        is_policy=is_policy,
        interprets=interprets,
        status="published",
        index_number=f"{agency.code}/T-{n:05d}",
    )


def make_case(
    agency, received, *, replied=None, outcome="", department=None, extended=False, title=""
):
    n = next(_serial)
    closed = replied is not None
    return InfoRequest.objects.create(
        agency=agency,
        department=department,
        year=D(received).year,
        serial=n,
        number=f"{agency.code}-T-{n:05d}",
        applicant_type="natural_person",
        applicant_name="张三",
        description=title or f"测试申请{n}",
        channel="online",
        received_on=D(received),
        status="replied"
        if closed and outcome not in ("other_1", "other_2")
        else ("abandoned" if closed else "in_progress"),
        outcome=outcome if closed else "",
        closed_on=D(replied) if closed else None,
        extended=extended,
    )


def make_message(agency, received, *, valid=True, replied=None, due=None):
    n = next(_serial)
    return Message.objects.create(
        home_agency=agency,
        agency=agency,
        year=D(received).year,
        serial=n,
        number=f"LY-T-{n:05d}",
        channel="website",
        type="question",
        title=f"测试留言{n}",
        body="内容",
        valid=valid,
        invalid_reason="" if valid else "重复留言",
        received_on=D(received),
        replied_on=D(replied) if replied else None,
        due_on=D(due) if due else None,
        reply="答复内容" if replied else "",
        status=("replied" if replied else "received") if valid else "invalid",
    )


@pytest.fixture
def scenario(agency, other_agency, department):
    """October 2025 in two agencies (expected figures in test_selectors.py)."""
    # 住建局: items 20 and 21 working days across 国庆 (one late), a policy with its
    # interpretation, a policy without; one item outside the period.
    make_item(agency, "2025-09-26", "2025-10-30", department=department, genre="normative_document")
    make_item(agency, "2025-09-26", "2025-10-31", department=department, title="逾期发布的通知")
    policy = make_item(
        agency, "2025-10-09", "2025-10-10", genre="normative_document", is_policy=True
    )
    make_item(agency, "2025-10-10", "2025-10-13", genre="interpretation", interprets=policy)
    make_item(agency, "2025-10-13", "2025-10-14", genre="normative_document", is_policy=True)
    make_item(agency, "2025-08-01", "2025-09-30")
    # 财政局: one item, 1 working day over 国庆.
    make_item(other_agency, "2025-09-30", "2025-10-09")

    # Applications of 住建局: due = received + 20 working days.
    make_case(agency, "2025-09-26", replied="2025-10-30", outcome="granted")  # on the due day
    make_case(agency, "2025-09-26", replied="2025-10-31", outcome="granted")  # a day late
    make_case(
        agency, "2025-08-20", department=department, title="逾期未答复的申请"
    )  # open, due 2025-09-17: overdue
    lapsed = make_case(agency, "2025-10-09", replied="2025-10-20", outcome="other_1")
    Correction.objects.create(
        request=lapsed,
        notice_on=D("2025-10-10"),
        complete_by=D("2025-10-20"),
        items="补充身份证明",
        lapsed_on=D("2025-10-20"),
    )
    # corrected after a notice: the clock restarts on 10-15, due 11-12 (20 working days)
    corrected = make_case(agency, "2025-09-30", replied="2025-11-10", outcome="granted")
    Correction.objects.create(
        request=corrected,
        notice_on=D("2025-10-09"),
        complete_by=D("2025-10-16"),
        items="补充",
        completed_on=D("2025-10-15"),
    )
    appealed = make_case(agency, "2025-06-02", replied="2025-06-20", outcome="granted")
    Appeal.objects.create(
        request=appealed, kind="reconsideration", filed_on=D("2025-10-15"), result="corrected"
    )
    Appeal.objects.create(
        request=appealed, kind="reconsideration", filed_on=D("2025-10-16"), result="pending"
    )

    # Messages of 住建局.
    make_message(agency, "2025-10-09", replied="2025-10-20", due="2025-10-23")  # on time, 8 days
    make_message(agency, "2025-10-09", valid=False)
    make_message(agency, "2025-07-30")  # unanswered, before 07-31 = 3 months before 10-31
    make_message(agency, "2025-07-31")  # on the cut-off day: not yet
    Enquiry.objects.create(agency=agency, on=D("2025-10-10"), channel="phone", topic="问")
    Enquiry.objects.create(agency=agency, on=D("2025-10-11"), channel="online", topic="问")
    Enquiry.objects.create(agency=other_agency, on=D("2025-10-11"), channel="in_person", topic="问")
    return agency, other_agency


@pytest.fixture
def supervisor(db):
    person = UserFactory(username="zhuguan_t", display_name="主管部门测试")
    RoleAssignment.objects.create(user=person, role=Role.SUPERVISING_OFFICE)
    return person


@pytest.fixture
def office(agency):
    person = UserFactory(username="gkb_t", display_name="公开办测试", email="gkb@example.cn")
    RoleAssignment.objects.create(user=person, role=Role.DISCLOSURE_OFFICE, agency=agency)
    return person
