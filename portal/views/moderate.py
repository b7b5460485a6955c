"""The moderators' queue. Pages here must never show anything that identifies an author."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from challenges import contributions, moderation
from challenges.errors import AlreadyDecided, InvalidTransition
from challenges.lifecycle import Actor, change_status
from challenges.models import Status
from portal import access
from portal.access import MODERATOR_ROLES
from portal.db import get_db
from portal.forms.moderate import DecisionForm

bp = Blueprint("moderate", __name__, url_prefix="/moderate")


@bp.get("/")
@access.roles(MODERATOR_ROLES)
def queue():
    """List contributions awaiting a decision, oldest first."""
    db = get_db()
    items = moderation.pending_queue(db, after=request.args.get("after"))
    return render_template("moderate/queue.html", items=items, pending=moderation.pending_count(db))


@bp.route("/<public_id>", methods=["GET", "POST"])
@access.roles(MODERATOR_ROLES)
def decide(public_id: str):
    """Read one pending contribution and publish or reject it."""
    contribution = contributions.find_contribution(get_db(), public_id)
    if contribution is None or contribution.status is Status.WITHDRAWN:
        abort(404)
    form = DecisionForm()
    if form.validate_on_submit():
        actor = Actor(role=current_user.role, user_id=current_user.user.id)
        try:
            change_status(
                get_db(),
                contribution,
                form.decision.data,
                actor,
                reason=(form.reason.data or "").strip() or None,
            )
        except (AlreadyDecided, InvalidTransition):
            flash("Another moderator has already decided this contribution.", "info")
        else:
            flash(f"Contribution {form.decision.data}ed.", "success")
        return redirect(url_for(".queue"))
    return render_template("moderate/decide.html", contribution=contribution, form=form)
