"""The yearly assessment's scoring (assessment.py) and its publication."""

from datetime import date
from decimal import Decimal

import pytest

from gongkai.supervision import assessment as a
from gongkai.supervision import indicators as ind
from gongkai.supervision import services as s
from gongkai.supervision.models import AssessmentResult

D = date.fromisoformat


def unit(*, on_time=(0, 0), policies=(0, 0), messages=(0, 0), late=0, corrected=0, unanswered=0):
    return ind.Indicators(
        catalogue=ind.CatalogueFigures(
            late=late, policies=policies[1], policies_with_interpretation=policies[0]
        ),
        applications=ind.ApplicationFigures(on_time=on_time[0], on_time_denominator=on_time[1]),
        appeals=ind.AppealFigures(filed=corrected, decided=corrected, corrected=corrected),
        messages=ind.MessageFigures(
            valid=messages[1], valid_replied=messages[0], unanswered_over_3_months=unanswered
        ),
    )


# (unit, total, grade, why) — scheme: 30 on time, 25 timeliness (−1 per late item),
# 15 interpretation, 20 message replies, 10 appeals (−2 per corrected)
SCORE_CASES = [
    (unit(), "100.0", "优秀", "no case anywhere: full points"),
    (unit(on_time=(9, 10), late=3), "94.0", "优秀", "27 + 22 + 15 + 20 + 10"),
    (
        unit(on_time=(2, 3), policies=(1, 2), messages=(5, 8)),
        "75.0",
        "合格",
        "20 + 25 + 7.5 + 12.5 + 10",
    ),
    (unit(late=30, corrected=6), "65.0", "合格", "deductions stop at zero: 30 + 0 + 15 + 20 + 0"),
    (unit(unanswered=1), "100.0", "不合格", "a message unanswered over 3 months vetoes"),
]


@pytest.mark.parametrize(("figures", "total", "grade", "why"), SCORE_CASES)
def test_score(figures, total, grade, why):
    result = a.score(figures)
    assert (str(result.total), result.grade) == (total, grade), why


def test_score_breakdown_says_how_each_line_was_scored():
    result = a.score(unit(on_time=(2, 3), late=2))
    assert [(line.points, line.basis) for line in result.lines][:2] == [
        (Decimal("20.0"), "2/3"),
        (Decimal("23.0"), "2 件，每件扣 1 分"),
    ]


def test_publish_freezes_a_finished_year_once(scenario, supervisor):
    published = s.assessment_publish(actor=supervisor, year=2025, on=D("2026-01-15"))
    with pytest.raises(s.SupervisionError) as refused:
        s.assessment_publish(actor=supervisor, year=2025, on=D("2026-01-16"))
    assert (
        [r["name"] for r in published.results][:1],
        str(refused.value),
        AssessmentResult.objects.count(),
    ) == (["示范区财政局"], "2025 年度考核结果已经公布", 1)


def test_publish_refuses_an_unfinished_year(scenario, supervisor):
    with pytest.raises(s.SupervisionError) as refused:
        s.assessment_publish(actor=supervisor, year=2026, on=D("2026-12-03"))
    assert str(refused.value) == "2026 年度尚未结束，不能公布考核结果"


REPORT_SENTENCE_CASES = [
    (
        [
            {"name": "示范区财政局", "total": "96.5", "grade": "优秀"},
            {"name": "示范区教育局", "total": "88.0", "grade": "良好"},
            {"name": "示范区城管局", "total": "100.0", "grade": "不合格"},
        ],
        "本年度对3个机关开展政务公开工作考核，其中优秀1个、良好1个、不合格1个；"
        "示范区财政局得分最高（96.5分）。考核结果已于2026年1月15日公布。",
        "grades in their order, only those present; a vetoed unit is never named best",
    ),
    (
        [{"name": "示范区城管局", "total": "100.0", "grade": "不合格"}],
        "本年度对1个机关开展政务公开工作考核，其中不合格1个。考核结果已于2026年1月15日公布。",
        "every unit failed: nobody named best",
    ),
    ([], "", "nothing published: no sentence"),
]


@pytest.mark.parametrize(("results", "sentence", "why"), REPORT_SENTENCE_CASES)
def test_the_annual_reports_sentence_on_the_assessment(results, sentence, why):
    assert a.report_sentence(results, D("2026-01-15")) == sentence, why


def test_the_government_report_starts_section_six_from_the_published_assessment(
    client, scenario, supervisor
):
    published = s.assessment_publish(actor=supervisor, year=2025, on=D("2026-01-15"))
    client.force_login(supervisor)
    page = client.get("/workbench/reports/government/2025/").content.decode()
    expected = a.report_sentence(list(published.results), D("2026-01-15"))
    assert expected.startswith(f"本年度对{len(published.results)}个机关开展政务公开工作考核")
    assert expected in page
