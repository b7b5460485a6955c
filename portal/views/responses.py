"""'You said, we did': official responses anyone can read, published by analysts and admins."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from challenges import responses
from challenges.lifecycle import Actor
from challenges.rounds import all_rounds
from portal import access
from portal.access import ANALYST_ROLES
from portal.db import get_db
from portal.forms.responses import ResponseForm

bp = Blueprint("responses", __name__, url_prefix="/you-said-we-did")


@bp.get("/")
@access.public
def index():
    """List the official responses, newest first."""
    page = responses.latest_responses(get_db(), after=request.args.get("after"))
    return render_template("responses/list.html", page=page)


# /new and the feeds blueprint's /feed.atom are static rules, which Werkzeug always tries before
# this one; and neither could be a public id, which is 12 characters with no dot.
@bp.get("/<public_id>")
@access.public
def show(public_id: str):
    """Show one response with the published contributions it answers."""
    detail = responses.find_response(get_db(), public_id)
    if detail is None:
        abort(404)
    return render_template("responses/show.html", detail=detail)


@bp.route("/new", methods=["GET", "POST"])
@access.roles(ANALYST_ROLES)
def new():
    """Publish a response to a challenge, a round or particular contributions."""
    db = get_db()
    form = ResponseForm(rounds=all_rounds(db))
    if form.validate_on_submit():
        actor = Actor(role=current_user.role, user_id=current_user.user.id)
        try:
            response = responses.publish_response(db, actor, form.to_draft())
        except responses.UnknownContributions as error:
            form.contribution_ids.errors.append(_unknown_ids_message(error.public_ids))
        else:
            flash("Response published.", "success")
            return redirect(url_for(".show", public_id=response.public_id))
    return render_template("responses/new.html", form=form)


def _unknown_ids_message(public_ids: list[str]) -> str:
    listed = ", ".join(public_ids)
    if len(public_ids) == 1:
        return f"There is no published contribution with the id {listed}"
    return f"There are no published contributions with the ids {listed}"
