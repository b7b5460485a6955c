"""Branch campaign pages: where members arrive from a union's link, poster or QR code."""

from flask import Blueprint, abort, redirect, render_template, session, url_for
from flask_login import current_user

from challenges import branches, rounds
from challenges.catalogue import challenge_by_number
from challenges.lifecycle import utcnow
from challenges.models import Union
from portal import access
from portal.db import get_db

bp = Blueprint("campaign", __name__, url_prefix="/b")
# Only in the visitor's own session cookie: which branch's link they came from, so the posting
# form can ask whether to count their contribution towards it. Nothing is stored server side.
ARRIVED_VIA = "arrived_via_branch"


def _branch(slug: str):
    branch = branches.find_branch(get_db(), slug)
    if branch is None:
        abort(404)
    return branch


@bp.get("/<slug>")
@access.public
def page(slug: str):
    """Show a branch's campaign: its message, the challenges, open questions, and Take part."""
    db = get_db()
    branch = _branch(slug)
    featured = [challenge_by_number(n) for n in branches.featured_challenge_numbers(branch)]
    today = utcnow().date()
    open_rounds = [
        r
        for r in branches.featured_rounds(db, branch)
        if rounds.round_state(r, today) == rounds.OPEN
    ] or rounds.open_rounds(db, today)
    return render_template(
        "campaign/page.html",
        branch=branch,
        union=db.get(Union, branch.union_id),
        featured=featured,
        open_rounds=open_rounds,
    )


@bp.get("/<slug>/start")
@access.public
def start(slug: str):
    """Count a start from the branch link, remember the branch in the session, and go on."""
    branch = _branch(slug)
    branches.count_link(get_db(), branch, "starts")
    session[ARRIVED_VIA] = branch.slug
    if current_user.is_authenticated:
        return redirect(url_for("contribute.new"))
    return redirect(url_for("account.register"))
