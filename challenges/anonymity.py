"""The author secret, how it is sealed, and the vault of a user's own contribution ids.

Each account has a random author secret. The server only ever stores it sealed: once under a key
derived from the password and once under a key derived from a recovery code shown once. The ids
of the user's own contributions live in a vault sealed under the author secret. With the database
and the app's configuration alone, none of these can be opened, so nothing links an account to
what it posted.
"""

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SECRET_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
# The vault is padded to a multiple of this many bytes so its size reveals only a rough count.
VAULT_BLOCK_BYTES = 1024
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RECOVERY_GROUPS = 5
RECOVERY_GROUP_LENGTH = 5


class SealBroken(Exception):
    """The key was wrong or the sealed data was altered."""


@dataclass(frozen=True)
class KdfCost:
    """Argon2id cost for turning a password or recovery code into a sealing key."""

    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 1


def new_author_secret() -> bytes:
    """Return a fresh random author secret."""
    return secrets.token_bytes(SECRET_BYTES)


def new_salt() -> bytes:
    """Return a fresh random salt for key derivation."""
    return secrets.token_bytes(SALT_BYTES)


def new_recovery_code() -> str:
    """Return a recovery code of five groups of five unambiguous characters (about 125 bits)."""
    groups = (
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUP_LENGTH))
        for _ in range(RECOVERY_GROUPS)
    )
    return "-".join(groups)


def normalise_recovery_code(code: str) -> str:
    """Accept a recovery code typed with any case, spaces or dashes."""
    compact = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(
        compact[i : i + RECOVERY_GROUP_LENGTH]
        for i in range(0, len(compact), RECOVERY_GROUP_LENGTH)
    )


def derive_key(passphrase: str, salt: bytes, cost: KdfCost) -> bytes:
    """Derive a 256-bit sealing key from a password or recovery code."""
    return hash_secret_raw(
        passphrase.encode(),
        salt,
        time_cost=cost.time_cost,
        memory_cost=cost.memory_kib,
        parallelism=cost.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def seal(key: bytes, plaintext: bytes, context: bytes) -> bytes:
    """Encrypt and authenticate ``plaintext``; ``context`` binds it to its purpose."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, context)


def unseal(key: bytes, sealed: bytes, context: bytes) -> bytes:
    """Decrypt what ``seal`` produced, or raise SealBroken."""
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], context)
    except (InvalidTag, ValueError) as error:
        raise SealBroken from error


def subkey(author_secret: bytes, purpose: bytes) -> bytes:
    """Derive an independent key from the author secret for one purpose."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(author_secret)


def item_tag(author_secret: bytes, purpose: bytes, public_id: str) -> str:
    """A keyed tag for one person's action on one item (an endorsement, a report).

    The same person gets the same tag for the same item, so the database can refuse a second
    one; different items give unrelated tags, so one person's actions cannot be grouped.
    """
    return hmac.new(subkey(author_secret, purpose), public_id.encode(), hashlib.sha256).hexdigest()


def seal_vault(author_secret: bytes, public_ids: list[str]) -> bytes:
    """Seal the list of a user's own contribution ids, padded to hide how many there are."""
    payload = json.dumps(sorted(set(public_ids))).encode()
    padded_length = (len(payload) // VAULT_BLOCK_BYTES + 1) * VAULT_BLOCK_BYTES
    return seal(subkey(author_secret, b"vault"), payload.ljust(padded_length), b"vault")


def open_vault(author_secret: bytes, sealed: bytes) -> list[str]:
    """Return the contribution ids in a sealed vault."""
    return json.loads(unseal(subkey(author_secret, b"vault"), sealed, b"vault").rstrip())


def encode_secret(author_secret: bytes) -> str:
    """Text form of the author secret, for carrying it in the signed session cookie."""
    return base64.urlsafe_b64encode(author_secret).decode()


def decode_secret(text: str) -> bytes:
    """Inverse of ``encode_secret``."""
    return base64.urlsafe_b64decode(text.encode())
