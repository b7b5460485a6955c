"""Care workers posting, editing and withdrawing their own contributions."""

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for

from challenges import branches, contributions, rounds
from challenges.catalogue import challenge_by_slug
from challenges.errors import DomainError, InvalidTransition
from challenges.inbox import inbox_for
from challenges.lifecycle import change_status, utcnow
from challenges.models import Status
from challenges.safeguarding import HELP_SOURCES
from portal import access, action_limits
from portal.access import CONTRIBUTOR_ROLES
from portal.action_limits import too_often
from portal.auth import current_signed_in
from portal.db import get_db
from portal.forms.account import ConfirmForm
from portal.forms.contribute import ContributionForm
from portal.views.campaign import ARRIVED_VIA
from portal.warnings import warning_needed

bp = Blueprint("contribute", __name__)
_SHOW_HELP = "show_help_sources"


def _render_form(form, editing: bool, screening=None, round_=None, branch=None):
    return render_template(
        "contribute/form.html",
        form=form,
        editing=editing,
        screening=screening,
        round=round_,
        branch=branch,
        help_sources=HELP_SOURCES,
    )


@bp.route("/contribute", methods=["GET", "POST"])
@access.roles(CONTRIBUTOR_ROLES)
def new():
    """Post a contribution under a challenge, perhaps answering an open round."""
    form = ContributionForm()
    round_ = rounds.find_round(get_db(), request.values.get("round", ""))
    if round_ and rounds.round_state(round_, utcnow().date()) != rounds.OPEN:
        flash("That question is not open for answers.", "info")
        return redirect(url_for("public.round_page", slug=round_.slug))
    branch = _arrived_via(form)
    if request.method == "GET":
        _preselect_challenge(form, round_)
        form.start_submission()
    if form.validate_on_submit():
        if screening := warning_needed(form, form.title.data, form.body.data):
            return _render_form(
                form, editing=False, screening=screening, round_=round_, branch=branch
            )
        if wait := action_limits.spend_account("post"):
            form.body.errors.append(too_often(wait))
            return _render_form(form, editing=False, round_=round_, branch=branch), 429
        consented = branch is not None and form.count_for_branch.data
        draft = form.to_draft(
            round_id=round_.id if round_ else None, branch_id=branch.id if consented else None
        )
        try:
            contribution = contributions.submit_contribution(get_db(), current_signed_in(), draft)
        except InvalidTransition:
            form.challenge.errors.append("This question belongs to another challenge")
            return _render_form(form, editing=False, round_=round_, branch=branch)
        session[_SHOW_HELP] = contribution.safeguarding
        flash("Thank you. Your contribution has been sent for moderation.", "success")
        return redirect(url_for(".mine"))
    return _render_form(form, editing=False, round_=round_, branch=branch)


def _arrived_via(form: ContributionForm):
    """The branch whose link brought this person here, if any, labelling the consent box."""
    branch = branches.find_branch(get_db(), session.get(ARRIVED_VIA, ""))
    if branch is not None:
        form.count_for_branch.label.text = (
            f"Count this contribution towards {branch.name}'s participation figures"
        )
    return branch


def _preselect_challenge(form: ContributionForm, round_) -> None:
    if round_:
        form.challenge.data = str(round_.challenge_number)
        form.round.data = round_.slug
    elif chosen := challenge_by_slug(request.args.get("challenge", "")):
        form.challenge.data = str(chosen.number)


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
        if screening := warning_needed(form, form.title.data, form.body.data):
            return _render_form(form, editing=True, screening=screening)
        draft = form.to_draft(round_id=contribution.round_id, branch_id=contribution.branch_id)
        contributions.edit_contribution(get_db(), contribution, actor, draft)
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
