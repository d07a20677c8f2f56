"""Reads for messages and enquiries: the work queue and its urgency, a message as its writer
may see it, the public list, the monthly figures and the enquiry counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, QuerySet

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.selectors import scope_for
from gongkai.interaction import states
from gongkai.interaction.figures import MessageFact, PeriodFigures, period_figures
from gongkai.interaction.labels import ENQUIRY_CHANNELS
from gongkai.interaction.message_file import MessageRow
from gongkai.interaction.models import Enquiry, Message
from gongkai.interaction.services import query_code_matches
from gongkai.workdays.calendar import Calendar, ScheduleNotLoaded
from gongkai.workdays.selectors import get_calendar

AMBER_DAYS = 2  # working days left: amber at 2 or fewer, red once overdue


def messages_visible_to(user) -> QuerySet[Message]:
    """The disclosure office sees its agency's messages (and those it received first and
    transferred on), a department what is assigned to it, the supervising office and
    administrators every message; nobody else any."""
    scope = scope_for(user)
    messages = Message.objects.select_related("agency", "department")
    if scope.whole_government:
        return messages
    office = (
        scope.agency_ids if scope.has_role(Role.DISCLOSURE_OFFICE, Role.REVIEWER) else frozenset()
    )
    return messages.filter(
        Q(agency__in=office) | Q(home_agency__in=office) | Q(department__in=scope.department_ids)
    )


def queue(user, *, open_only=True, status="", type_="", channel="", search=""):
    messages = messages_visible_to(user)
    if status:
        messages = messages.filter(status=status)
    elif open_only:
        messages = messages.filter(status__in=states.OPEN)
    if type_:
        messages = messages.filter(type=type_)
    if channel:
        messages = messages.filter(channel=channel)
    if search:
        messages = messages.filter(
            Q(number__icontains=search) | Q(title__icontains=search) | Q(body__icontains=search)
        )
    return messages.order_by(F("due_on").asc(nulls_last=True), "-replied_on", "received_on", "pk")


@dataclass(frozen=True)
class Urgency:
    level: str  # overdue | amber | normal | closed
    days_left: int | None
    label: str


def urgency(message: Message, today: date, calendar: Calendar) -> Urgency:
    if not message.is_open:
        return Urgency("closed", None, states.STATUS_LABELS[message.status])
    if message.due_on is None:
        return Urgency("normal", None, "期限无法计算")
    try:
        left = calendar.between(today, message.due_on)
    except ScheduleNotLoaded:
        left = (message.due_on - today).days
    if message.due_on < today:
        return Urgency("overdue", left, f"已超期 {-left} 个工作日")
    if left <= AMBER_DAYS:
        return Urgency("amber", left, f"剩余 {left} 个工作日")
    return Urgency("normal", left, f"剩余 {left} 个工作日")


def message_for_writer(number: str, code: str) -> Message | None:
    """The message, only with its number and query code; None otherwise (the same answer for
    an unknown number and a wrong code)."""
    for message in (
        Message.objects.select_related("agency")
        .filter(number=number.strip())
        .exclude(query_code_hash="")
    ):
        if query_code_matches(message, code.strip()):
            return message
    return None


def public_messages(agency_id: int | None = None) -> QuerySet[Message]:
    """What the portal lists: consented, valid, answered messages, shown (masked) or hidden
    with a reason; never an unconsented or invalid one."""
    messages = Message.objects.filter(consent=True, valid=True, status__in=states.ANSWERED).filter(
        Q(public=True) | ~Q(hidden_reason="")
    )
    if agency_id:
        messages = messages.filter(agency_id=agency_id)
    return messages.select_related("agency").order_by("-replied_on", "-pk")


def monthly_figures(year: int, month: int) -> list[tuple[Agency, PeriodFigures]]:
    """Per agency for one calendar month (docs/law.md §8), and the total under `None`."""
    import calendar as months

    start = date(year, month, 1)
    end = date(year, month, months.monthrange(year, month)[1])
    cal = get_calendar()
    rows = Message.objects.filter(
        Q(received_on__range=(start, end))
        | Q(replied_on__range=(start, end))
        | Q(valid=True, received_on__lt=start, replied_on__isnull=True)
        | Q(valid=True, received_on__lt=start, replied_on__gt=end)
    ).values_list("agency_id", "received_on", "valid", "replied_on", "due_on")
    facts: dict[int, list[MessageFact]] = {}
    for agency_id, received_on, valid, replied_on, due_on in rows:
        facts.setdefault(agency_id, []).append(MessageFact(received_on, valid, replied_on, due_on))
    result = []
    for agency in Agency.objects.filter(is_active=True).order_by("sort_order", "code"):
        result.append((agency, period_figures(facts.get(agency.pk, []), start, end, cal)))
    everything = [fact for group in facts.values() for fact in group]
    result.append((None, period_figures(everything, start, end, cal)))
    return result


def message_figures(agency: Agency, start: date, end: date) -> PeriodFigures:
    """The `messages` indicators of one agency for a period (docs/interfaces.md §5)."""
    facts = [
        MessageFact(*values)
        for values in Message.objects.filter(agency=agency, received_on__lte=end).values_list(
            "received_on", "valid", "replied_on", "due_on"
        )
    ]
    return period_figures(facts, start, end, get_calendar())


def enquiry_counts(agency_ids, start: date, end: date) -> dict[str, int]:
    """Enquiries by channel (`phone`, `in_person`, `online`) and `total` in a period."""
    counts = Counter(
        Enquiry.objects.filter(agency_id__in=agency_ids, on__range=(start, end)).values_list(
            "channel", flat=True
        )
    )
    result = {channel: counts.get(channel, 0) for channel in ENQUIRY_CHANNELS}
    result["total"] = sum(result.values())
    return result


def enquiries_visible_to(user) -> QuerySet[Enquiry]:
    scope = scope_for(user)
    enquiries = Enquiry.objects.select_related("agency", "by")
    if scope.whole_government:
        return enquiries
    return enquiries.filter(agency__in=scope.agency_ids | scope.member_agency_ids)


def message_rows(messages: QuerySet[Message]) -> list[MessageRow]:
    """Messages as ledger rows (docs/interfaces.md columns), for export: the shape import reads."""
    return [
        MessageRow(
            row=index,
            number=m.number,
            channel=m.channel,
            type=m.type,
            received_on=m.received_on,
            title=m.title,
            body=m.body,
            writer_name=m.writer_name,
            contact=m.contact,
            consent=m.consent,
            valid=m.valid,
            invalid_reason=m.invalid_reason,
            replied_on=m.replied_on,
            reply=m.reply,
        )
        for index, m in enumerate(messages.order_by("received_on", "pk"), start=2)
    ]


# -- for the site inspection (gongkai.inspection) ---------------------------------------------


def messages_unanswered_over_3_months(at: date, agency_ids=None) -> list[Message]:
    """Valid messages not replied by `at` and received before the same calendar day three
    months earlier (docs/law.md §8; the veto of §7)."""
    from gongkai.interaction.clock import UNANSWERED_MONTHS, months_before

    cutoff = months_before(at, UNANSWERED_MONTHS)
    messages = Message.objects.filter(valid=True, received_on__lt=cutoff).filter(
        Q(replied_on__isnull=True) | Q(replied_on__gt=at)
    )
    if agency_ids is not None:
        messages = messages.filter(agency_id__in=agency_ids)
    return list(messages.select_related("agency").order_by("received_on", "pk"))


def questions_replied(agency_ids=None, since: date | None = None) -> QuerySet[Message]:
    """Valid messages of type 咨询 with a reply (received on or after `since`)."""
    messages = Message.objects.filter(valid=True, type="question", replied_on__isnull=False)
    if since is not None:
        messages = messages.filter(received_on__gte=since)
    if agency_ids is not None:
        messages = messages.filter(agency_id__in=agency_ids)
    return messages.select_related("agency").order_by("received_on", "pk")


# -- for the supervision indicators (gongkai.supervision) ------------------------------------


def indicator_messages(start: date, end: date, unanswered_before: date) -> QuerySet[Message]:
    """Every message a period's figures read (docs/law.md §8): received in the period, replied
    in it, or valid, received before `unanswered_before` and not replied by `end`."""
    return Message.objects.filter(
        Q(received_on__range=(start, end))
        | Q(replied_on__range=(start, end))
        | Q(valid=True, received_on__lt=unanswered_before, replied_on__isnull=True)
        | Q(valid=True, received_on__lt=unanswered_before, replied_on__gt=end)
    )


def enquiry_counts_by_unit(start: date, end: date) -> list[tuple[int, str, int]]:
    """(agency id, channel, enquiries) in a period, every agency at once."""
    from django.db.models import Count

    return list(
        Enquiry.objects.filter(on__range=(start, end))
        .values_list("agency_id", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )


def messages_by_pk(keys) -> QuerySet[Message]:
    return Message.objects.filter(pk__in=list(keys)).select_related("agency", "department")
