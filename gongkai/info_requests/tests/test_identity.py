"""Identity documents, phone numbers and the applicant's other particulars, each checked by its
own rule (issue 12 "checks people expect"; the applicant's identity proof, Art. 29)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.accounts.orgcode import is_valid_credit_code
from gongkai.core.idnumbers import birth_date_problem
from gongkai.core.phones import is_valid_phone
from gongkai.info_requests.forms import ApplyForm, RegisterForm
from gongkai.info_requests.idproof import DOCUMENTS, IdProofError, check_document
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.tests.test_views import apply_data, png_bytes

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("kind", "number", "why"),
    [
        ("居民身份证", "110101199003071233", "GB 11643: 17 digits and the MOD 11-2 check digit"),
        ("居民身份证", "11010119900307109x", "check character X in small letters"),
        ("居民身份证", "110101 19900307 1233", "spaces between groups"),
        ("护照", "E12345678", "Chinese ordinary passport, E and 8 digits"),
        ("护照", "EA1234567", "Chinese ordinary passport since 2017, E, a letter, 7 digits"),
        ("护照", "G12345678", "older Chinese ordinary passport, G and 8 digits"),
        ("外国护照", "C01X00T47", "a foreign passport, letters and digits"),
        ("外国护照", "123456789", "a foreign passport, digits only"),
        ("港澳居民来往内地通行证", "H12345678", "Hong Kong, H and 8 digits"),
        ("港澳居民来往内地通行证", "M1234567801", "Macao, M and 10 digits (old, with reissue)"),
        ("台湾居民来往大陆通行证", "12345678", "8 digits (since 2015)"),
        ("台湾居民来往大陆通行证", "1234567801", "10 digits (older, with reissue)"),
        ("港澳台居民居住证", "810000199003071237", "Hong Kong residents, address code 810000"),
        ("港澳台居民居住证", "830000199003071230", "Taiwan residents, address code 830000"),
        ("外国人永久居留身份证", "911156199003071239", "2017 card: 9, check digit of GB 11643"),
        ("外国人永久居留身份证", "USA110080019001", "2004 card: 3 letters and 12 digits"),
        ("统一社会信用代码", "91350100M000100Y43", "GB 32100: 17 characters and a check"),
        ("统一社会信用代码", "121000004000004620", "a public institution's code"),
    ],
)
def test_valid_document_numbers(kind, number, why):
    check_document(kind, number, today=TODAY)


@pytest.mark.parametrize(
    ("kind", "number", "message"),
    [
        (
            "居民身份证",
            "110101199003071234",
            "居民身份证号码无效：位数、出生日期或校验码不符（应为18位：前17位为数字，末位为数字或X）",
        ),
        ("居民身份证", "110101209903071235", "居民身份证号码无效：出生日期（2099-03-07）晚于今天"),
        (
            "居民身份证",
            "110101185003071236",
            "居民身份证号码无效：出生日期（1850-03-07）早于150年前",
        ),
        (
            "居民身份证",
            "110101900307123",
            "居民身份证号码无效：第一代15位居民身份证已停止使用，请填写18位号码",
        ),
        ("居民身份证", "E12345678", "居民身份证号码无效：位数不对"),
        (
            "护照",
            "X1234567",
            "中华人民共和国护照号码无效：格式不符（应为E或G开头加8位数字，"
            "或E加一个字母再加7位数字，如E12345678、EA1234567）",
        ),
        ("护照", "E1234567", "中华人民共和国护照号码无效：格式不符"),
        ("外国护照", "ABCDEFG", "外国护照号码无效：格式不符（应为5至20位字母或数字）"),
        ("外国护照", "A12", "外国护照号码无效：格式不符"),
        (
            "港澳居民来往内地通行证",
            "H1234567",
            "港澳居民来往内地通行证号码无效：格式不符（应为H（香港）或M（澳门）开头，"
            "后接8位或10位数字）",
        ),
        ("港澳居民来往内地通行证", "K12345678", "港澳居民来往内地通行证号码无效：格式不符"),
        (
            "台湾居民来往大陆通行证",
            "123456789",
            "台湾居民来往大陆通行证号码无效：格式不符（应为8位或10位数字）",
        ),
        ("台湾居民来往大陆通行证", "T1234567", "台湾居民来往大陆通行证号码无效：格式不符"),
        (
            "港澳台居民居住证",
            "110101199003071233",
            "港澳台居民居住证号码无效：开头不是810000、820000或830000",
        ),
        ("港澳台居民居住证", "810000199003071238", "港澳台居民居住证号码无效：位数、出生日期"),
        (
            "外国人永久居留身份证",
            "110101199003071233",
            "外国人永久居留身份证号码无效：18位号码应以9开头",
        ),
        ("外国人永久居留身份证", "US110080019001", "外国人永久居留身份证号码无效：格式不符"),
        (
            "统一社会信用代码",
            "91350100M000100Y44",
            "统一社会信用代码（法人或其他组织）号码无效：字符或校验码不符（应为18位数字或大写字母"
            "（不含I、O、Z、S、V），末位为校验码）",
        ),
        ("统一社会信用代码", "91350100M000I00Y43", "统一社会信用代码（法人或其他组织）号码无效"),
        ("驾驶证", "110101199003071233", "请从列表中选择身份证明类型"),
    ],
)
def test_invalid_document_numbers_name_the_rule(kind, number, message):
    with pytest.raises(IdProofError) as caught:
        check_document(kind, number, today=TODAY)
    assert message in str(caught.value)


def test_every_document_type_has_a_rule_and_a_label():
    assert all(d.rule and d.label for d in DOCUMENTS.values())


@pytest.mark.parametrize(
    ("born", "problem"),
    [
        (date(2026, 12, 3), None),
        (date(2026, 12, 4), "出生日期（2026-12-04）晚于今天"),
        (date(1876, 12, 3), None),
        (date(1876, 12, 2), "出生日期（1876-12-02）早于150年前"),
    ],
)
def test_birth_dates_of_living_people(born, problem):
    assert birth_date_problem(born, TODAY) == problem


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("91350100M000100Y43", True),
        ("91350100m000100y43", True),
        ("91350100M000100Y4", False),
        ("91350100M000100Y40", False),
        ("9135010OM000100Y43", False),  # O is not in the GB 32100 alphabet
    ],
)
def test_unified_social_credit_code_checksum(code, valid):
    assert is_valid_credit_code(code) == valid


@pytest.mark.parametrize(
    ("phone", "valid", "why"),
    [
        ("13800138000", True, "mobile"),
        ("138 0013 8000", True, "mobile in groups"),
        ("+86 13800138000", True, "mobile with country code"),
        ("19912345678", True, "mobile, 199"),
        ("12800138000", False, "mobile prefix 12 does not exist"),
        ("1380013800", False, "10 digits"),
        ("010-12345678", True, "Beijing landline"),
        ("0755 8765432", True, "7-digit local number"),
        ("(020)12345678", True, "area code in brackets"),
        ("0755-87654321转123", True, "extension after 转"),
        ("0755-87654321-123", True, "extension after a hyphen"),
        ("12345678", False, "landline without area code"),
        ("400-123-4567", True, "service number"),
        ("电话13800138000", False, "words"),
        ("", False, "empty"),
    ],
)
def test_phone_numbers(phone, valid, why):
    assert is_valid_phone(phone) == valid, why


# -- the forms -------------------------------------------------------------------------------


def register_data(**changes):
    return {
        "applicant_type": "natural_person",
        "applicant_name": "王小明",
        "id_document_type": "",
        "id_document_number": "",
        "phone": "13800138000",
        "description": "2025年老旧小区改造项目清单",
        "delivery_form": "paper",
        "delivery_way": "post",
        "channel": "in_person",
        "submitted_on": "2025-09-26",
    } | changes


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"submitted_on": "0001-01-01"}, "submitted_on", "提交日期（当面）不能早于2008-05-01"),
        (
            {"submitted_on": "2026-1-1"},
            "submitted_on",
            "提交日期（当面）应为存在的日期，格式为 YYYY-MM-DD，例如 2025-09-26",
        ),
        ({"submitted_on": "2999-01-01"}, "submitted_on", "提交日期（当面）不能晚于"),
        (
            {"id_document_type": "居民身份证", "id_document_number": "110101209903071235"},
            "id_document_number",
            "居民身份证号码无效：出生日期（2099-03-07）晚于今天",
        ),
        (
            {"id_document_type": "护照", "id_document_number": "123"},
            "id_document_number",
            "中华人民共和国护照号码无效：格式不符",
        ),
        (
            {"id_document_type": "护照", "id_document_number": ""},
            "id_document_number",
            "请填写中华人民共和国护照号码",
        ),
        ({"id_document_number": "E12345678"}, "id_document_type", "请选择身份证明类型"),
        ({"id_document_type": "身份证"}, "id_document_type", "请从列表中选择身份证明类型"),
        (
            {"id_document_type": "统一社会信用代码", "id_document_number": "91350100M000100Y43"},
            "id_document_type",
            "自然人请选择本人的身份证件，如居民身份证、护照",
        ),
        (
            {"applicant_type": "commercial", "applicant_name": "某某有限公司"},
            "contact_person",
            "法人或其他组织提出申请的，请填写联系人姓名",
        ),
        (
            {
                "applicant_type": "commercial",
                "contact_person": "李四",
                "id_document_type": "居民身份证",
                "id_document_number": "110101199003071233",
            },
            "id_document_type",
            "法人或其他组织请选择统一社会信用代码",
        ),
        ({"phone": "123"}, "phone", "联系电话格式不正确：手机号码为11位"),
        ({"applicant_name": "王\u202e明"}, "applicant_name", "申请人姓名或名称含有不可见的"),
        ({"applicant_name": "王\u200b明"}, "applicant_name", "（U+200B，第2个字符）"),
        ({"applicant_name": "王" * 201}, "applicant_name", "申请人姓名或名称不能超过200个字"),
        ({"description": "甲" * 5001}, "description", "不能超过5000个字（现有5001个字）"),
        ({"email": "a" * 250 + "@x.cn"}, "email", "电子邮箱不能超过254个字"),
        ({"postcode": "12345"}, "postcode", "邮政编码应为6位数字"),
        ({"channel": "pigeon"}, "channel", "请从列表中选择申请方式"),
        (
            {"phone": "", "email": "", "address": ""},
            "__all__",
            "至少填写一种联系方式：电话、电子邮箱或通信地址（第二十九条）",
        ),
    ],
)
def test_the_staff_register_form_refuses_bad_input(db, changes, field, message):
    form = RegisterForm(data=register_data(**changes))
    assert (form.is_valid(), message in " ".join(form.errors.get(field, []))) == (False, True)


@pytest.mark.parametrize(
    ("changes", "stored"),
    [
        ({}, ("", "")),
        ({"id_document_type": "护照", "id_document_number": "e 1234 5678"}, ("护照", "E12345678")),
        (
            {
                "applicant_type": "commercial",
                "applicant_name": "某某有限公司",
                "contact_person": "李四",
                "id_document_type": "统一社会信用代码",
                "id_document_number": "91350100m000100y43",
            },
            ("统一社会信用代码", "91350100M000100Y43"),
        ),
        ({"submitted_on": "2008-05-01"}, ("", "")),
    ],
)
def test_the_staff_register_form_takes_good_input(db, changes, stored):
    form = RegisterForm(data=register_data(**changes))
    assert (
        form.is_valid(),
        (form.cleaned_data["id_document_type"], form.cleaned_data["id_document_number"]),
    ) == (True, stored)


def test_the_public_form_needs_a_document(agency):
    data = apply_data(agency, id_document_type="", id_document_number="")
    files = {"id_proof": SimpleUploadedFile("id.png", png_bytes(), "image/png")}
    form = ApplyForm(data={k: v for k, v in data.items() if k != "id_proof"}, files=files)
    assert (form.is_valid(), form.errors["id_document_type"]) == (False, ["请选择身份证明类型"])


def test_an_organisation_applies_online_with_its_credit_code_and_contact_person(client, agency):
    client.post(
        "/apply/",
        apply_data(
            agency,
            applicant_type="commercial",
            applicant_name="示范市某某建设有限公司",
            contact_person="李四",
            id_document_type="统一社会信用代码",
            id_document_number="91350100M000100Y43",
            phone="0755-87654321转123",
        ),
    )
    case = InfoRequest.objects.get()
    assert (case.contact_person, case.id_document_number, case.phone) == (
        "李四",
        "91350100M000100Y43",
        "0755-87654321转123",
    )


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/workbench/reports/114410025/0/", 404),
        ("/workbench/reports/114410025/0000/", 404),
        ("/workbench/reports/114410025/99999/", 404),
        ("/workbench/reports/114410025/2007/", 404),
        ("/workbench/reports/114410025/2999/", 404),
        ("/workbench/reports/government/0/report.pdf", 404),
        ("/workdays/?year=99999", 404),
        ("/workdays/?year=0", 404),
    ],
)
def test_years_outside_their_range_in_urls_are_not_found(client, agency, url, status):
    from gongkai.accounts.models import Role
    from gongkai.accounts.services import role_grant
    from gongkai.accounts.tests.factories import UserFactory

    admin = UserFactory(username="guanliyuan")
    role_grant(user=admin, role=Role.ADMIN)
    client.force_login(admin)
    assert client.get(url).status_code == status
