"""Password rules: a minimum length and a deny-list of common passwords, no composition rules."""

from functools import cache

from zxcvbn.frequency_lists import FREQUENCY_LISTS

MINIMUM_LENGTH = 10
MAXIMUM_LENGTH = 256


@cache
def _common_passwords() -> frozenset[str]:
    # zxcvbn ships the 30,000 most common passwords from public breach corpora.
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str) -> str | None:
    """Say what is wrong with a new password, or return None if it is acceptable."""
    if len(password) < MINIMUM_LENGTH:
        return f"Password must be {MINIMUM_LENGTH} characters or more"
    if len(password) > MAXIMUM_LENGTH:
        return f"Password must be {MAXIMUM_LENGTH} characters or fewer"
    if password.lower() in _common_passwords():
        return "Password is too common. Choose a longer phrase that only you would think of"
    return None
