"""What every page that lists or shows contributions needs besides the items themselves."""

from flask import render_template

from challenges import browsing, endorsements
from challenges.lifecycle import utcnow
from challenges.models import Round
from challenges.responses import responses_for_contribution
from challenges.safeguarding import HELP_SOURCES
from portal.access import CONTRIBUTOR_ROLES
from portal.auth import current_signed_in
from portal.db import get_db
from portal.fact_gate import facts_for
from portal.forms.account import ConfirmForm
from portal.forms.engage import CommentForm


def listing_context(db, items) -> dict:
    """Facts (through the k-anonymity gate), comment counts and the viewer's endorsements."""
    signed_in = current_signed_in()
    return {
        "facts": facts_for(db, items),
        "comment_counts": browsing.comment_counts(db, items),
        "endorsed": endorsements.endorsed_by(db, signed_in, items) if signed_in else set(),
        "endorse_form": ConfirmForm(),
    }


def _blank_comment_form() -> CommentForm:
    form = CommentForm()
    form.start_submission()
    return form


def contribution_page(contribution, comment_form=None, screening=None):
    """Render a contribution's page, perhaps with a comment form that needs attention."""
    db = get_db()
    signed_in = current_signed_in()
    can_comment = signed_in is not None and signed_in.user.role in CONTRIBUTOR_ROLES
    round_ = db.get(Round, contribution.round_id) if contribution.round_id else None
    return render_template(
        "public/contribution.html",
        contribution=contribution,
        round=round_,
        comments=browsing.published_comments(db, contribution),
        comment_form=(comment_form or _blank_comment_form()) if can_comment else None,
        screening=screening,
        help_sources=HELP_SOURCES,
        today=utcnow().date(),
        responses=responses_for_contribution(db, contribution),
        **listing_context(db, [contribution]),
    )
