"""Access rules. Every view declares exactly one; a test fails any route that has none."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from challenges.models import Role

CONTRIBUTOR_ROLES = frozenset({Role.WORKER, Role.BRANCH_REP})
MODERATOR_ROLES = frozenset({Role.MODERATOR, Role.ADMIN})
ANALYST_ROLES = frozenset({Role.ANALYST, Role.ADMIN})
ADMIN_ROLES = frozenset({Role.ADMIN})


def public(view):
    """Anyone, signed in or not, may use this view."""
    view.access_rule = "public"
    return view


def signed_in(view):
    """Any signed-in user may use this view."""
    wrapped = login_required(view)
    wrapped.access_rule = "signed-in"
    return wrapped


def roles(allowed: frozenset[Role]):
    """Only signed-in users with one of these roles may use this view."""

    def decorate(view):
        @wraps(view)
        def checked(*args, **kwargs):
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        wrapped = login_required(checked)
        wrapped.access_rule = frozenset(allowed)
        return wrapped

    return decorate
