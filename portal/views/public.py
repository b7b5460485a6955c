"""Pages anyone can read."""

from flask import Blueprint, abort, render_template, request

from challenges import browsing, rounds
from challenges.catalogue import challenge_by_slug
from challenges.house_rules import HOUSE_RULES
from challenges.lifecycle import utcnow
from challenges.responses import responses_for_challenge
from portal import access
from portal.db import get_db
from portal.listing import contribution_page, listing_context

bp = Blueprint("public", __name__)


@bp.get("/")
@access.public
def home():
    """Show open rounds and the six challenges with their published counts."""
    db = get_db()
    return render_template(
        "public/home.html",
        counts=browsing.published_counts(db),
        open_rounds=rounds.open_rounds(db, utcnow().date()),
    )


@bp.get("/challenges/<slug>")
@access.public
def challenge(slug: str):
    """List a challenge's published contributions, newest first."""
    found = challenge_by_slug(slug)
    if found is None:
        abort(404)
    db = get_db()
    page = browsing.published_page(db, found.number, after=request.args.get("after"))
    return render_template(
        "public/challenge.html",
        challenge=found,
        page=page,
        open_rounds=rounds.open_rounds(db, utcnow().date(), found.number),
        responses=responses_for_challenge(db, found.number),
        **listing_context(db, page.items),
    )


@bp.get("/rounds/<slug>")
@access.public
def round_page(slug: str):
    """Show a themed round: its question, state, totals and published answers."""
    db = get_db()
    found = rounds.find_round(db, slug)
    if found is None:
        abort(404)
    page = browsing.published_page(
        db, found.challenge_number, after=request.args.get("after"), round_id=found.id
    )
    return render_template(
        "public/round.html",
        round=found,
        state=rounds.round_state(found, utcnow().date()),
        totals=rounds.round_totals(db, found),
        page=page,
        **listing_context(db, page.items),
    )


@bp.get("/contributions/<public_id>")
@access.public
def contribution(public_id: str):
    """Show one published contribution with its comments."""
    found = browsing.find_published(get_db(), public_id)
    if found is None:
        abort(404)
    return contribution_page(found)


@bp.get("/house-rules")
@access.public
def house_rules():
    """Show the house rules every contribution is moderated against."""
    return render_template("public/house_rules.html", house_rules=HOUSE_RULES)


@bp.get("/accessibility")
@access.public
def accessibility():
    """Show the accessibility statement."""
    return render_template("public/accessibility.html")


@bp.get("/privacy")
@access.public
def privacy():
    """Show the privacy notice: exactly what is and is not stored."""
    return render_template("public/privacy.html")
