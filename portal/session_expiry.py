"""Sessions end after a spell of inactivity and after a maximum age, without losing work.

Someone may spend an hour writing a contribution and find, on pressing send, that their session
has ended. The form they sent is not thrown away: the sign-in page carries its fields in hidden
inputs, and after signing in again they continue with exactly what they wrote. Nothing of it is
stored on the server in between.
"""

import time

from flask import Flask, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import logout_user

from portal.forms.account import SignInForm
from portal.logs import log_event

_STARTED = "session_started_at"
_LAST_SEEN = "session_last_seen_at"
# What a visitor brought with them before signing in that should survive it.
CARRIED_OVER_SIGN_IN = ("arrived_via_branch",)
# The form token outlives an ended session too, so a form filled in before it ended can still
# be sent once they are back.
_KEPT_WHEN_ENDED = ("csrf_token", *CARRIED_OVER_SIGN_IN)
_CARRY_PREFIX = "carried__"
# Secrets never travel back through a page.
_NEVER_CARRIED = ("csrf_token", "password", "current_password", "new_password", "recovery_code")
# Seen at most once a minute, so the cookie is not rewritten on every request.
_TOUCH_EVERY_SECONDS = 60


def init_app(app: Flask) -> None:
    app.before_request(end_stale_session)


def mark_started() -> None:
    """Start the clocks for a session that has just signed in."""
    now = int(time.time())
    session[_STARTED] = now
    session[_LAST_SEEN] = now


def end_stale_session() -> None:
    """End this browser's session if it has been idle too long or lived too long."""
    if "_user_id" not in session:
        return
    now = int(time.time())
    idle_for = now - session.get(_LAST_SEEN, 0)
    age = now - session.get(_STARTED, 0)
    config = current_app.config
    if idle_for > config["SESSION_IDLE_MINUTES"] * 60 or age > config["SESSION_MAX_HOURS"] * 3600:
        logout_user()
        clear_session(keeping=_KEPT_WHEN_ENDED)
        g.session_ended = True
        log_event("session_expired")
    elif idle_for >= _TOUCH_EVERY_SECONDS:
        session[_LAST_SEEN] = now


def clear_session(keeping: tuple[str, ...]) -> None:
    """Empty this browser's session but for the ``keeping`` keys."""
    kept = {key: session[key] for key in keeping if key in session}
    session.clear()
    session.update(kept)


def sign_in_first():
    """Send a signed-out visitor to sign in, keeping any form they were sending."""
    next_path = request.full_path.rstrip("?")
    if request.method != "POST":
        flash(
            "You were signed out because you had not done anything for a while"
            if g.get("session_ended")
            else "Sign in to continue",
            "info",
        )
        return redirect(url_for("account.sign_in", next=next_path))
    return render_template(
        "account/sign_in.html",
        form=SignInForm(formdata=None),
        carried=carried_from(request.form, prefix=""),
        next_path=next_path,
        session_ended=g.get("session_ended", False),
    ), 401


def carried_from(form, prefix: str = _CARRY_PREFIX) -> list[tuple[str, str]]:
    """The (name, value) pairs of a sent form worth carrying through signing in again."""
    pairs = []
    for name, values in form.lists():
        if not name.startswith(prefix):
            continue
        field = name.removeprefix(prefix)
        if field and field not in _NEVER_CARRIED:
            pairs.extend((field, value) for value in values)
    return pairs
