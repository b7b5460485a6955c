"""Pages anyone can read."""

from flask import Blueprint, abort, render_template, request

from challenges import browsing
from challenges.catalogue import challenge_by_slug
from challenges.house_rules import HOUSE_RULES
from portal import access
from portal.db import get_db
from portal.fact_gate import facts_for

bp = Blueprint("public", __name__)


@bp.get("/")
@access.public
def home():
    """Show the six challenges with their published counts."""
    return render_template("public/home.html", counts=browsing.published_counts(get_db()))


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
        "public/challenge.html", challenge=found, page=page, facts=facts_for(db, page.items)
    )


@bp.get("/contributions/<public_id>")
@access.public
def contribution(public_id: str):
    """Show one published contribution."""
    db = get_db()
    found = browsing.find_published(db, public_id)
    if found is None:
        abort(404)
    return render_template(
        "public/contribution.html", contribution=found, facts=facts_for(db, [found])
    )


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
