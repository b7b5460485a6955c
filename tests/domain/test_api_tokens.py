import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from challenges.api_tokens import (
    create_token,
    revoke_token,
    token_status,
    tokens_for,
    verify_token,
)
from challenges.errors import NotAllowed
from challenges.lifecycle import Actor, utcnow
from challenges.models import ApiToken, AuditEvent, Role, User
from tests.fixtures.accounts import create_account


def _actor(signed_in) -> Actor:
    return Actor(role=signed_in.user.role, user_id=signed_in.user.id)


def _create(db, owner, name="Dashboard", valid_days=30) -> tuple[str, ApiToken]:
    plain, row = create_token(db, _actor(owner), name, valid_days)
    db.commit()
    return plain, row


def _audit(db, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_token_is_stored_only_as_its_hash_and_prefix(db):
    analyst = create_account(db, Role.ANALYST)
    plain, row = _create(db, analyst, valid_days=30)
    assert plain.startswith("cv_") and len(plain) >= 40
    assert row.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert row.prefix == plain[:10]
    stored = db.execute(select(ApiToken.__table__)).one()
    assert not any(plain in str(value) for value in stored)
    assert row.expires_at - row.created_at == timedelta(days=30)
    assert row.created_by_user_id == analyst.user.id


def test_creating_a_token_is_audited_against_the_analyst(db):
    analyst = create_account(db, Role.ANALYST)
    _, row = _create(db, analyst)
    (event,) = _audit(db, "create_api_token")
    assert (event.target_public_id, event.actor_user_id) == (f"token-{row.id}", analyst.user.id)


def test_tokens_differ_every_time(db):
    analyst = create_account(db, Role.ANALYST)
    assert _create(db, analyst)[0] != _create(db, analyst)[0]


@pytest.mark.parametrize("role", [Role.WORKER, Role.BRANCH_REP, Role.MODERATOR, None])
def test_only_analysts_and_admins_create_tokens(db, role):
    with pytest.raises(NotAllowed):
        create_token(db, Actor(role=role, user_id=None), "Mine", 30)


@pytest.mark.parametrize(
    ("name", "valid_days"), [("Dashboard", 0), ("Dashboard", 366), (" ", 30), ("x" * 81, 30)]
)
def test_names_and_lifetimes_are_checked(db, name, valid_days):
    with pytest.raises(ValueError):
        create_token(db, Actor(role=Role.ANALYST, user_id=None), name, valid_days)


def test_a_live_token_verifies_and_near_misses_do_not(db):
    plain, row = _create(db, create_account(db, Role.ADMIN))
    now = utcnow()
    assert verify_token(db, plain, now).id == row.id
    for wrong in (plain[:-1], plain + "x", plain.upper(), plain[3:], ""):
        assert verify_token(db, wrong, now) is None


def test_an_expired_token_fails_from_its_expiry(db):
    plain, row = _create(db, create_account(db, Role.ANALYST), valid_days=1)
    assert verify_token(db, plain, row.expires_at - timedelta(seconds=1)) is not None
    assert verify_token(db, plain, row.expires_at) is None


def test_a_revoked_token_fails(db):
    analyst = create_account(db, Role.ANALYST)
    plain, row = _create(db, analyst)
    revoke_token(db, _actor(analyst), row.id)
    db.commit()
    assert verify_token(db, plain, utcnow()) is None


def test_a_token_fails_once_its_creator_is_no_longer_an_analyst_or_is_deleted(db):
    demoted, deleted = (create_account(db, Role.ANALYST) for _ in range(2))
    demoted_token, _ = _create(db, demoted)
    deleted_token, _ = _create(db, deleted)
    db.get(User, demoted.user.id).role = Role.WORKER
    db.delete(db.get(User, deleted.user.id))
    db.commit()
    assert verify_token(db, demoted_token, utcnow()) is None
    assert verify_token(db, deleted_token, utcnow()) is None


def test_revoking_is_audited_once_however_often_it_is_asked_for(db):
    analyst = create_account(db, Role.ANALYST)
    _, row = _create(db, analyst)
    first = revoke_token(db, _actor(analyst), row.id).revoked_at
    db.commit()
    assert revoke_token(db, _actor(analyst), row.id).revoked_at == first
    db.commit()
    assert [event.target_public_id for event in _audit(db, "revoke_api_token")] == [
        f"token-{row.id}"
    ]


def test_analysts_revoke_only_their_own_tokens_and_admins_any(db):
    owner, other = (create_account(db, Role.ANALYST) for _ in range(2))
    admin = create_account(db, Role.ADMIN)
    _, row = _create(db, owner)
    for outsider in (other, create_account(db, Role.WORKER)):
        with pytest.raises(NotAllowed):
            revoke_token(db, _actor(outsider), row.id)
    with pytest.raises(NotAllowed):
        revoke_token(db, _actor(admin), row.id + 1000)
    assert revoke_token(db, _actor(admin), row.id).revoked_at is not None


def test_analysts_see_their_own_tokens_and_admins_see_all(db):
    first, second = (create_account(db, Role.ANALYST) for _ in range(2))
    _, older = _create(db, first, name="Older")
    _, newer = _create(db, first, name="Newer")
    _, theirs = _create(db, second)
    assert [t.id for t in tokens_for(db, first.user)] == [newer.id, older.id]
    assert [t.id for t in tokens_for(db, second.user)] == [theirs.id]
    admin = create_account(db, Role.ADMIN)
    assert {t.id for t in tokens_for(db, admin.user)} == {older.id, newer.id, theirs.id}
    assert tokens_for(db, create_account(db, Role.WORKER).user) == []


def test_a_tokens_status(db):
    analyst = create_account(db, Role.ANALYST)
    _, row = _create(db, analyst)
    assert token_status(row, utcnow()) == "active"
    assert token_status(row, row.expires_at) == "expired"
    revoke_token(db, _actor(analyst), row.id)
    assert token_status(row, utcnow()) == "revoked"
