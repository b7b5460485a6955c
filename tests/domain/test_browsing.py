from datetime import datetime

from challenges import browsing
from challenges.contributions import author_actor
from challenges.lifecycle import change_status
from challenges.models import Contribution
from tests.fixtures.accounts import create_account, create_contribution


def test_counts_include_only_published_contributions(db):
    create_contribution(db, publish=True, challenge_number=2)
    create_contribution(db, publish=True, challenge_number=2)
    create_contribution(db, challenge_number=2)
    create_contribution(db, publish=True, challenge_number=5)
    assert browsing.published_counts(db) == {2: 2, 5: 1}


def test_withdrawn_contributions_leave_counts_and_pages(db):
    author = create_account(db)
    contribution = create_contribution(db, author=author, publish=True)
    change_status(db, contribution, "withdraw", author_actor(author))
    db.commit()
    assert browsing.published_counts(db) == {}
    assert browsing.published_page(db, 1).items == []
    assert browsing.find_published(db, contribution.public_id) is None


def test_keyset_pages_walk_every_item_once_newest_first(db):
    author = create_account(db)
    for n in range(7):
        create_contribution(db, author=author, publish=True, title=f"Item {n}")
    seen, after = [], None
    while True:
        page = browsing.published_page(db, 1, after=after, size=3)
        seen.extend(item.public_id for item in page.items)
        if page.next_after is None:
            break
        after = page.next_after
    assert len(seen) == len(set(seen)) == 7
    published = [db.get(Contribution, c.id) for c in db.query(Contribution)]
    expected = sorted(published, key=lambda c: (c.published_at, c.public_id), reverse=True)
    assert seen == [c.public_id for c in expected]


def test_pending_contributions_are_not_public(db):
    contribution = create_contribution(db)
    assert browsing.find_published(db, contribution.public_id) is None


def test_public_ids_are_random_not_sequential(db):
    ids = [create_contribution(db).public_id for _ in range(5)]
    assert len(set(ids)) == 5
    assert not any(public_id.isdigit() for public_id in ids)


def test_dates_are_shown_as_month_and_year():
    assert browsing.month_year(datetime(2026, 10, 3, 14, 5)) == "October 2026"


def _counts(db):
    return browsing.fact_combination_counts(db)


def test_only_facts_the_author_chose_to_show_are_shown(db):
    author = create_account(db)
    facts = {"sector": "nhs", "region": "london", "publish": True}
    shown = create_contribution(db, author=author, show_facts=True, **facts)
    hidden = create_contribution(db, author=author, show_facts=False, **facts)
    assert browsing.shown_facts(shown, _counts(db), k=2) == ["NHS", "London"]
    assert browsing.shown_facts(hidden, _counts(db), k=2) == []


def test_rare_combinations_are_coarsened_region_first_then_staff_group(db):
    author = create_account(db)
    facts = {"sector": "nhs", "staff_group": "doctor", "publish": True, "show_facts": True}
    for region in ("london", "london", "north-east"):
        create_contribution(db, author=author, region=region, **facts)
    create_contribution(db, author=author, sector="nhs", staff_group="nurse-midwife", publish=True)
    rare = create_contribution(db, author=author, region="north-east", **facts)
    counts = _counts(db)
    assert browsing.shown_facts(rare, counts, k=2) == ["NHS", "Doctor", "North East"]
    assert browsing.shown_facts(rare, counts, k=3) == ["NHS", "Doctor"]
    assert browsing.shown_facts(rare, counts, k=5) == ["NHS"]
    assert browsing.shown_facts(rare, counts, k=6) == []


def test_unpublished_contributions_do_not_count_towards_the_gate(db):
    author = create_account(db)
    facts = {"sector": "primary-care", "show_facts": True}
    create_contribution(db, author=author, **facts)
    published = create_contribution(db, author=author, publish=True, **facts)
    assert browsing.shown_facts(published, _counts(db), k=2) == []
