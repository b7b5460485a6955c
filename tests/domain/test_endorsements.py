import threading

import pytest
from sqlalchemy import select

from challenges import endorsements
from challenges.errors import InvalidTransition
from challenges.models import Contribution, Endorsement
from tests.fixtures.accounts import create_account, create_contribution


def test_one_endorsement_per_person_which_they_can_take_back(db):
    contribution = create_contribution(db, publish=True)
    person = create_account(db)
    assert endorsements.endorse(db, person, contribution)
    assert not endorsements.endorse(db, person, contribution)
    assert contribution.endorsement_count == 1
    assert endorsements.endorsed_by(db, person, [contribution]) == {contribution.public_id}
    assert endorsements.take_back(db, person, contribution)
    assert not endorsements.take_back(db, person, contribution)
    assert contribution.endorsement_count == 0


def test_endorsements_hold_no_user_and_cannot_be_grouped(db):
    first, second = create_contribution(db, publish=True), create_contribution(db, publish=True)
    person = create_account(db)
    endorsements.endorse(db, person, first)
    endorsements.endorse(db, person, second)
    tags = [e.endorser_tag for e in db.scalars(select(Endorsement))]
    assert len(set(tags)) == 2
    assert person.user.email not in " ".join(tags)


def test_only_published_contributions_can_be_endorsed(db):
    with pytest.raises(InvalidTransition):
        endorsements.endorse(db, create_account(db), create_contribution(db))


def test_concurrent_clicks_count_once(app, db):
    contribution = create_contribution(db, publish=True)
    person = create_account(db)
    barrier = threading.Barrier(4)

    def click():
        with app.extensions["db_sessionmaker"]() as session:
            mine = session.get(Contribution, contribution.id)
            barrier.wait()
            try:
                endorsements.endorse(session, person, mine)
                session.commit()
            except Exception:  # noqa: BLE001 - a lost race must only ever lose, never double count
                session.rollback()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.expire_all()
    assert db.scalar(select(Endorsement.id).where(Endorsement.contribution_id == contribution.id))
    assert db.query(Endorsement).count() == 1
    assert db.get(Contribution, contribution.id).endorsement_count == 1
