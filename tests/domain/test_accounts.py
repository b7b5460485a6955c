import pytest

from challenges import accounts
from challenges.errors import EmailTaken
from challenges.models import Role
from config import TestingConfig
from tests.fixtures.accounts import PASSWORD, create_account, create_contribution

COST = TestingConfig.KDF_COST


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
