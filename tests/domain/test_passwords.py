import pytest

from challenges.passwords import password_problem


@pytest.mark.parametrize("password", ["short", "123456789"])
def test_passwords_under_ten_characters_are_refused(password):
    assert "10 characters" in password_problem(password)


@pytest.mark.parametrize("password", ["password123", "qwertyuiop", "1234567890", "Manchester"])
def test_common_passwords_are_refused_whatever_their_case(password):
    assert "too common" in password_problem(password)


def test_a_long_uncommon_passphrase_is_accepted_without_composition_rules():
    assert password_problem("kettle lantern orchard") is None
