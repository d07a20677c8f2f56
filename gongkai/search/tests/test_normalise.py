"""Normalisation: the same text whichever script, width or bracket it was written in."""

import pytest
from opencc import OpenCC

from gongkai.search.normalise import doc_number_key, normalise, to_simplified


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        # Document numbers (文号) in every written form → one.
        ("慶政發〔2005〕32號", "庆政发[2005]32号"),
        ("庆政发〔2005〕32号", "庆政发[2005]32号"),
        ("庆政发[2005]32号", "庆政发[2005]32号"),
        ("庆政发［2005］32号", "庆政发[2005]32号"),
        ("庆政发(2005)32号", "庆政发[2005]32号"),
        ("庆政发（2005）32号", "庆政发[2005]32号"),
        ("庆政发【2005】32号", "庆政发[2005]32号"),
        ("庆政发 〔2005〕 32 号", "庆政发[2005]32号"),
        ("庆政发［２００５］３２号", "庆政发[2005]32号"),
        ("粵府〔2016〕88號", "粤府[2016]88号"),
        ("国令第588号", "国令第588号"),
        # Traditional → Simplified, phrase by phrase as OpenCC does.
        ("政務公開年度報告", "政务公开年度报告"),
        ("老舊小區改造", "老旧小区改造"),
        ("乾隆年間", "乾隆年间"),
        ("乾燥", "干燥"),
        ("瞭解情況", "了解情况"),
        ("張鳳彪", "张凤彪"),
        # Width and case.
        ("ＧＤＰ增長５．８％", "gdp增长5.8%"),
        ("PM2.5　监测", "pm2.5 监测"),
        # Brackets that hold no year are left alone.
        ("规划(2021-2025)", "规划(2021-2025)"),
        ("（一）行政法规", "(一)行政法规"),
    ],
)
def test_normalise(typed, normal):
    assert normalise(typed) == normal


def test_the_fast_conversion_gives_what_opencc_gives_on_the_seed_documents():
    text = (
        "合肥市城管局2018年政務公開年度報告是由合肥市城管局發布的報告。根據政務公開年度考核要求，"
        "我局對2018年的政務公開工作進行了總結，一目瞭然，乾坤未定，著作權，於是覆蓋全區。"
    )
    assert to_simplified(text) == OpenCC("t2s").convert(text)


def test_simplified_text_is_unchanged():
    text = "示范区住房和城乡建设局关于2025年老旧小区改造计划的通知"
    assert to_simplified(text) == text


def test_a_document_number_key_ignores_spaces():
    assert doc_number_key(" 慶政發 〔2005〕 32號 ") == "庆政发[2005]32号"
