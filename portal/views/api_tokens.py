"""Analysts' API tokens: list them, create one (shown once), revoke one."""

import re

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_login import current_user

from challenges import api_tokens
from challenges.errors import NotAllowed
from challenges.lifecycle import Actor, utcnow
from challenges.models import ApiToken
from portal import access
from portal.access import ANALYST_ROLES
from portal.db import get_db
from portal.forms.api_tokens import NewTokenForm, RevokeTokenForm

bp = Blueprint("api_tokens", __name__, url_prefix="/analyst/api-tokens")
_NEW_TOKEN = "new_api_token"  # noqa: S105 -- a session key name, not a secret
# Token ids are database integers: anything longer could overflow PostgreSQL's integer type.
_TOKEN_ID = re.compile(r"[0-9]{1,9}")


def _actor() -> Actor:
    return Actor(role=current_user.role, user_id=current_user.user.id)


@bp.get("/")
@access.roles(ANALYST_ROLES)
def index():
    """List the tokens this analyst manages (every token, for an admin), newest first."""
    now = utcnow()
    tokens = api_tokens.tokens_for(get_db(), current_user.user)
    return render_template(
        "api_tokens/index.html",
        tokens=[(token, api_tokens.token_status(token, now)) for token in tokens],
        revoke_form=RevokeTokenForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@access.roles(ANALYST_ROLES)
def new():
    """Name a new token and choose how long it lasts."""
    form = NewTokenForm()
    if form.validate_on_submit():
        plain, row = api_tokens.create_token(
            get_db(), _actor(), form.name.data, form.valid_days.data
        )
        # Like a new recovery code, it rides in the user's own session cookie for one redirect,
        # so reloading the page that shows it cannot create a second token.
        session[_NEW_TOKEN] = {"token": plain, "id": row.id}
        return redirect(url_for(".created"))
    return render_template("api_tokens/new.html", form=form)


@bp.get("/created")
@access.roles(ANALYST_ROLES)
def created():
    """Show a new token, once."""
    new_token = session.pop(_NEW_TOKEN, None)
    if new_token is None:
        return redirect(url_for(".index"))
    row = get_db().get(ApiToken, new_token["id"])
    page = render_template("api_tokens/created.html", token=new_token["token"], row=row)
    # Neither the browser's cache nor its back button may keep a copy of the token.
    return page, {"Cache-Control": "no-store"}


@bp.post("/<token_id>/revoke")
@access.roles(ANALYST_ROLES)
def revoke(token_id: str):
    """Revoke a token: calls with it fail from now on."""
    if not RevokeTokenForm().validate_on_submit():
        abort(400)
    if not _TOKEN_ID.fullmatch(token_id):
        abort(404)
    try:
        token = api_tokens.revoke_token(get_db(), _actor(), int(token_id))
    except NotAllowed:
        abort(404)
    flash(f"Token “{token.name}” revoked. Calls with it now fail.", "success")
    return redirect(url_for(".index"))
