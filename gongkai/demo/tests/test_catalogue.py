"""The demo catalogue: what `gongkai demo` loads must look like what publication produces."""

from collections import defaultdict

import pytest

from gongkai.accounts.models import Agency
from gongkai.catalogue import index_numbers, privacy
from gongkai.catalogue.models import Item, PrivacyFinding
from gongkai.catalogue.selectors import public_items
from gongkai.catalogue.services import item_content_hash
from gongkai.demo.catalogue import load_demo_items
from gongkai.demo.common import in_traditional, to_traditional
from gongkai.demo.organisation import load_demo_organisation

COUNT = 400  # the real demo makes about 3,000; the rules are the same


@pytest.fixture
def demo(db):
    load_demo_organisation()
    created = load_demo_items(count=COUNT)
    return created


def test_the_demo_creates_its_items_once(demo):
    before = Item.objects.count()
    assert (demo >= COUNT, load_demo_items(count=COUNT), Item.objects.count()) == (
        True,
        0,
        before,
    )


def test_index_numbers_are_unique_and_gapless_per_agency_and_year(demo):
    serials = defaultdict(list)
    numbers = []
    for item in Item.objects.filter(status="published").select_related("agency"):
        serials[(item.agency.code, item.index_year)].append(item.index_serial)
        numbers.append(item.index_number)
        assert item.index_number == index_numbers.render(
            item.agency.index_pattern,
            code=item.agency.code,
            published_on=item.published_on,
            serial=item.index_serial,
        )
    assert (
        len(numbers) == len(set(numbers)),
        {key: sorted(found) == list(range(1, len(found) + 1)) for key, found in serials.items()},
    ) == (True, dict.fromkeys(serials, True))


def test_every_public_item_carries_the_hash_of_its_content(demo):
    wrong = [i.pk for i in public_items() if i.content_hash != item_content_hash(i)]
    assert (public_items().count() >= COUNT, wrong) == (True, [])


def test_every_published_policy_document_has_its_published_interpretation(demo):
    policies = Item.objects.filter(is_policy=True, status="published")
    missing = [
        p.title
        for p in policies
        if not Item.objects.filter(interprets=p, status="published", genre="interpretation")
    ]
    assert (policies.exists(), missing) == (True, [])


def test_interpretations_go_out_with_their_policy_document(demo):
    pairs = Item.objects.filter(genre="interpretation", status="published")
    assert {(i.published_on == i.interprets.published_on) for i in pairs} == {True}


def test_traditional_characters_only_in_versions_for_hong_kong_macao_and_taiwan(demo):
    """Each 繁體版 is its agency's Simplified item of the same day, converted; every other item
    is in Simplified characters."""
    published = Item.objects.filter(status="published")
    versions = published.filter(title__endswith="（繁體版）")
    originals = {
        (
            i.agency_id,
            i.published_on,
            to_traditional(i.title + "（繁体版）"),
            to_traditional(i.body),
        )
        for i in published.filter(title__contains="港澳")
    }
    traditional_elsewhere = [
        i.title for i in published.exclude(pk__in=versions) if in_traditional(i.title + i.body)
    ]
    assert (
        sorted(versions.values_list("agency__short_name", flat=True)),
        {(i.agency_id, i.published_on, i.title, i.body) in originals for i in versions},
        traditional_elsewhere,
    ) == (["人社局", "区府办", "市场监管局", "教育局"], {True}, [])


def test_amended_and_repealed_documents_link_what_changed_them(demo):
    changed = Item.objects.filter(validity__in=["amended", "repealed"])
    assert {
        (
            (i.amended_by or i.repealed_by).status,
            i.validity_changed_on == (i.amended_by or i.repealed_by).published_on,
        )
        for i in changed
    } <= {("published", True)}


def test_written_before_published_and_mostly_within_twenty_working_days(demo):
    from gongkai.workdays.selectors import get_calendar

    calendar = get_calendar()
    days = [
        calendar.between(i.written_on, i.published_on)
        for i in Item.objects.filter(status="published")
    ]
    late = sum(d > 20 for d in days)
    assert (min(days) >= 0, 0 < late < len(days) * 0.1) == (True, True)


def test_published_texts_hold_no_personal_data_but_office_phones(demo):
    offices = {"0759-2800000"}  # the public resource trading centre
    for phone, fax in Agency.objects.values_list("office_phone", "office_fax"):
        offices |= {phone, fax}
    found = {
        (f.kind, f.text)
        for i in Item.objects.filter(status="published")
        for f in privacy.scan(f"{i.title}\n{i.summary}\n{i.body}")
    }
    assert {(kind, text) for kind, text in found if text not in offices} == set()


def test_the_workbench_has_items_at_every_stage_with_real_findings(demo):
    stages = set(Item.objects.exclude(status="published").values_list("status", flat=True))
    open_findings = PrivacyFinding.objects.filter(
        resolution="open", item__status="secrecy_review"
    ).values_list("kind", flat=True)
    assert (stages, "mobile" in set(open_findings)) == (
        {"draft", "secrecy_review", "approval"},
        True,
    )


def test_no_agency_publishes_the_same_title_twice(demo):
    from django.db.models import Count

    repeated = (
        Item.objects.values("agency", "title")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("title", flat=True)
    )
    assert list(repeated) == []
