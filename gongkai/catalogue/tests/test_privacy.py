"""The privacy guard (个人隐私去标识化): docs/law.md §6 (Art. 15: third parties' privacy is not
disclosed; personal data in published items is masked unless the law requires it shown).

The ID numbers below carry their GB 11643 check character (worked out with
`gongkai.core.idnumbers.check_char`), the card numbers their Luhn digit; the hard negatives
are the numbers and words government documents are full of, which the guard must leave alone.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from gongkai.catalogue.privacy import KIND_LABELS, Finding, mask, mask_value, scan

DATA = Path(__file__).parent / "data" / "privacy_snippets.jsonl"


def found(text):
    return [(f.kind, f.text, f.masked) for f in scan(text)]


# (text, [(kind, text, masked)], why)
ID_NUMBERS = [
    ("身份证号码：11010519491231002X", [("id_number", "11010519491231002X", "110105********002X")],
     "18 digits, check character X"),
    ("身份证号11010519491231002x。", [("id_number", "11010519491231002x", "110105********002x")],
     "lowercase x is accepted and kept"),
    ("公民身份号码440802198506151231，",
     [("id_number", "440802198506151231", "440802********1231")],
     "18 digits, numeric check"),
    ("身份證號碼：341602197811234561", [("id_number", "341602197811234561", "341602********4561")],
     "traditional script"),
    ("老身份证号430721900307001已换领", [("id_number", "430721900307001", "430721*****7001")],
     "15-digit first-generation number, 1990-03-07"),
    ("ID:620102198001010017", [("id_number", "620102198001010017", "620102********0017")],
     "after an ASCII label"),
    ("身份证号码：４４０８０２１９８５０６１５１２３１",
     [("id_number", "４４０８０２１９８５０６１５１２３１", "４４０８０２********１２３１")],
     "full-width digits"),
    ("身份证号码：340104 19690321 957X",
     [("id_number", "340104 19690321 957X", "340104 ******** 957X")], "grouped 6-8-4 as on forms"),
    ("622201198807030309", [("id_number", "622201198807030309", "622201********0309")],
     "also passes the Luhn check: the ID number wins over the bank card"),
    ("身份证号码：350203 1972 0418 0026",
     [("id_number", "350203 1972 0418 0026", "350203 **** **** 0026")], "grouped 6-4-4-4"),
    ("身份证号：350203 720418 015", [("id_number", "350203 720418 015", "350203 *****8 015")],
     "15 digits grouped 6-6-3"),
]  # fmt: skip

MOBILES = [
    ("手机13800138000", [("mobile", "13800138000", "138****8000")], "plain"),
    ("手机：138-0013-8000", [("mobile", "138-0013-8000", "138-****-8000")], "hyphens kept"),
    ("手機 138 0013 8000", [("mobile", "138 0013 8000", "138 **** 8000")], "spaces, traditional"),
    ("+8613912345678", [("mobile", "+8613912345678", "+86139****5678")], "+86"),
    ("联系电话：86 13912345678", [("mobile", "86 13912345678", "86 139****5678")], "86 prefix"),
    ("0086-13912345678", [("mobile", "0086-13912345678", "0086-139****5678")], "0086 prefix"),
    ("Tel13800138000", [("mobile", "13800138000", "138****8000")], "right after Tel"),
    ("值班手机19912345678、15012345678",
     [("mobile", "19912345678", "199****5678"), ("mobile", "15012345678", "150****5678")],
     "two in a list"),
    ("手机：139.1234.5678", [("mobile", "139.1234.5678", "139.****.5678")],
     "dots between the groups"),
]  # fmt: skip

LANDLINES = [
    ("办公电话：0759-2345678", [("landline", "0759-2345678", "0759-234****")], "area code"),
    ("(0759)2345678", [("landline", "(0759)2345678", "(0759)234****")], "area code in brackets"),
    ("（020）87654321", [("landline", "（020）87654321", "（020）8765****")],
     "full-width brackets, 3-digit area code, 8-digit number"),
    ("0759 2345678", [("landline", "0759 2345678", "0759 234****")], "space"),
    ("0759-2345678-801", [("landline", "0759-2345678-801", "0759-234****-801")], "extension"),
    ("电话：0759-2345678转801", [("landline", "0759-2345678转801", "0759-234****转801")],
     "extension after 转"),
    ("电话：07592345678", [("landline", "07592345678", "0759234****")],
     "no separator, after a phone word"),
    ("如有疑问,请联系:安乡县政务公开领导小组办公室,联系电话:4315886。",
     [("landline", "4315886", "431****")],
     "seed 002: an office phone without area code; reported, the reviewer justifies it"),
    ("Tel: 87654321", [("landline", "87654321", "8765****")], "after Tel"),
    ("傳真：020-87654321", [("landline", "020-87654321", "020-8765****")], "fax, traditional"),
    ("如需查詢，請致電 +86 20 8333 4567。", [("landline", "+86 20 8333 4567", "+86 20 8333 ****")],
     "international form"),
    ("020-8333-4567", [("landline", "020-8333-4567", "020-8333-****")],
     "local number split 4-4: the last group is not an extension"),
    ("电话：0759-3181234、3181235",
     [("landline", "0759-3181234", "0759-318****"), ("landline", "3181235", "318****")],
     "a second number listed after the first"),
    ("电话：0759-2345 678", [("landline", "0759-2345 678", "0759-234* ***")],
     "a 7-digit local number split 4-3 by a space"),
]  # fmt: skip

BANK_CARDS = [
    ("银行卡号：6222021234567890128", [("bank_card", "6222021234567890128", "622202*********0128")],
     "19 digits, UnionPay"),
    ("卡号 6222 0212 3456 7894", [("bank_card", "6222 0212 3456 7894", "6222 02** **** 7894")],
     "groups of four"),
    ("4367-4212-3456-7896", [("bank_card", "4367-4212-3456-7896", "4367-42**-****-7896")],
     "Visa, hyphens"),
    ("账号5187109876543219", [("bank_card", "5187109876543219", "518710******3219")],
     "Mastercard"),
    ("銀行賬號：9558801234567890128", [("bank_card", "9558801234567890128", "955880*********0128")],
     "older domestic debit card, traditional"),
    ("银行账户：622848 0402564890018",
     [("bank_card", "622848 0402564890018", "622848 *********0018")],
     "the issuer's six digits apart from the rest"),
]  # fmt: skip

EMAILS = [
    ("邮箱：zhangsan@example.gov.cn", [("email", "zhangsan@example.gov.cn", "z***@example.gov.cn")],
     "government domain"),
    ("13800138000@163.com", [("email", "13800138000@163.com", "1***@163.com")],
     "the e-mail address wins over the mobile number inside it"),
    ("電子郵件：li.na@zhanjiang.gov.cn。",
     [("email", "li.na@zhanjiang.gov.cn", "l***@zhanjiang.gov.cn")],
     "traditional, full stop after"),
    ("邮箱：zhangsan@示例.中国", [("email", "zhangsan@示例.中国", "z***@示例.中国")],
     "Chinese domain name"),
]  # fmt: skip

NAMES = [
    ("申请人张三于2025年3月5日提交申请。", [("name", "张三", "张*")], "ends before 于"),
    ("联系人：欧阳娜娜，", [("name", "欧阳娜娜", "欧阳**")], "two-character surname"),
    ("申請人陳大文先生", [("name", "陳大文", "陳**")], "traditional, ends before 先生"),
    ("户主：李四 ", [("name", "李四", "李*")], "ends before a space"),
    ("当事人王小明因违法建设被处以罚款。", [("name", "王小明", "王**")], "ends before 因"),
    ("姓  名：司马光", [("name", "司马光", "司马*")], "spaced form label"),
    ("被处罚人：刘建国，男", [("name", "刘建国", "刘**")], "penalty decision"),
    ("法定代表人为赵六。", [("name", "赵六", "赵*")], "after 为"),
    ("经办人张三同志", [("name", "张三", "张*")], "ends before 同志"),
    ("业主刘六所有的房屋", [("name", "刘六", "刘*")], "ends before 所有"),
    ("负责人张三主任", [("name", "张三", "张*")], "ends before a title"),
    ("戶主黃志強，女", [("name", "黃志強", "黃**")], "traditional 戶主"),
    ("當事人鄭國華於2024年", [("name", "鄭國華", "鄭**")], "traditional 當事人, ends before 於"),
    ("聯繫人：諸葛亮", [("name", "諸葛亮", "諸葛*")], "traditional 聯繫人, two-character surname"),
    ("机关负责人：李建国", [("name", "李建国", "李**")],
     "public under Art. 20(二), still reported: the reviewer justifies it"),
    ("姓名：阿依古丽·买买提　民族：维吾尔族", [("name", "阿依古丽·买买提", "阿***·***")],
     "name in parts joined by a middle dot: first character and dots kept"),
    ("送达回证\n受送达人：陈国华\n送达人：李明、王强",
     [("name", "陈国华", "陈**"), ("name", "李明", "李*"), ("name", "王强", "王*")],
     "any role on a form followed by a colon"),
    ("申请人（签名）：许文强　　2025年8月1日", [("name", "许文强", "许**")], "signature line"),
    ("委托人邓超雷委托代理人任燕静代为办理。",
     [("name", "邓超雷", "邓**"), ("name", "任燕静", "任**")],
     "ends before 委托 although 委 also ends organisation names"),
    ("序号　户主姓名　家庭人口　月保障金额（元）\n1　黄秀英　2　1220\n2　李国平　3　1830",
     [("name", "黄秀英", "黄**"), ("name", "李国平", "李**")],
     "cells of a table with a 姓名 column (a 低保 list)"),
    ("申请人张三、李四和王五通过邮寄方式提交",
     [("name", "张三", "张*"), ("name", "李四", "李*"), ("name", "王五", "王*")],
     "a list of names after one context word"),
]  # fmt: skip

POSITIVES = ID_NUMBERS + MOBILES + LANDLINES + BANK_CARDS + EMAILS + NAMES


@pytest.mark.parametrize(
    ("text", "expected", "why"), POSITIVES, ids=[case[2] for case in POSITIVES]
)
def test_detects_and_masks(text, expected, why):
    assert found(text) == expected


# (text, why)
HARD_NEGATIVES = [
    ("慶政發〔2005〕32號", "document number, traditional"),
    ("国办发〔2019〕711号", "document number"),
    ("示范住建依公开〔2025〕第17号", "document number"),
    ("2025年10月30日 20251030 2025-10-30", "dates"),
    ("1,234,567.89元 12345678元", "amounts"),
    ("索引号：000014349/2018-00222", "index number"),
    ("索引号：11441200MB2C12345X/2025-00017", "index number with a credit code"),
    ("统一社会信用代码：91350100M000100Y43", "unified social credit code"),
    ("統一社會信用代碼：914408028353374060", "all-digit credit code that passes Luhn"),
    ("邮编：441299", "postcode"),
    ("2018年共办理61874件，同比增长4.17%。", "statistics"),
    ("编号：12345678901", "11 digits starting with 12 is not a mobile number"),
    ("测试卡号1234567890123456", "fails the Luhn check"),
    ("身份证号码：110101199001010016", "ID number with a wrong check digit"),
    ("身份证号码：620102198001010002", "ID-shaped, wrong check digit, passes Luhn: not a card"),
    ("合同编号：11010119900101001501", "a valid ID number inside a 20-digit contract number"),
    ("合同编号：HT110101199001010015", "a valid ID number after letters"),
    ("咨詢電話接聽1428817次", "seed 003: a count after 电话"),
    ("全年接听电话12345678次", "a count right after 电话"),
    ("客服电话：400-820-8820", "a company service number"),
    ("联系电话：0571-12345678", "local numbers never start with 1"),
    ("手机号码138****8000已脱敏", "already masked"),
    ("身份证号码110101********1234", "already masked"),
    ("户主信息核对无误后方可办理。", "户主 followed by an ordinary word"),
    ("姓名 性别 年龄 职务 联系电话", "table header"),
    ("姓名 金额 成绩 关系", "table header whose words start with surnames"),
    ("負責人為成員。", "seed 004: 成 is a surname, 成員 is not a name"),
    ("沒有收取申請人任何費用。", "seed 003: 任何 after 申請人"),
    ("当事人陈述、申辩的权利依法保障。", "陈述 after 当事人"),
    ("被申请人黄埔区人民政府", "a place name after a context word"),
    ("户主张家村村民委员会", "a village after 户主"),
    ("申请人张某于2025年3月1日提出申请。", "already masked name"),
    ("当事人李某某因占道经营被处罚款。", "already masked name"),
    ("联系人：刘先生", "surname and title only"),
    ("聯繫人：林小姐", "surname and title only, traditional"),
    ("负责人姓名、办公地址、办公时间、联系方式", "Art. 20(二) wording"),
    ("联系人：林生（办公室）", "surname and a form of address"),
    ("当事人：黄山某旅游公司", "a company after a context word"),
    (
        "个体工商户营业执照注册号：440802600123456",
        "a 15-digit business registration number shaped like an ID number",
    ),
    ("序号 姓名 性别 文化程度 与户主关系\n1 某某 男 高中 孙女", "table cells that are not names"),
    ("身份证号码：350203 1972 0418 0025", "grouped 6-4-4-4 with a wrong check digit"),
    ("全年土地出让收入合计13912345678.50元。", "11 digits, the integer part of an amount"),
    ("全年支出13912345678万元", "11 digits before 万元"),
    ("收入合计：13912345678", "11 digits after 合计"),
    ("本期共采集样本13912345678条", "11 digits before a counting word"),
]


@pytest.mark.parametrize(("text", "why"), HARD_NEGATIVES, ids=[case[1] for case in HARD_NEGATIVES])
def test_leaves_hard_negatives_alone(text, why):
    assert found(text) == []


def test_findings_carry_offsets_and_labels():
    assert scan("联系人：王小明，联系电话13800138000。") == [
        Finding(kind="name", start=4, end=7, text="王小明", masked="王**", label="姓名"),
        Finding(
            kind="mobile", start=12, end=23, text="13800138000", masked="138****8000",
            label="手机号码",
        ),
    ]  # fmt: skip


def test_kind_labels_are_the_reviewers_words():
    assert KIND_LABELS == {
        "id_number": "身份证号码",
        "mobile": "手机号码",
        "landline": "固定电话",
        "bank_card": "银行卡号",
        "email": "电子邮箱",
        "name": "姓名",
    }


MASK_VALUES = [
    ("id_number", "110105194912310021", "110105********0021"),
    ("id_number", "430721900307001", "430721*****7001"),
    ("mobile", "13800138000", "138****8000"),
    ("mobile", "+86 138 0013 8000", "+86 138 **** 8000"),
    ("landline", "0759-2345678", "0759-234****"),
    ("landline", "020-87654321", "020-8765****"),
    ("landline", "0759-2345678-801", "0759-234****-801"),
    ("landline", "4315886", "431****"),
    ("landline", "+86 20 8333 4567", "+86 20 8333 ****"),
    ("landline", "020-8333-4567", "020-8333-****"),
    ("id_number", "340104 19690321 957X", "340104 ******** 957X"),
    ("name", "阿依古丽·买买提", "阿***·***"),
    ("bank_card", "6222021234567894", "622202******7894"),
    ("bank_card", "6222 0212 3456 7890 128", "6222 02** **** ***0 128"),  # last 4 digits kept
    ("email", "zhangsan@example.gov.cn", "z***@example.gov.cn"),
    ("name", "张三", "张*"),
    ("name", "张小明", "张**"),
    ("name", "欧阳娜", "欧阳*"),
    ("name", "欧阳娜娜", "欧阳**"),
    ("name", "歐陽", "歐*"),  # two characters: 歐 is the surname, 陽 the given name
    ("name", "努尔艾力．吐尔逊", "努***．***"),  # a full-width full stop stays, like a dot
    ("landline", "0759-2345 678", "0759-234* ***"),
]


@pytest.mark.parametrize(("kind", "value", "masked"), MASK_VALUES)
def test_mask_value(kind, value, masked):
    assert mask_value(kind, value) == masked


def test_mask_value_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="unknown kind: 'passport'"):
        mask_value("passport", "E12345678")


def test_mask_replaces_every_finding_in_a_paragraph():
    text = (
        "申请人张三，身份证号码11010519491231002X，手机138-0013-8000，办公电话：0759-2345678，"
        "邮箱zhangsan@example.gov.cn，于2025年10月30日提交申请（示范住建依公开〔2025〕第17号），"
        "补偿款汇入6222021234567890128。"
    )
    assert mask(text, scan(text)) == (
        "申请人张*，身份证号码110105********002X，手机138-****-8000，办公电话：0759-234****，"
        "邮箱z***@example.gov.cn，于2025年10月30日提交申请（示范住建依公开〔2025〕第17号），"
        "补偿款汇入622202*********0128。"
    )


def test_mask_applies_only_the_findings_given():
    text = "联系人：王小明，联系电话13800138000。"
    mobile_only = [f for f in scan(text) if f.kind == "mobile"]
    assert mask(text, mobile_only) == "联系人：王小明，联系电话138****8000。"


def test_mask_refuses_a_finding_from_another_text():
    stale = scan("手机13800138000")[0]
    with pytest.raises(ValueError, match="finding does not match the text at 2"):
        mask("手机13900139000", [stale])


# Each rule for names, the cases that show it (names found) beside the ones it must leave
# alone (no name).
# (text, [names], why)
NAME_RULES = [
    # surnames beyond the most common: the ~500 of a standard list, both scripts
    ("被征收人：禤国权，房屋坐落：某镇", ["禤国权"], "a rare surname after a role and a colon"),
    ("聯繫人：闕志偉，電話另告", ["闕志偉"], "a rare surname, traditional"),
    ("建设地点：钱家坝。", [], "a place that begins with a surname, after a label that is no role"),
    # surnames that also begin ordinary words count before a delimiter only
    ("委托代理人：向建华，某律师事务所律师", ["向建华"], "向 before a comma"),
    ("户主姓名 于海，家庭住址：某村", ["于海"], "于 and one given character in a 姓名 place"),
    ("负责人向社会公开承诺办理时限。", [], "向 runs on into a sentence"),
    ("学生宿舍管理制度", [], "宿 and one given character after a role word without a colon"),
    # any label that names people, with a colon; a role and spaces
    ("拟聘用人员为：韦志刚  冼丽萍  仝海峰。", ["韦志刚", "冼丽萍", "仝海峰"],
     "a list after 人员为：, separated by spaces"),
    ("值班人员：戚建华\t甘丽红\t邝伟明", ["戚建华", "甘丽红", "邝伟明"], "separated by tabs"),
    ("记录：詹文彬\n签发：骆立新  核稿：蓝慧敏", ["詹文彬", "骆立新", "蓝慧敏"],
     "a meeting record's and a document's footer"),
    ("学生：郦晓彤，县第一中学初二（3）班，监护人：郦国庆；", ["郦晓彤", "郦国庆"],
     "学生 and 监护人"),
    ("法定代表人（经营者）：钮志刚，身份证号码另附", ["钮志刚"],
     "a note in brackets before the colon"),
    ("受送达人 亓春生，身份证号码见卷", ["亓春生"], "a role and a space"),
    ("参加人员：各科室负责人", [], "a role that is no name"),
    ("审核：已审核\n批准：同意", [], "footer labels with no name"),
    ("出席会议的有：县直各单位主要负责同志。", [], "people named by office only"),
    # a body at the start of a line, then names
    ("县第二中学：骆文杰、蓝慧敏\n县中医院  钮志强 甄小红",
     ["骆文杰", "蓝慧敏", "钮志强", "甄小红"], "people commended, by unit"),
    ("先进集体\n县财政局  县教育局", [], "bodies only"),
    # titles before and after a name
    ("常务副县长蒲建新在县政府会议室主持召开会议。", ["蒲建新"], "a title before the name"),
    ("由局长汤立平任组长，副局长贝海燕任副组长。", ["汤立平", "贝海燕"], "任 after the name"),
    ("信息工作由局邝志明副局长分管。", ["邝志明"], "a title after the name, after the body"),
    ("由县长任组长，分管副县长任副组长。", [], "titles without names"),
    ("长丰县长盛贸易有限公司被列入名单。", [], "县长 across a county's and a company's names"),
    ("镇党委副书记、县长助理出席。", [], "党委 before 副书记 is no name"),
    # words that follow only a person
    ("一、巫志坚，男，汉族，1981年5月生", ["巫志坚"], "，男，"),
    ("1. 龚建明  男  45岁  新村", ["龚建明"], "男 in a column after spaces"),
    ("事故造成邬海生（男，51岁）受伤。", ["邬海生"], "（男，after a verb"),
    ("下列人员请到社区认证：罗桂英（350203720418015）", ["罗桂英"], "an ID number in brackets"),
    ("佟建军（县财政局）；揭丽华（县教育局）", ["佟建军", "揭丽华"], "where the person works"),
    ("三、贝德明一家因灾致贫，给予临时救助。", ["贝德明"], "一家 and what befalls it"),
    ("黄山市一家旅游公司被约谈。", [], "一家 before a company"),
    ("郦小红：\n    你于2025年3月1日提交的信访事项收悉。", ["郦小红"], "a letter's salutation"),
    ("县直有关单位：\n    请你单位于5月1日前报送材料。", [], "a salutation to bodies"),
    ("联系人及电话：缪志强 13912345678", ["缪志强"], "a mobile number after spaces"),
    ("年份无效，应为 1990–2200 之间的整数", [], "a range of years is no phone number"),
    ("据冀春花反映，其房屋漏雨。", ["冀春花"], "据…反映"),
    ("经查，蔺海涛于2024年5月在某村违法建设。", ["蔺海涛"], "the person an inquiry found"),
    ("其配偶阮秀英已于同年去世。", ["阮秀英"], "kin"),
    ("妇女儿童工作取得新进展。", [], "女儿 inside 妇女儿童"),
    ("发放高龄津贴：苗德全、瞿春兰各200元。", ["苗德全", "瞿春兰"], "a share after a list"),
    ("如有疑问，请与缪丽华联系。", ["缪丽华"], "与…联系"),
    ("坚持以习近平同志为核心的党中央集中统一领导。", [], "同志 alone is no evidence"),
    # lines and colons that hold names only
    ("先进个人（3名）\n詹志成  郜丽娜  牟海涛", ["詹志成", "郜丽娜", "牟海涛"], "a line of names"),
    ("同意纳入临时救助：粟建国、奚秀兰。", ["粟建国", "奚秀兰"], "a colon and names only"),
    ("覆盖：江西、湖南、湖北三省", [], "places after a colon"),
    ("黄山  华山  泰山", [], "a line of places, one with no surname"),
    # role words without a colon
    ("村民韶建新反映灌溉渠堵塞。", ["韶建新"], "村民"),
    ("实际控制人厉春明对此负有直接责任。", ["厉春明"], "实际控制人"),
    ("村民代表大会讨论通过。", [], "村民 before an ordinary word"),
    ("拟将栗德胜、古丽娜·艾山和禹秀英三户纳入低保。", ["栗德胜", "古丽娜·艾山", "禹秀英"],
     "a list after 拟将, ending before a count of households"),
    # names without a Han surname, in a name's place
    ("监护人：次仁多吉；", ["次仁多吉"], "Tibetan"),
    ("户主姓名 乌兰图雅，家庭住址：某嘎查", ["乌兰图雅"], "Mongolian"),
    ("学生：吉木阿呷，县民族中学", ["吉木阿呷"], "Yi"),
    ("县长额尔敦在会上讲话。", ["额尔敦"], "after a title"),
    ("本次巡查覆盖多个村组。", [], "an ordinary word of such characters"),
    # names in parts joined by dots
    ("拟同时推荐热依拉·阿不都为后备干部人选。", ["热依拉·阿不都"], "a middle dot, anywhere"),
    ("安全员格桑·旺堆未履行职责。", ["格桑·旺堆"], "the title is not part of the name"),
    ("申请人：库尔班江．吐尔逊", ["库尔班江．吐尔逊"], "a full-width full stop"),
    ("中国·湛江", [], "a middle dot between places"),
    # tables with a 姓名 column, whatever separates the cells
    ("序号,姓名,性别\n1,寇海燕,女\n2,沙马阿依,男", ["寇海燕", "沙马阿依"], "commas"),
    ("序號　姓名　金額\n1　閻志強　500", ["閻志強"], "ideographic spaces, traditional"),
    ("序号 | 姓名 | 岗位\n1 | 訾晓东 | 综合岗", ["訾晓东"], "pipes"),
    ("序号 姓名 金额\n1 努尔艾力．吐尔逊 500", ["努尔艾力．吐尔逊"], "a dotted name in a cell"),
    ("配偶：温月娥", ["温月娥"], "月 in a given name"),
    ("序号,户主,性别\n1,邵某（女）,男", [], "a masked name in a cell"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names", "why"), NAME_RULES, ids=[case[2] for case in NAME_RULES])
def test_name_rules(text, names, why):
    assert [f.text for f in scan(text) if f.kind == "name"] == names


# -- quality on the labelled set -----------------------------------------------------------


def load_snippets(path=DATA):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_labelled_set_has_the_agreed_composition():
    rows = load_snippets()
    sources = Counter(row["source"].split(":")[0] for row in rows)
    kinds = Counter(label["kind"] for row in rows for label in row["findings"])
    assert (
        len(rows) >= 300,
        sources["seed"] >= 60,
        sources["hard-negative"] >= 120,
        set(kinds) == set(KIND_LABELS),
    ) == (True, True, True, True)


@pytest.mark.parametrize(
    "name",
    [
        "privacy_snippets.jsonl",  # written with the guard
        "privacy_dev.jsonl",  # written apart from it; the guard was then tuned on it
        "privacy_heldout.jsonl",  # written apart from it, measured once after the tuning
    ],
)
def test_precision_and_recall_on_the_labelled_sets_meet_the_targets(name):
    """Quality gate on fixed data (deterministic): within a snippet, a finding matches a
    label when kind and text are equal; a value found twice (a name repeated) counts once, as
    masking it masks every occurrence. Targets: recall ≥ 0.99 for checksum-valid ID numbers
    and for phone numbers, ≥ 0.9 for names; precision ≥ 0.9 overall. bench/privacy_eval.py
    prints the same figures per kind."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for row in load_snippets(DATA.with_name(name)):
        expected = {(label["kind"], label["text"]) for label in row["findings"]}
        got = {(f.kind, f.text) for f in scan(row["text"])}
        for kind, _ in expected & got:
            tp[kind] += 1
        for kind, _ in got - expected:
            fp[kind] += 1
        for kind, _ in expected - got:
            fn[kind] += 1

    def recall(*kinds):
        hits = sum(tp[kind] for kind in kinds)
        return hits / (hits + sum(fn[kind] for kind in kinds))

    precision = sum(tp.values()) / (sum(tp.values()) + sum(fp.values()))
    assert {
        "id_number recall ≥ 0.99": recall("id_number") >= 0.99,
        "phone recall ≥ 0.99": recall("mobile", "landline") >= 0.99,
        "name recall ≥ 0.9": recall("name") >= 0.9,
        "overall precision ≥ 0.9": precision >= 0.9,
    } == {
        "id_number recall ≥ 0.99": True,
        "phone recall ≥ 0.99": True,
        "name recall ≥ 0.9": True,
        "overall precision ≥ 0.9": True,
    }
