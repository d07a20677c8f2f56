"""The site inspection's part of a supervising office's circular (selectors.circular_findings)."""

from datetime import date

from gongkai.inspection.models import Finding
from gongkai.inspection.selectors import circular_findings


def _finding(agency, rule, key, veto, detail, found_on, closed_on=None):
    return Finding.objects.create(
        agency=agency,
        rule=rule,
        key=key,
        veto=veto,
        page_url="/",
        detail=detail,
        found_on=found_on,
        closed_on=closed_on,
    )


def test_vetoes_apart_then_other_findings_per_agency_and_rule(agency, other_agency):
    _finding(
        agency, "message_unanswered", "m:1", True, "留言LY-1超过3个月未答复", date(2026, 5, 31)
    )
    for n in range(1, 5):
        _finding(other_agency, "dead_link", f"l:{n}", False, f"死链{n}", date(2026, 5, 2))
    # Fixed within the period: still reported, with how many were fixed.
    _finding(agency, "dead_link", "l:9", False, "死链9", date(2026, 5, 3), date(2026, 5, 20))
    # Closed before the period and found after it: outside.
    _finding(agency, "dead_link", "l:10", False, "旧", date(2026, 3, 1), date(2026, 4, 1))
    _finding(agency, "dead_link", "l:11", False, "新", date(2026, 6, 2))

    sections = circular_findings(date(2026, 5, 1), date(2026, 5, 31))

    assert sections == [
        (
            "网站检查发现的单项否决问题",
            ["示范区住房和城乡建设局：有效留言超过3个月未答复1处（留言LY-1超过3个月未答复）。"],
        ),
        (
            "网站检查发现的其他问题",
            [
                "示范区住房和城乡建设局：链接不可用（死链）1处（死链9），已整改1处。",
                "示范区财政局：链接不可用（死链）等4处（死链1；死链2；死链3）。",
            ],
        ),
    ]


def test_no_findings_no_section(db):
    assert circular_findings(date(2026, 5, 1), date(2026, 5, 31)) == []
