"""add_once's savepoint belongs to the surrounding transaction: rolling that back undoes it."""

from sqlalchemy import func, select

from challenges.models import Endorsement
from challenges.persistence import add_once
from tests.fixtures.accounts import create_contribution


def _endorsements(db) -> int:
    return db.scalar(select(func.count()).select_from(Endorsement))


def test_a_row_added_once_is_undone_with_its_transaction(db):
    contribution = create_contribution(db, publish=True)
    db.execute(select(1))  # a read first, as every request makes, before the savepoint
    assert add_once(db, Endorsement(contribution_id=contribution.id, endorser_tag="a" * 64))
    db.rollback()
    assert _endorsements(db) == 0


def test_a_second_identical_row_is_refused_and_the_first_kept(db):
    contribution = create_contribution(db, publish=True)
    row = {"contribution_id": contribution.id, "endorser_tag": "b" * 64}
    assert add_once(db, Endorsement(**row))
    assert not add_once(db, Endorsement(**row))
    db.commit()
    assert _endorsements(db) == 1
