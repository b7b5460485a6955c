import pytest
from hypothesis import given
from hypothesis import strategies as st

from challenges import anonymity
from challenges.anonymity import KdfCost, SealBroken

CHEAP = KdfCost(time_cost=1, memory_kib=1024)


def test_a_sealed_value_opens_only_with_the_same_key_and_context():
    key = anonymity.derive_key("passphrase one", b"0" * 16, CHEAP)
    sealed = anonymity.seal(key, b"secret", b"purpose")
    assert anonymity.unseal(key, sealed, b"purpose") == b"secret"
    with pytest.raises(SealBroken):
        anonymity.unseal(key, sealed, b"other purpose")
    wrong = anonymity.derive_key("passphrase two", b"0" * 16, CHEAP)
    with pytest.raises(SealBroken):
        anonymity.unseal(wrong, sealed, b"purpose")


def test_tampering_is_detected():
    key = anonymity.derive_key("passphrase", b"1" * 16, CHEAP)
    sealed = bytearray(anonymity.seal(key, b"secret", b"ctx"))
    sealed[-1] ^= 1
    with pytest.raises(SealBroken):
        anonymity.unseal(key, bytes(sealed), b"ctx")


@given(st.lists(st.text(alphabet="abcdefghijkABCDEFG0123456789-_", min_size=12, max_size=12)))
def test_the_vault_round_trips_its_ids(ids):
    secret = anonymity.new_author_secret()
    assert anonymity.open_vault(secret, anonymity.seal_vault(secret, ids)) == sorted(set(ids))


def test_vault_size_reveals_only_a_coarse_bucket():
    secret = anonymity.new_author_secret()
    sizes = {
        len(anonymity.seal_vault(secret, [f"id{n:010d}" for n in range(k)])) for k in range(20)
    }
    assert len(sizes) == 1


def test_recovery_codes_are_random_and_forgiving_to_type():
    code = anonymity.new_recovery_code()
    assert len(code) == 29 and code.count("-") == 4
    assert anonymity.new_recovery_code() != code
    assert anonymity.normalise_recovery_code(code.lower().replace("-", " ")) == code
