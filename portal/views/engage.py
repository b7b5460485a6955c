"""Taking part in the conversation: endorsing contributions and commenting on them."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from challenges import browsing, contributions, endorsements
from challenges.errors import DomainError
from portal import access, action_limits
from portal.access import CONTRIBUTOR_ROLES
from portal.action_limits import too_often
from portal.auth import current_signed_in
from portal.db import get_db
from portal.forms.account import ConfirmForm
from portal.forms.engage import CommentForm
from portal.input_guard import local_path
from portal.listing import contribution_page
from portal.warnings import warning_needed

bp = Blueprint("engage", __name__)


def _published(public_id: str):
    found = browsing.find_published(get_db(), public_id)
    if found is None:
        abort(404)
    return found


def _back_to(contribution):
    """Return to the page the button was on, if it is one of ours, else the contribution."""
    target = local_path(request.form.get("next"))
    return redirect(target or url_for("public.contribution", public_id=contribution.public_id))


@bp.post("/contributions/<public_id>/endorse")
@access.signed_in
def endorse(public_id: str):
    """Say 'this matters to me' (once per person)."""
    contribution = _published(public_id)
    if ConfirmForm().validate_on_submit():
        if wait := action_limits.spend_account("endorse"):
            return render_template("errors/429.html", message=action_limits.wait_message(wait)), 429
        endorsements.endorse(get_db(), current_signed_in(), contribution)
    return _back_to(contribution)


@bp.post("/contributions/<public_id>/endorse/remove")
@access.signed_in
def take_back_endorsement(public_id: str):
    """Take back an endorsement."""
    contribution = _published(public_id)
    if ConfirmForm().validate_on_submit():
        endorsements.take_back(get_db(), current_signed_in(), contribution)
    return _back_to(contribution)


@bp.post("/contributions/<public_id>/comments")
@access.roles(CONTRIBUTOR_ROLES)
def comment(public_id: str):
    """Send a comment for moderation, after the same check as a contribution."""
    contribution = _published(public_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return contribution_page(contribution, comment_form=form)
    if screening := warning_needed(form, "", form.body.data):
        return contribution_page(contribution, comment_form=form, screening=screening)
    if wait := action_limits.spend_account("comment"):
        form.body.errors.append(too_often(wait))
        return contribution_page(contribution, comment_form=form), 429
    try:
        contributions.submit_comment(
            get_db(), current_signed_in(), contribution, form.body.data, form.submission_key
        )
    except DomainError:
        abort(404)
    flash("Thank you. Your comment has been sent for moderation.", "success")
    return redirect(url_for("public.contribution", public_id=public_id))
