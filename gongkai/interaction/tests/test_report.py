"""Enquiry counts by channel reach the annual report's section 一 (docs/law.md §8)."""

from datetime import date

import pytest

from gongkai.interaction.services import enquiry_register
from gongkai.reports.narrative import suggested_overview
from gongkai.reports.selectors import proactive_facts


@pytest.mark.django_db
def test_section_one_counts_enquiries_by_channel(agency, other_agency):
    for channel, on in (("phone", "2025-03-03"), ("phone", "2025-06-01"), ("online", "2025-12-31"),
                        ("in_person", "2024-12-31")):  # fmt: skip
        enquiry_register(
            agency=agency,
            actor=None,
            channel=channel,
            topic="公租房申请条件",
            on=date.fromisoformat(on),
        )
    enquiry_register(
        agency=other_agency, actor=None, channel="phone", topic="x", on=date(2025, 5, 5)
    )
    facts = proactive_facts([agency], 2025)
    assert facts["enquiries"] == {"phone": 2, "in_person": 0, "online": 1, "total": 3}
    text = suggested_overview({"year": 2025, "facts": facts})
    assert "通过电话、当面、网上等渠道答复公众咨询3次（电话2次，当面0次，网上1次）。" in text
