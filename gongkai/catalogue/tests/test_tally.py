"""The public tally (catalogue_publictally), kept by database triggers: after every way an item
can be written, it says what a COUNT over the public items says — on SQLite and PostgreSQL.

A migration that rebuilds catalogue_item on SQLite (Django's table remake) drops its
triggers: these tests fail if that ever happens without re-creating them."""

from datetime import date

import pytest
from django.core.management import call_command

from gongkai.accounts.tests.factories import AgencyFactory
from gongkai.catalogue import services as s
from gongkai.catalogue.models import Item, PublicTally, Subject
from gongkai.catalogue.selectors import (
    public_count,
    public_counts_by,
    public_years,
    tally_as_kept,
    tally_from_items,
)

D = date.fromisoformat


def published(approved, reviewer, on="2025-10-09", **fields):
    fields.setdefault("written_on", D(on[:4] + "-01-02"))
    return s.item_approve(item=approved(**fields), actor=reviewer, published_on=D(on))


def test_publication_counts_the_item_under_its_key(approved, reviewer, agency):
    published(approved, reviewer, statutory_category="20-3")
    assert tally_as_kept() == {(agency.pk, "20-3", 0, 2025, "in_force"): 1}


def test_drafts_and_items_in_review_are_not_counted(draft, approved):
    draft()
    approved()
    assert (public_count(), tally_as_kept()) == (0, {})


def test_withdrawal_takes_the_item_out(approved, reviewer):
    item = published(approved, reviewer)
    s.item_withdraw(item=item, actor=reviewer, reason="误发，内容有误")
    assert (public_count(), tally_as_kept() == tally_from_items()) == (0, True)


def test_repeal_moves_the_item_to_its_new_validity(approved, reviewer, agency):
    old = published(approved, reviewer, genre="normative_document")
    new = published(approved, reviewer, genre="normative_document")
    s.item_change_validity(
        item=old, actor=reviewer, validity="repealed", on=D("2025-11-03"), by=new
    )
    assert (
        public_count(validity="in_force"),
        public_count(validity="repealed"),
        tally_as_kept() == tally_from_items(),
    ) == (1, 1, True)


def test_each_filter_counts_what_the_catalogue_lists(approved, reviewer, agency, other_agency):
    subject = Subject.objects.create(name="住房保障")
    published(approved, reviewer, on="2024-03-01", statutory_category="20-1", subject=subject)
    published(approved, reviewer, on="2025-03-02", statutory_category="20-1")
    published(approved, reviewer, on="2025-06-30", statutory_category="20-3", subject=subject)
    Item.objects.filter(pk=published(approved, reviewer, on="2025-07-01").pk).update(
        agency=other_agency
    )
    assert (
        public_count(),
        public_count(agency_id=agency.pk),
        public_count(agency_id=other_agency.pk),
        public_count(statutory_category="20-1"),
        public_count(subject_id=subject.pk),
        public_count(year=2025),
        public_count(year=2025, statutory_category="20-1", agency_id=agency.pk),
        public_counts_by("year"),
        public_years(),
    ) == (4, 3, 1, 2, 2, 3, 1, {2024: 1, 2025: 3}, [2025, 2024])


def test_bulk_creation_updates_and_deletes_are_counted(agency, other_agency):
    """Imports and the demo write with bulk_create; the admin and scripts with update()."""
    common = {
        "issuing_agency": "示范区住房和城乡建设局",
        "written_on": D("2025-01-02"),
        "statutory_category": "20-5",
        "genre": "notice",
        "status": "published",
    }
    Item.objects.bulk_create(
        Item(
            agency=agency,
            title=f"公告{n}",
            published_on=D("2025-01-03"),
            index_number=f"X/2025-{n:05}",
            **common,
        )
        for n in range(1, 6)
    )
    Item.objects.bulk_create(
        [
            Item(
                agency=agency,
                title="未公开",
                attribute="withheld",
                withheld_reason="secret",
                **common | {"status": "draft"},
            )
        ]
    )
    Item.objects.filter(title="公告1").update(attribute="on_request")
    Item.objects.filter(title="公告2").update(agency=other_agency)
    Item.objects.filter(title="公告3").update(published_on=D("2026-01-05"))
    Item.objects.filter(title="公告4").delete()
    assert (
        public_count(),
        public_count(agency_id=agency.pk),
        public_counts_by("year"),
        tally_as_kept() == tally_from_items(),
    ) == (3, 2, {2025: 2, 2026: 1}, True)


def test_saving_an_unchanged_item_leaves_the_count(approved, reviewer):
    item = published(approved, reviewer)
    item.save()
    item.save()
    assert public_count() == 1


def test_recount_repairs_a_tally_written_behind_the_triggers(approved, reviewer, capsys):
    published(approved, reviewer)
    PublicTally.objects.update(items=7)
    PublicTally.objects.create(
        agency=AgencyFactory(),
        statutory_category="20-1",
        subject_key=0,
        year=2020,
        validity="in_force",
        items=2,
    )
    call_command("catalogue", "recount")
    first = capsys.readouterr().err.strip()
    call_command("catalogue", "recount")
    assert (first, capsys.readouterr().out.strip(), public_count()) == (
        "门户计数有 2 组与公开条目不符，已按公开条目重建",
        "门户计数与公开条目一致",
        1,
    )


@pytest.mark.django_db(transaction=True)
def test_the_triggers_survive_the_migrations():
    """The test database is built by the migrations: an item inserted now is counted."""
    agency = AgencyFactory()
    Item.objects.create(
        agency=agency,
        title="关于公布2025年政府信息公开工作年度报告的通知",
        issuing_agency=agency.name,
        written_on=D("2026-01-20"),
        published_on=D("2026-01-21"),
        statutory_category="20-1",
        genre="notice",
        status="published",
        index_number=f"{agency.code}/2026-00001",
    )
    assert tally_as_kept() == {(agency.pk, "20-1", 0, 2026, "in_force"): 1}
