"""Signing in and out with Flask-Login, and carrying the author secret in the session cookie.

The author secret lives only in the user's own signed session cookie while they are signed in;
the server never stores it unsealed. Each session also carries the account's session generation,
so bumping it on sign-out ends that session everywhere, server side.
"""

from dataclasses import dataclass

from flask import Flask, current_app, g, session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from challenges import accounts, anonymity
from challenges.accounts import SignedIn
from challenges.models import Role, User
from portal import session_expiry
from portal.db import get_db

login_manager = LoginManager()
_AUTHOR_SECRET_IN_SESSION = "author_secret"  # noqa: S105 -- a session key name, not a secret


@dataclass
class Account(UserMixin):
    """The signed-in user as Flask-Login sees it."""

    user: User

    @property
    def role(self) -> Role:
        return self.user.role

    def get_id(self) -> str:
        return f"{self.user.id}:{self.user.session_generation}"


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "account.sign_in"
    login_manager.unauthorized_handler(session_expiry.sign_in_first)
    # Flask-Login's session protection keeps a hash of the IP address and user agent in the
    # cookie; we keep neither anywhere, and the session generation already ends sessions.
    login_manager.session_protection = None
    session_expiry.init_app(app)


@login_manager.user_loader
def _load_account(session_id: str) -> Account | None:
    user_id, _, generation = session_id.partition(":")
    if _AUTHOR_SECRET_IN_SESSION not in session or not (user_id.isdigit() and generation.isdigit()):
        return None
    user = get_db().get(User, int(user_id))
    if user is None or user.session_generation != int(generation):
        return None
    return Account(user)


def start_session(signed_in: SignedIn) -> None:
    """Begin a fresh session for this user (never reusing the one from before sign-in)."""
    session_expiry.clear_session(keeping=session_expiry.CARRIED_OVER_SIGN_IN)
    # The form token goes with the old session; Flask-WTF caches it for the rest of the
    # request, so a page rendered after signing in would otherwise carry a dead token.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    login_user(Account(signed_in.user), remember=False)
    session_expiry.mark_started()
    session[_AUTHOR_SECRET_IN_SESSION] = anonymity.encode_secret(signed_in.author_secret)


def end_session() -> None:
    """Sign out here and invalidate every other copy of this session."""
    if current_user.is_authenticated:
        accounts.end_sessions(current_user.user)
    forget_session()


def forget_session() -> None:
    """Drop this browser's session (for when the account itself has gone)."""
    logout_user()
    session.clear()


def current_signed_in() -> SignedIn | None:
    """The signed-in user with their author secret, or None when signed out."""
    if not current_user.is_authenticated:
        return None
    return SignedIn(current_user.user, anonymity.decode_secret(session[_AUTHOR_SECRET_IN_SESSION]))
