"""The same posting form sent twice (a double click, a retry after an error page) is stored once."""

import threading

import pytest
from sqlalchemy import func, select

from challenges import accounts
from challenges.accounts import SignedIn
from challenges.contributions import Draft, submit_contribution
from challenges.models import AuditEvent, Contribution, User
from tests.fixtures.accounts import create_account

KEY = "k" * 24


def _draft(key=KEY, body="We get no breaks.") -> Draft:
    return Draft(challenge_number=5, title="Breaks", body=body, submission_key=key)


def _rows(db) -> int:
    return db.scalar(select(func.count()).select_from(Contribution))


def test_a_form_sent_again_gives_back_the_first_post(db):
    author = create_account(db)
    first = submit_contribution(db, author, _draft())
    db.commit()
    again = submit_contribution(db, author, _draft())
    db.commit()
    assert again.public_id == first.public_id and _rows(db) == 1
    assert accounts.own_contribution_ids(author) == [first.public_id]
    assert db.scalar(select(func.count()).where(AuditEvent.action == "submit")) == 1


def test_forms_without_a_key_are_each_stored(db):
    author = create_account(db)
    for _ in range(2):
        submit_contribution(db, author, _draft(key=None))
    db.commit()
    assert _rows(db) == 2


def test_someone_elses_key_stores_a_new_post_that_keeps_no_key(db):
    author, replayer = create_account(db), create_account(db)
    first = submit_contribution(db, author, _draft())
    db.commit()
    other = submit_contribution(db, replayer, _draft(body="My own words."))
    db.commit()
    assert other.public_id != first.public_id and other.submission_key is None
    assert accounts.own_contribution_ids(replayer) == [other.public_id]


def test_the_same_form_sent_twice_at_once_is_stored_once(app, db):
    if db.bind.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the race needs PostgreSQL")
    account = create_account(db)
    make_session = app.extensions["db_sessionmaker"]

    def send(session, results):
        signed_in = SignedIn(session.get(User, account.user.id), account.author_secret)
        results.append(submit_contribution(session, signed_in, _draft()).public_id)

    first_session, second_session = make_session(), make_session()
    results: list[str] = []
    send(first_session, results)
    second = threading.Thread(
        target=lambda: (send(second_session, results), second_session.commit())
    )
    second.start()
    second.join(timeout=0.5)
    assert second.is_alive(), "the second copy waits for the first to commit or roll back"
    first_session.commit()
    second.join(timeout=10)
    for session in (first_session, second_session):
        session.close()
    assert len(results) == 2 and results[0] == results[1]
    assert _rows(db) == 1
