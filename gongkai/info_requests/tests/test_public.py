"""The citizen's side under stress: a repeated submission keeps its promise (the same case, its
code shown to the browser that submitted and to no other), limits that are exact under
concurrency, and query-code limits that stop guessing without locking the applicant out."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from gongkai.info_requests import public_views
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.services import QUERY_CODE_ALPHABET, query_code_digest
from gongkai.info_requests.tests.test_views import apply_data

SHOWN_ONCE = "查询码只显示这一次"
SHOWN_BEFORE = "查询码已在提交后显示过一次，为保护您的申请，不再显示。"
NOT_HERE = "查询码只显示给提交这份申请的浏览器，这里不能再次显示。"
WRONG = "申请编号或查询码不正确。"


def shown_code(page: str) -> str | None:
    match = re.search(r'id="query-code">([^<]+)<', page)
    return match.group(1) if match else None


def submit(client, agency, **changes):
    client.get("/apply/")
    return client.post("/apply/", apply_data(agency, **changes), follow=True).content.decode()


# -- idempotent submission -------------------------------------------------------------------


def test_the_done_page_shows_the_code_once_and_reloading_does_not(client, agency):
    first = submit(client, agency)
    reload = client.get("/apply/done/").content.decode()
    case = InfoRequest.objects.get()
    assert (
        SHOWN_ONCE in first,
        len(shown_code(first).replace("-", "")),
        shown_code(reload),
        SHOWN_BEFORE in reload,
        case.number in reload,
    ) == (True, 12, None, True, True)


def test_the_shown_code_opens_the_status_page(client, agency):
    code = shown_code(submit(client, agency))
    other = Client()
    number = InfoRequest.objects.get().number
    page = other.post("/apply/status/", {"number": number, "code": code.lower()})
    assert "收到申请（网络）" in page.content.decode()


def test_a_repeated_submission_in_the_same_browser_shows_the_same_case_and_its_code(client, agency):
    first = submit(client, agency)
    again = submit(client, agency)
    status = client.get(f"/apply/status/?case={InfoRequest.objects.get().pk}").content.decode()
    assert (
        InfoRequest.objects.count(),
        shown_code(again),
        "没有重复登记" in again,
        "收到申请（网络）" in status,
    ) == (1, shown_code(first), True, True)


def test_back_and_submit_again_with_a_new_key_lands_on_the_same_case(client, agency):
    first = submit(client, agency, submission_key="1" * 32)
    again = submit(client, agency, submission_key="2" * 32)
    number = InfoRequest.objects.get().number
    assert (InfoRequest.objects.count(), number in again, shown_code(again)) == (
        1,
        True,
        shown_code(first),
    )


def test_another_browser_repeating_the_submission_gets_the_number_but_not_the_code(agency):
    submit(Client(), agency)
    stranger = Client()
    page = submit(stranger, agency)
    case = InfoRequest.objects.get()
    status = stranger.get(f"/apply/status/?case={case.pk}").content.decode()
    assert (
        case.number in page,
        shown_code(page),
        NOT_HERE in page,
        "请联系" in page,
        "收到申请" in status,
    ) == (True, None, True, True, False)


def test_the_code_is_not_kept_in_the_database_in_plain(client, agency):
    from django.contrib.sessions.models import Session

    code = shown_code(submit(client, agency)).replace("-", "")
    stored = " ".join(s.session_data for s in Session.objects.all())
    decoded = " ".join(str(s.get_decoded()) for s in Session.objects.all())
    assert (code in stored, code in decoded) == (False, False)


def test_the_kept_code_is_forgotten_after_thirty_minutes(client, agency, monkeypatch):
    submit(client, agency)
    clock = public_views.time.time() + 31 * 60
    monkeypatch.setattr(public_views.time, "time", lambda: clock)
    again = submit(client, agency)
    assert (shown_code(again), "请联系" in again) == (None, True)


def test_a_different_text_from_the_same_applicant_is_a_new_application(client, agency):
    submit(client, agency, submission_key="1" * 32)
    submit(client, agency, submission_key="2" * 32, description="另一份文件")
    assert InfoRequest.objects.count() == 2


def test_the_applicant_address_behind_a_trusted_proxy_is_recorded(client, agency, settings):
    settings.GONGKAI_TRUSTED_PROXIES = ["10.0.0.1"]
    client.post(
        "/apply/",
        apply_data(agency),
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.23",
    )
    assert InfoRequest.objects.get().submitted_from == "198.51.100.23"


# -- limits under concurrency ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_applications_from_one_address_make_exactly_five_cases(agency):
    start = threading.Barrier(20)
    statuses, errors = [], []

    def post(n):
        try:
            client = Client()
            data = apply_data(agency, submission_key=f"{n:032d}", description=f"第{n}份文件")
            start.wait()
            statuses.append(client.post("/apply/", data).status_code)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (errors, InfoRequest.objects.count(), sorted(statuses)) == (
        [],
        5,
        [302] * 5 + [400] * 15,
    )


# -- the query code --------------------------------------------------------------------------


@pytest.fixture
def case(register):
    return register()


def look_up(number, code, address):
    page = Client().post("/apply/status/", {"number": number, "code": code}, REMOTE_ADDR=address)
    return page.content.decode()


def test_query_codes_are_twelve_characters_of_the_alphabet(case):
    assert (len(case.query_code), set(case.query_code) <= set(QUERY_CODE_ALPHABET)) == (12, True)


def test_an_eight_character_code_given_before_still_opens_its_case(case):
    InfoRequest.objects.filter(pk=case.pk).update(
        query_code_hash=query_code_digest(case.number, "ABCD2345")
    )
    assert "收到申请（当面）" in look_up(case.number, "abcd-2345", "203.0.113.1")


def test_the_code_may_be_typed_with_spaces_hyphens_and_small_letters(case):
    typed = " " + "-".join(case.query_code[i : i + 4].lower() for i in (0, 4, 8)) + " "
    assert "收到申请（当面）" in look_up(case.number, typed, "203.0.113.1")


def test_one_address_guessing_one_number_must_wait_after_five_tries(case):
    pages = [look_up(case.number, "WRONGCODE234", "203.0.113.9") for _ in range(6)]
    assert [WRONG in p for p in pages] + ["请于1分钟后再试" in pages[-1]] == (
        [True] * 5 + [False, True]
    )


def test_the_wait_doubles_after_each_try(case):
    from gongkai.core import ratelimit

    for _ in range(5):
        look_up(case.number, "WRONGCODE234", "203.0.113.9")
    ratelimit.clear("lookup-wait:203.0.113.9|" + case.number)
    sixth = look_up(case.number, "WRONGCODE234", "203.0.113.9")
    seventh = look_up(case.number, "WRONGCODE234", "203.0.113.9")
    assert (WRONG in sixth, "请于2分钟后再试" in seventh) == (True, True)


def test_the_wait_stops_the_right_code_from_that_address_too(case):
    for _ in range(5):
        look_up(case.number, "WRONGCODE234", "203.0.113.9")
    assert "请于1分钟后再试" in look_up(case.number, case.query_code, "203.0.113.9")


def test_many_addresses_guessing_one_number_do_not_lock_the_applicant_out(case):
    for n in range(60):
        for _ in range(3):
            look_up(case.number, "WRONGCODE234", f"198.51.100.{n}")
    assert "收到申请（当面）" in look_up(case.number, case.query_code, "203.0.113.50")


def test_under_attack_each_new_address_gets_one_try_before_waiting(case):
    for n in range(public_views.ATTACK_FAILURES_PER_DAY):
        look_up(case.number, "WRONGCODE234", f"198.51.100.{n}")
    first = look_up(case.number, "WRONGCODE234", "192.0.2.77")
    second = look_up(case.number, "WRONGCODE234", "192.0.2.77")
    assert (WRONG in first, "请于1分钟后再试" in second) == (True, True)


def test_one_address_guessing_many_numbers_is_stopped_after_thirty_an_hour(case):
    pages = [look_up(f"114410025-2025-{n:05d}", "WRONGCODE234", "203.0.113.66") for n in range(31)]
    right = look_up(case.number, case.query_code, "203.0.113.66")
    assert (
        all(WRONG in p for p in pages[:30]),
        "查询次数过多，请一小时后再试。" in pages[30],
        "查询次数过多，请一小时后再试。" in right,
    ) == (True, True, True)


def test_the_right_code_resets_the_tries_of_that_address(case):
    for _ in range(4):
        look_up(case.number, "WRONGCODE234", "203.0.113.9")
    look_up(case.number, case.query_code, "203.0.113.9")
    pages = [look_up(case.number, "WRONGCODE234", "203.0.113.9") for _ in range(5)]
    assert all(WRONG in p for p in pages)


def test_ipv6_addresses_of_one_network_share_a_budget(case):
    pages = [look_up(case.number, "WRONGCODE234", f"2001:db8:1:2::{n + 1}") for n in range(6)]
    assert [WRONG in p for p in pages] + ["请于1分钟后再试" in pages[-1]] == (
        [True] * 5 + [False, True]
    )


# -- oversized posts -------------------------------------------------------------------------


def test_an_oversized_application_is_answered_in_chinese_with_the_form(client, agency):
    response = client.post("/apply/", apply_data(agency, description="甲" * 1_000_000))
    page = response.content.decode()
    assert (
        response.status_code,
        "提交的内容过大，无法处理：表单文字合计不能超过 2 MB" in page,
        "提交申请" in page,
        InfoRequest.objects.count(),
    ) == (413, True, True, 0)


def test_an_oversized_status_query_is_answered_in_chinese(
    client, db
):  # the page names the government
    response = client.post("/apply/status/", {"number": "x" * 3_000_000, "code": "y"})
    assert (
        response.status_code,
        "提交的内容过大，无法处理：请只填写申请编号和查询码。" in response.content.decode(),
    ) == (413, True)


def test_an_oversized_field_is_answered_in_chinese(client, agency):
    response = client.post("/apply/", apply_data(agency, description="甲" * 5001))
    assert "不能超过5000个字（现有5001个字）" in response.content.decode()
