"""Care workers posting, editing and withdrawing their own contributions."""

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for

from challenges import contributions
from challenges.catalogue import challenge_by_slug
from challenges.errors import DomainError
from challenges.inbox import inbox_for
from challenges.lifecycle import change_status
from challenges.models import Status
from challenges.safeguarding import HELP_SOURCES
from challenges.screening import screen
from portal import access
from portal.access import CONTRIBUTOR_ROLES
from portal.auth import current_signed_in
from portal.db import get_db
from portal.forms.account import ConfirmForm
from portal.forms.contribute import ContributionForm

bp = Blueprint("contribute", __name__)
_SHOW_HELP = "show_help_sources"


def _warning_needed(form: ContributionForm):
    """Screen the text; return the screening if the author has not yet seen its warning."""
    screening = screen(form.title.data, form.body.data)
    if screening.needs_warning and form.warned_fingerprint.data != screening.fingerprint:
        form.warned_fingerprint.data = screening.fingerprint
        return screening
    return None


def _render_form(form, editing: bool, screening=None):
    return render_template(
        "contribute/form.html",
        form=form,
        editing=editing,
        screening=screening,
        help_sources=HELP_SOURCES,
    )


@bp.route("/contribute", methods=["GET", "POST"])
@access.roles(CONTRIBUTOR_ROLES)
def new():
    """Post a contribution under a challenge."""
    form = ContributionForm()
    if request.method == "GET" and (chosen := challenge_by_slug(request.args.get("challenge", ""))):
        form.challenge.data = str(chosen.number)
    if form.validate_on_submit():
        if screening := _warning_needed(form):
            return _render_form(form, editing=False, screening=screening)
        contribution = contributions.submit_contribution(
            get_db(), current_signed_in(), form.to_draft()
        )
        session[_SHOW_HELP] = contribution.safeguarding
        flash("Thank you. Your contribution has been sent for moderation.", "success")
        return redirect(url_for(".mine"))
    return _render_form(form, editing=False)


@bp.get("/my-contributions")
@access.roles(CONTRIBUTOR_ROLES)
def mine():
    """List the signed-in worker's own contributions with their status."""
    db, signed_in = get_db(), current_signed_in()
    return render_template(
        "contribute/mine.html",
        contributions=contributions.own_contributions(db, signed_in),
        messages=inbox_for(db, signed_in),
        help_sources=HELP_SOURCES if session.pop(_SHOW_HELP, False) else None,
    )


def _own_contribution(public_id: str):
    """The signed-in worker's contribution with this id, or 404 (never revealing others')."""
    actor = contributions.author_actor(current_signed_in())
    found = contributions.find_contribution(get_db(), public_id)
    if found is None or not actor.is_author_of(found):
        abort(404)
    return found, actor


@bp.route("/my-contributions/<public_id>/edit", methods=["GET", "POST"])
@access.roles(CONTRIBUTOR_ROLES)
def edit(public_id: str):
    """Edit one's own contribution while it awaits moderation."""
    contribution, actor = _own_contribution(public_id)
    if contribution.status is not Status.PENDING:
        flash(
            "This contribution has already been moderated, so it can no longer be edited.", "info"
        )
        return redirect(url_for(".mine"))
    form = ContributionForm()
    if request.method == "GET":
        form.fill_from(contribution)
    if form.validate_on_submit():
        if screening := _warning_needed(form):
            return _render_form(form, editing=True, screening=screening)
        contributions.edit_contribution(get_db(), contribution, actor, form.to_draft())
        flash("Your changes have been saved.", "success")
        return redirect(url_for(".mine"))
    return _render_form(form, editing=True)


@bp.route("/my-contributions/<public_id>/withdraw", methods=["GET", "POST"])
@access.roles(CONTRIBUTOR_ROLES)
def withdraw(public_id: str):
    """Withdraw one's own contribution, after confirming."""
    contribution, actor = _own_contribution(public_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            change_status(get_db(), contribution, "withdraw", actor)
        except DomainError:
            flash("This contribution has already been withdrawn.", "info")
        else:
            flash("Your contribution has been withdrawn and its text deleted.", "success")
        return redirect(url_for(".mine"))
    return render_template("contribute/withdraw.html", contribution=contribution, form=form)
