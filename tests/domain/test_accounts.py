import threading
import time

import pytest

from challenges import accounts
from challenges.accounts import SignedIn
from challenges.contributions import Draft, submit_contribution
from challenges.errors import EmailTaken
from challenges.models import Role, User
from config import TestingConfig
from tests.fixtures.accounts import PASSWORD, create_account, create_contribution

COST = TestingConfig.KDF_COST
DRAFT = Draft(challenge_number=5, title="Breaks", body="We get no breaks.")


def test_emails_are_unique_ignoring_case(db):
    create_account(db, email="Nurse@Example.org")
    with pytest.raises(EmailTaken):
        accounts.create_account(db, " nurse@example.ORG ", PASSWORD, Role.WORKER, COST)


def test_passwords_are_stored_as_argon2id_hashes(db):
    account = create_account(db)
    assert account.user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.user.password_hash


def test_authenticate_unseals_the_same_author_secret(db):
    account = create_account(db, email="a@example.org")
    signed_in = accounts.authenticate(db, "A@example.org", PASSWORD, COST)
    assert signed_in.author_secret == account.author_secret


@pytest.mark.parametrize(
    ("email", "password"), [("a@example.org", "wrong password here"), ("b@example.org", PASSWORD)]
)
def test_authenticate_refuses_wrong_password_and_unknown_email_alike(db, email, password):
    create_account(db, email="a@example.org")
    assert accounts.authenticate(db, email, password, COST) is None


def test_changing_password_keeps_the_secret_and_ends_other_sessions(db):
    account = create_account(db)
    generation = account.user.session_generation
    accounts.change_password(account, "a brand new passphrase", COST)
    again = accounts.authenticate(db, account.user.email, "a brand new passphrase", COST)
    assert again.author_secret == account.author_secret
    assert account.user.session_generation == generation + 1


def test_reset_with_recovery_code_keeps_contributions(db):
    account, code = accounts.create_account(db, "r@example.org", PASSWORD, Role.WORKER, COST)
    contribution = create_contribution(db, author=account)
    secret = accounts.recover_secret(account.user, code.lower(), COST)
    signed_in, new_code = accounts.reset_password(account.user, "new passphrase ok", COST, secret)
    assert new_code is None
    assert accounts.own_contribution_ids(signed_in) == [contribution.public_id]


def test_reset_without_recovery_code_loses_access_to_earlier_posts(db):
    account = create_account(db)
    create_contribution(db, author=account)
    assert accounts.recover_secret(account.user, "WRONG-WRONG-WRONG-WRONG-WRONG", COST) is None
    signed_in, new_code = accounts.reset_password(account.user, "new passphrase ok", COST, None)
    assert new_code is not None
    assert signed_in.author_secret != account.author_secret
    assert accounts.own_contribution_ids(signed_in) == []


def test_two_posts_sent_at_once_both_stay_in_the_authors_vault(app, db):
    if db.bind.dialect.name != "postgresql":
        pytest.skip("SQLite refuses the second writer outright; the race needs PostgreSQL")
    account = create_account(db)
    make_session = app.extensions["db_sessionmaker"]

    def signed_in_with(session):
        return SignedIn(session.get(User, account.user.id), account.author_secret)

    first_session, second_session = make_session(), make_session()
    first = submit_contribution(first_session, signed_in_with(first_session), DRAFT)
    second_ids = []

    def send_second():
        second = submit_contribution(second_session, signed_in_with(second_session), DRAFT)
        second_session.commit()
        second_ids.append(second.public_id)

    thread = threading.Thread(target=send_second)
    thread.start()
    time.sleep(0.5)  # the second post is now waiting for the first one's lock
    first_session.commit()
    thread.join(timeout=10)
    for session in (first_session, second_session):
        session.close()

    db.expire_all()
    mine = accounts.own_contribution_ids(signed_in_with(db))
    assert sorted(mine) == sorted([first.public_id, *second_ids])
