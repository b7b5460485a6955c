"""Accounts: registration, sign-in, password changes and deletion.

Every function that touches the author secret keeps it in memory only; the caller carries it
in the user's own session cookie between requests.
"""

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from challenges import anonymity
from challenges.anonymity import KdfCost, SealBroken
from challenges.errors import EmailTaken
from challenges.models import Role, User

_SECRET_CONTEXT = b"author-secret"


@dataclass(frozen=True)
class SignedIn:
    """A user whose author secret has been unsealed for this session."""

    user: User
    author_secret: bytes


def normalise_email(email: str) -> str:
    """Compare emails case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def _hasher(cost: KdfCost) -> PasswordHasher:
    return PasswordHasher(
        time_cost=cost.time_cost, memory_cost=cost.memory_kib, parallelism=cost.parallelism
    )


def _seal_secret(secret: bytes, passphrase: str, salt: bytes, cost: KdfCost) -> bytes:
    return anonymity.seal(anonymity.derive_key(passphrase, salt, cost), secret, _SECRET_CONTEXT)


def _unseal_secret(sealed: bytes, passphrase: str, salt: bytes, cost: KdfCost) -> bytes:
    return anonymity.unseal(anonymity.derive_key(passphrase, salt, cost), sealed, _SECRET_CONTEXT)


def _set_password_seal(user: User, secret: bytes, password: str, cost: KdfCost) -> None:
    user.password_hash = _hasher(cost).hash(password)
    user.secret_salt = anonymity.new_salt()
    user.sealed_secret = _seal_secret(secret, password, user.secret_salt, cost)


def _set_recovery_seal(user: User, secret: bytes, cost: KdfCost) -> str:
    code = anonymity.new_recovery_code()
    user.recovery_salt = anonymity.new_salt()
    user.recovery_sealed_secret = _seal_secret(secret, code, user.recovery_salt, cost)
    return code


def find_user(db: Session, email: str) -> User | None:
    """Return the account with this email, if any."""
    return db.scalar(select(User).where(User.email == normalise_email(email)))


def create_account(
    db: Session, email: str, password: str, role: Role, cost: KdfCost
) -> tuple[SignedIn, str]:
    """Create an account with a fresh author secret; return it signed in and its recovery code."""
    if find_user(db, email) is not None:
        raise EmailTaken
    secret = anonymity.new_author_secret()
    user = User(email=normalise_email(email), role=role, session_generation=0)
    _set_password_seal(user, secret, password, cost)
    recovery_code = _set_recovery_seal(user, secret, cost)
    user.vault = anonymity.seal_vault(secret, [])
    db.add(user)
    db.flush()
    return SignedIn(user, secret), recovery_code


# Verified against when the email is unknown, so sign-in takes as long either way.
_DUMMY_HASH_BY_COST: dict[KdfCost, str] = {}


def _dummy_hash(cost: KdfCost) -> str:
    if cost not in _DUMMY_HASH_BY_COST:
        _DUMMY_HASH_BY_COST[cost] = _hasher(cost).hash(anonymity.new_recovery_code())
    return _DUMMY_HASH_BY_COST[cost]


def _password_matches(stored_hash: str, password: str, cost: KdfCost) -> bool:
    try:
        return _hasher(cost).verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(db: Session, email: str, password: str, cost: KdfCost) -> SignedIn | None:
    """Check a password and unseal the author secret, or return None."""
    user = find_user(db, email)
    if user is None:
        _password_matches(_dummy_hash(cost), password, cost)
        return None
    if not _password_matches(user.password_hash, password, cost):
        return None
    if _hasher(cost).check_needs_rehash(user.password_hash):
        user.password_hash = _hasher(cost).hash(password)
    secret = _unseal_secret(user.sealed_secret, password, user.secret_salt, cost)
    return SignedIn(user, secret)


def verify_password(user: User, password: str, cost: KdfCost) -> bool:
    """Check a signed-in user's current password before a sensitive change."""
    return _password_matches(user.password_hash, password, cost)


def change_password(signed_in: SignedIn, new_password: str, cost: KdfCost) -> None:
    """Reseal the author secret under a new password and end every other session."""
    _set_password_seal(signed_in.user, signed_in.author_secret, new_password, cost)
    signed_in.user.session_generation += 1


def recover_secret(user: User, recovery_code: str, cost: KdfCost) -> bytes | None:
    """Unseal the author secret with the recovery code, or return None if it does not match."""
    code = anonymity.normalise_recovery_code(recovery_code)
    try:
        return _unseal_secret(user.recovery_sealed_secret, code, user.recovery_salt, cost)
    except SealBroken:
        return None


def reset_password(
    user: User, new_password: str, cost: KdfCost, recovered_secret: bytes | None
) -> tuple[SignedIn, str | None]:
    """Set a new password after an emailed reset.

    With the recovered author secret the user keeps their contributions. Without it the old
    secret is gone for good: a new one is made, the vault starts empty, and a new recovery code
    is returned to show once.
    """
    new_code = None
    secret = recovered_secret
    if secret is None:
        secret = anonymity.new_author_secret()
        new_code = _set_recovery_seal(user, secret, cost)
        user.vault = anonymity.seal_vault(secret, [])
    _set_password_seal(user, secret, new_password, cost)
    user.session_generation += 1
    return SignedIn(user, secret), new_code


def own_contribution_ids(signed_in: SignedIn) -> list[str]:
    """Open the vault: the public ids of the contributions this user made."""
    return anonymity.open_vault(signed_in.author_secret, signed_in.user.vault)


def remember_contribution(signed_in: SignedIn, public_id: str) -> None:
    """Add a contribution id to the user's vault."""
    db = object_session(signed_in.user)
    if db is not None:
        # The vault is read, extended and written back. Locking the row first makes a second
        # post sent at the same moment (another tab, a double click) wait and then extend this
        # vault, instead of overwriting it and leaving its author unable to find this post.
        db.flush()
        db.refresh(signed_in.user, with_for_update=True)
    ids = own_contribution_ids(signed_in)
    signed_in.user.vault = anonymity.seal_vault(signed_in.author_secret, [*ids, public_id])


def end_sessions(user: User) -> None:
    """Invalidate every session of this user (sign-out everywhere)."""
    user.session_generation += 1
