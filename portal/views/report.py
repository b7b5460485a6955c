"""Signed-in people reporting published items that break the house rules."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for

from challenges import browsing
from challenges.reports import AlreadyReported, report_contribution
from portal import access, action_limits
from portal.action_limits import too_often
from portal.auth import current_signed_in
from portal.db import get_db
from portal.forms.report import ReportForm

bp = Blueprint("report", __name__)


@bp.route("/contributions/<public_id>/report", methods=["GET", "POST"])
@access.signed_in
def report(public_id: str):
    """Report a published contribution or comment; nobody can see who reported it."""
    contribution = browsing.find_published_item(get_db(), public_id)
    if contribution is None:
        abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        if wait := action_limits.spend_account("report"):
            form.reason.errors.append(too_often(wait))
            return render_template("report/form.html", form=form, contribution=contribution), 429
        try:
            report_contribution(
                get_db(),
                current_signed_in(),
                contribution,
                form.reason.data,
                (form.detail.data or "").strip(),
                current_app.config["REPORTS_BEFORE_HIDING"],
            )
        except AlreadyReported:
            flash("You have already reported this. A moderator will look at it.", "info")
        else:
            flash("Thank you. A moderator will look at your report.", "success")
        return redirect(url_for("public.home"))
    return render_template("report/form.html", form=form, contribution=contribution)
