"""Signed, expiring tokens for emailed links. Nothing about them is stored in the database."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from challenges.models import User

REGISTRATION_MAX_AGE = 24 * 3600


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def registration_token(email: str) -> str:
    """A link token proving the holder received mail at this address."""
    return _serializer("register").dumps({"email": email})


def email_from_registration_token(token: str) -> str | None:
    """The email a registration token was issued for, or None if invalid or expired."""
    try:
        return _serializer("register").loads(token, max_age=REGISTRATION_MAX_AGE)["email"]
    except (BadSignature, KeyError, TypeError):
        return None


def password_reset_token(user: User) -> str:
    """A reset token that stops working once the password changes or the user signs out."""
    return _serializer("reset").dumps({"user": user.id, "generation": user.session_generation})


def user_from_reset_token(token: str, load_user) -> User | None:
    """The user a still-valid reset token belongs to, or None."""
    try:
        payload = _serializer("reset").loads(
            token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"]
        )
        user = load_user(int(payload["user"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    if user is None or user.session_generation != payload["generation"]:
        return None
    return user
