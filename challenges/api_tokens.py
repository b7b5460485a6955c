"""Bearer tokens for the read-only API. Analysts create and revoke them; only hashes are stored.

A token is shown once, when it is created. The database keeps its SHA-256 and its first
characters (so people can tell their tokens apart), never the token itself. A token reads what
its creator may read, so it stops working when its creator is no longer an analyst or an admin,
or their account is deleted.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from challenges.errors import NotAllowed
from challenges.lifecycle import Actor, record_audit, utcnow
from challenges.models import ApiToken, Role, User

TOKEN_MAKERS = frozenset({Role.ANALYST, Role.ADMIN})
# Marks a string as one of ours, so that secret scanners and people can recognise a leaked one.
TOKEN_PREFIX = "cv_"  # noqa: S105 -- a marker, not a secret
# "cv_" and 7 random characters: 42 of the 256 random bits, which leaves plenty unguessable.
SHOWN_PREFIX_LENGTH = 10
NAME_MAX = 80
MOST_DAYS = 365


def hash_token(presented: str) -> str:
    """The SHA-256 hex digest that a token is stored and looked up by.

    A fast hash is enough here, unlike for passwords: a token carries 256 random bits, so its
    hash cannot be reversed by guessing however cheap each guess is.
    """
    return hashlib.sha256(presented.encode()).hexdigest()


def create_token(db: Session, actor: Actor, name: str, valid_days: int) -> tuple[str, ApiToken]:
    """Create a token; return it in plain (to show once) with its stored row."""
    if actor.role not in TOKEN_MAKERS:
        raise NotAllowed("create_api_token")
    name = name.strip()
    if not 0 < len(name) <= NAME_MAX:
        raise ValueError(f"a token's name must be 1 to {NAME_MAX} characters")
    if not 1 <= valid_days <= MOST_DAYS:
        raise ValueError(f"a token must be valid for 1 to {MOST_DAYS} days")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    row = ApiToken(
        name=name,
        token_hash=hash_token(plain),
        prefix=plain[:SHOWN_PREFIX_LENGTH],
        created_at=now,
        expires_at=now + timedelta(days=valid_days),
        created_by_user_id=actor.user_id,
    )
    db.add(row)
    db.flush()
    record_audit(db, actor, "create_api_token", _audit_target(row))
    return plain, row


def verify_token(db: Session, presented: str, now: datetime) -> ApiToken | None:
    """The live token matching what was presented, or None if unknown, revoked or expired.

    The lookup is by hash, so its timing can tell an attacker at most about hashes, which they
    cannot turn back into tokens: no constant-time comparison is needed.
    """
    if not presented.startswith(TOKEN_PREFIX):
        return None
    return db.scalar(
        select(ApiToken)
        .join(User, User.id == ApiToken.created_by_user_id)
        .where(
            ApiToken.token_hash == hash_token(presented),
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > now,
            User.role.in_(TOKEN_MAKERS),
        )
    )


def revoke_token(db: Session, actor: Actor, token_id: int) -> ApiToken:
    """Revoke a token the actor may manage; revoking it again changes nothing."""
    token = db.get(ApiToken, token_id)
    if token is None or not _may_manage(actor, token):
        raise NotAllowed("revoke_api_token")
    # Conditional, so that two revocations at once leave one time and one audit event.
    result = db.execute(
        update(ApiToken)
        .where(ApiToken.id == token.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.refresh(token)
    if result.rowcount == 1:
        record_audit(db, actor, "revoke_api_token", _audit_target(token))
    return token


def tokens_for(db: Session, user: User) -> list[ApiToken]:
    """The tokens this user manages, newest first: their own, or every token for an admin."""
    if user.role not in TOKEN_MAKERS:
        return []
    query = select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    if user.role is not Role.ADMIN:
        query = query.where(ApiToken.created_by_user_id == user.id)
    return list(db.scalars(query))


def token_status(token: ApiToken, now: datetime) -> str:
    """'active', 'revoked' or 'expired'."""
    if token.revoked_at is not None:
        return "revoked"
    return "active" if token.expires_at > now else "expired"


def _may_manage(actor: Actor, token: ApiToken) -> bool:
    if actor.role is Role.ADMIN:
        return True
    return actor.role in TOKEN_MAKERS and token.created_by_user_id == actor.user_id


def _audit_target(token: ApiToken) -> str:
    return f"token-{token.id}"
