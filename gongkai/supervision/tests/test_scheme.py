"""The editable yearly assessment scheme (考核方案, Art. 51–53): scoring by each rule, the
veto's consequences, validation, the page, the freeze at publication."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.supervision import assessment as a
from gongkai.supervision import services as s
from gongkai.supervision.models import AssessmentResult, AssessmentScheme
from gongkai.supervision.selectors import assessment_scheme
from gongkai.supervision.tests.test_assessment import unit

D = date.fromisoformat
C = a.Criterion


def scheme(*criteria, veto_fails=True, veto_per_case="0"):
    return a.Scheme(tuple(criteria), veto_fails, Decimal(veto_per_case))


BANDS = ((Decimal(95), Decimal(100)), (Decimal(80), Decimal(60)))
ON_TIME_BANDS = C("applications_on_time", "按时答复", Decimal(40), "bands", bands=BANDS)
ON_TIME_RATE = C("applications_on_time", "按时答复", Decimal(40), "rate")
LATE = C("catalogue_late", "及时发布", Decimal(60), "deduction", Decimal("1.5"))

# (scheme, unit, total, grade, why) — every value worked out by hand
SCHEME_CASES = [
    (
        scheme(ON_TIME_RATE, LATE),
        unit(on_time=(3, 4), late=4),
        "84.0",
        "良好",
        "rate 40 × 3/4 = 30; 60 − 1.5 × 4 = 54",
    ),
    (
        scheme(ON_TIME_BANDS, LATE),
        unit(on_time=(19, 20)),
        "100.0",
        "优秀",
        "95% reaches the 95 band: 40 × 100%; no late item: 60",
    ),
    (
        scheme(ON_TIME_BANDS, LATE),
        unit(on_time=(18, 20)),
        "84.0",
        "良好",
        "90% falls in the 80 band: 40 × 60% = 24; + 60",
    ),
    (
        scheme(ON_TIME_BANDS, LATE),
        unit(on_time=(3, 4), late=50),
        "0.0",
        "不合格",
        "75% is below every band: 0; 60 − 75 stops at 0",
    ),
    (
        scheme(ON_TIME_BANDS, LATE),
        unit(late=2),
        "97.0",
        "优秀",
        "no application: full 40; 60 − 3 = 57",
    ),
    (
        scheme(ON_TIME_RATE, LATE, veto_fails=False, veto_per_case="5"),
        unit(unanswered=2),
        "90.0",
        "优秀",
        "veto deducts 5 × 2 = 10 from 100, does not fail",
    ),
    (
        scheme(ON_TIME_RATE, LATE, veto_fails=True, veto_per_case="5"),
        unit(unanswered=1),
        "95.0",
        "不合格",
        "veto deducts 5 and fails the grade",
    ),
    (
        scheme(ON_TIME_RATE, LATE, veto_fails=False),
        unit(unanswered=3),
        "100.0",
        "优秀",
        "veto neither fails nor deducts: only listed",
    ),
]


@pytest.mark.parametrize(("the_scheme", "figures", "total", "grade", "why"), SCHEME_CASES)
def test_score_by_the_years_scheme(the_scheme, figures, total, grade, why):
    result = a.score(figures, the_scheme)
    assert (str(result.total), result.grade) == (total, grade), why


def test_bands_basis_says_the_rate_and_the_share():
    result = a.score(unit(on_time=(18, 20)), scheme(ON_TIME_BANDS, LATE))
    assert result.lines[0].basis == "18/20（90.0%），得该项 60%"


def row(key="", label="", points="", rule="", per_case="", bands=""):
    return {
        "key": key,
        "label": label,
        "points": points,
        "rule": rule,
        "per_case": per_case,
        "bands": bands,
    }


GOOD = [
    row("applications_on_time", "", "40", "bands", bands="95:100，80：60"),
    row("catalogue_late", "及时发布", "60", "deduction", "1.5"),
    row(),
]

# (rows, veto_per_case, messages) — refused, each problem named
REFUSED = [
    (
        [
            row("applications_on_time", "", "40", "rate"),
            row("catalogue_late", "", "50", "deduction", "1"),
        ],
        "0",
        ["各考核项分值合计应为 100 分，现为 90 分"],
    ),
    (
        [row("applications_on_time", "", "100", "deduction", "1")],
        "0",
        ["第 1 行：指标“依申请公开按时答复率”的计分方法只能是按比率得分、按比率分档"],
    ),
    (
        [row("catalogue_late", "", "100", "rate")],
        "0",
        ["第 1 行：指标“主动公开超期发布条数”的计分方法只能是按件扣分"],
    ),
    (
        [row("catalogue_late", "", "100", "deduction", "-1")],
        "0",
        ["第 1 行：每件扣分应为大于 0、不超过 100 的数，最多一位小数"],
    ),
    (
        [row("applications_on_time", "", "100", "bands", bands="80:60,95:100")],
        "0",
        ["第 1 行：分档应按比率下限从高到低排列，得分比例不得随比率降低而升高"],
    ),
    (
        [row("applications_on_time", "", "100", "bands", bands="95")],
        "0",
        ["第 1 行：分档“95”格式不对，应为“比率下限:得分比例”，例如“95:100”"],
    ),
    (
        [row("applications_on_time", "", "100", "bands", bands="")],
        "0",
        ["第 1 行：请填写分档，例如“95:100,80:60”"],
    ),
    (
        [row("applications_on_time", "", "abc", "rate")],
        "0",
        ["第 1 行：分值应为大于 0、不超过 100 的数，最多一位小数"],
    ),
    (
        [
            row("applications_on_time", "", "50", "rate"),
            row("applications_on_time", "", "50", "rate"),
        ],
        "0",
        ["第 2 行：指标“依申请公开按时答复率”重复", "各考核项分值合计应为 100 分，现为 50 分"],
    ),
    ([row("nonsense", "", "100", "rate")], "0", ["第 1 行：请选择考核指标"]),
    ([row()], "0", ["考核方案至少要有一个考核项"]),
    (
        [row("applications_on_time", "", "100", "rate")],
        "NaN",
        ["单项否决每条扣分应为 0 到 100 之间的数，最多一位小数"],
    ),
]


@pytest.mark.parametrize(("rows", "veto", "messages"), REFUSED)
def test_parse_scheme_refuses_with_chinese_messages(rows, veto, messages):
    with pytest.raises(a.SchemeError) as refused:
        a.parse_scheme(rows, veto_fails=True, veto_per_case=veto)
    assert refused.value.messages == messages


def test_parse_scheme_reads_bands_with_chinese_punctuation():
    parsed = a.parse_scheme(GOOD, veto_fails=False, veto_per_case="2")
    assert parsed == scheme(
        C("applications_on_time", "依申请公开按时答复率", Decimal(40), "bands", bands=BANDS),
        C("catalogue_late", "及时发布", Decimal(60), "deduction", Decimal("1.5")),
        veto_fails=False,
        veto_per_case="2",
    )


def test_a_year_without_a_scheme_gets_the_default(db):
    assert assessment_scheme(2025) == a.DEFAULT_SCHEME


def test_save_then_publish_scores_by_the_saved_scheme(scenario, supervisor):
    s.assessment_scheme_save(
        actor=supervisor, year=2025, rows=GOOD, veto_fails=False, veto_per_case="2"
    )
    published = s.assessment_publish(actor=supervisor, year=2025, on=D("2026-01-15"))
    assert [line["label"] for line in published.results[0]["lines"]] == [
        "依申请公开按时答复率",
        "及时发布",
    ]
    assert published.scheme[-1]["rule_text"] == ("年末有有效留言超过三个月未答复的，每条扣 2.0 分")
    with pytest.raises(s.SupervisionError) as refused:
        s.assessment_scheme_save(
            actor=supervisor, year=2025, rows=GOOD, veto_fails=True, veto_per_case="0"
        )
    assert str(refused.value) == "2025 年度考核结果已经公布，考核方案不能再修改"
    saved = AssessmentScheme.objects.get(year=2025)
    assert (
        saved.veto_fails,
        AuditRecord.objects.filter(action="supervision.assessment_scheme_update").count(),
    ) == (False, 1)


def test_only_the_supervising_office_edits_the_scheme(office):
    with pytest.raises(s.SupervisionError):
        s.assessment_scheme_save(
            actor=office, year=2025, rows=GOOD, veto_fails=True, veto_per_case="0"
        )
    assert AssessmentScheme.objects.count() == 0


def _post(rows, veto_fails=True, veto_per_case="0"):
    data = {"veto_per_case": veto_per_case}
    if veto_fails:
        data["veto_fails"] = "on"
    for number, r in enumerate(rows):
        for name, value in r.items():
            data[f"{name}-{number}"] = value
    return data


def test_scheme_page_shows_the_default_and_saves(client, supervisor):
    client.force_login(supervisor)
    url = reverse("supervision:assessment_scheme") + "?year=2025"
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert 'value="主动公开及时性（超期发布每条扣1分）"' in text
    saved = client.post(url, _post(GOOD, veto_fails=False, veto_per_case="2"))
    assert saved.status_code == 302
    assert AssessmentScheme.objects.get(year=2025).criteria[0]["bands"] == "95:100,80:60"


def test_scheme_page_refuses_bad_input_and_keeps_what_was_typed(client, supervisor):
    client.force_login(supervisor)
    url = reverse("supervision:assessment_scheme") + "?year=2025"
    bad = [row("applications_on_time", "我的考核项", "40", "rate", per_case="7")]
    page = client.post(url, _post(bad))
    text = page.content.decode()
    assert page.status_code == 400
    assert "各考核项分值合计应为 100 分，现为 40 分" in text
    assert ('value="我的考核项"' in text, 'name="per_case-0" value="7"' in text) == (True, True)
    assert AssessmentScheme.objects.count() == 0


def test_scheme_page_is_frozen_after_publication(client, supervisor):
    AssessmentResult.objects.create(
        year=2024, scheme=[], results=[], published_on=D("2025-01-10"), published_by=supervisor
    )
    client.force_login(supervisor)
    url = reverse("supervision:assessment_scheme") + "?year=2024"
    page = client.post(url, _post(GOOD))
    assert page.status_code == 400
    assert "2024 年度考核结果已经公布，考核方案不能再修改" in page.content.decode()
    assert AssessmentScheme.objects.count() == 0


@pytest.mark.parametrize("query", ["", "?year=abc", "?year=1999"])
def test_scheme_page_saves_only_to_a_named_valid_year(client, supervisor, query):
    client.force_login(supervisor)
    page = client.post(reverse("supervision:assessment_scheme") + query, _post(GOOD))
    assert (page.status_code, "请先选择考核年度" in page.content.decode()) == (400, True)
    assert AssessmentScheme.objects.count() == 0
