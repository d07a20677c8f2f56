"""The demo: messages in every state, overdue and long-unanswered ones, enquiries; idempotent."""

from collections import Counter
from datetime import date

import pytest

from gongkai.demo.interaction import load_demo_messages
from gongkai.demo.organisation import load_demo_organisation
from gongkai.interaction import states
from gongkai.interaction.clock import unanswered_over_3_months
from gongkai.interaction.models import Enquiry, Message, MessageTransfer

TODAY = date(2026, 11, 20)


@pytest.mark.django_db
def test_demo_has_every_state_and_runs_once():
    load_demo_organisation()
    assert load_demo_messages(today=TODAY) == 320
    statuses = Counter(Message.objects.values_list("status", flat=True))
    assert set(statuses) == set(states.STATUS_LABELS)
    assert Message.objects.filter(status__in=states.OPEN, due_on__lt=TODAY).exists()
    assert MessageTransfer.objects.filter(message__channel="leader_mailbox").exists()
    assert any(
        unanswered_over_3_months(received_on=r, replied_on=p, valid=v, at=TODAY)
        for r, p, v in Message.objects.values_list("received_on", "replied_on", "valid")
    )
    assert Message.objects.filter(public=True).exists()
    channels = set(Enquiry.objects.values_list("channel", flat=True))
    assert channels == {"phone", "in_person", "online"}
    assert load_demo_messages(today=TODAY) == 0
    assert Message.objects.count() == 320
