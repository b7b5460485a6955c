"""Union reps: their branches' campaigns, toolkits and suppressed participation figures."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from challenges import branch_dashboard, branches, campaign_materials, rounds
from challenges.csv_safety import write_csv
from challenges.lifecycle import Actor, utcnow
from challenges.models import Role, Union
from portal import access
from portal.db import get_db
from portal.forms.branches import CampaignForm

bp = Blueprint("branches", __name__, url_prefix="/branch")
REP_ROLES = frozenset({Role.BRANCH_REP, Role.ADMIN})
CSV_HEADER = ("table", "row", "column", "value")


def _my_branch(slug: str):
    """The signed-in rep's branch with this slug, or 404 (never revealing other branches)."""
    branch = branches.rep_branch(get_db(), current_user.user, slug)
    if branch is None:
        abort(404)
    return branch


def _campaign_url(branch) -> str:
    return url_for("campaign.page", slug=branch.slug, _external=True)


@bp.get("/")
@access.roles(REP_ROLES)
def index():
    """List the branches this rep runs."""
    return render_template(
        "branches/index.html", branches=branches.branches_of(get_db(), current_user.user)
    )


@bp.route("/<slug>/campaign", methods=["GET", "POST"])
@access.roles(REP_ROLES)
def campaign(slug: str):
    """Edit the branch's campaign message and what it features."""
    branch = _my_branch(slug)
    db = get_db()
    form = CampaignForm()
    upcoming = [
        r for r in rounds.all_rounds(db) if rounds.round_state(r, utcnow().date()) != rounds.CLOSED
    ]
    form.rounds.choices = [SelectChoice(str(r.id), r.title) for r in upcoming]
    if form.validate_on_submit():
        actor = Actor(role=current_user.role, user_id=current_user.user.id)
        branches.update_campaign(db, actor, branch, form.to_campaign())
        flash("Your campaign has been saved.", "success")
        return redirect(url_for(".toolkit", slug=slug))
    if not form.is_submitted():
        form.message.data = branch.campaign_message
        form.challenges.data = [str(n) for n in branches.featured_challenge_numbers(branch)]
        form.rounds.data = [str(r.id) for r in branches.featured_rounds(db, branch)]
    return render_template("branches/campaign.html", form=form, branch=branch)


@bp.get("/<slug>/toolkit")
@access.roles(REP_ROLES)
def toolkit(slug: str):
    """The campaign link, QR codes, poster and ready-to-paste texts."""
    branch = _my_branch(slug)
    union = get_db().get(Union, branch.union_id)
    url = _campaign_url(branch)
    return render_template(
        "branches/toolkit.html",
        branch=branch,
        url=url,
        texts=campaign_materials.share_texts(branch.name, union.name, branch.campaign_message, url),
    )


@bp.get("/<slug>/qr.svg")
@access.roles(REP_ROLES)
def qr_svg(slug: str):
    """The campaign link as an SVG QR code."""
    return _download(
        campaign_materials.qr_svg(_campaign_url(_my_branch(slug))),
        "image/svg+xml",
        f"{slug}-qr.svg",
    )


@bp.get("/<slug>/qr.png")
@access.roles(REP_ROLES)
def qr_png(slug: str):
    """The campaign link as a PNG QR code."""
    return _download(
        campaign_materials.qr_png(_campaign_url(_my_branch(slug))), "image/png", f"{slug}-qr.png"
    )


@bp.get("/<slug>/poster.pdf")
@access.roles(REP_ROLES)
def poster(slug: str):
    """A printable A4 poster with the QR code and the campaign message."""
    branch = _my_branch(slug)
    union = get_db().get(Union, branch.union_id)
    pdf = campaign_materials.poster_pdf(
        branch.name, union.name, branch.campaign_message, _campaign_url(branch)
    )
    return _download(pdf, "application/pdf", f"{slug}-poster.pdf")


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _suppression():
    config = current_app.config
    return config["SUPPRESSION_THRESHOLD"], config["SUPPRESSION_ROUNDING"]


def _dashboard_for(slug: str):
    branch = _my_branch(slug)
    return branch_dashboard.build_dashboard(get_db(), branch.name, [branch], *_suppression())


def _union_dashboard_for(union_slug: str):
    """A union-wide roll-up, for reps of any of its branches (and admins)."""
    union = branches.rep_union(get_db(), current_user.user, union_slug)
    if union is None:
        abort(404)
    all_branches = branches.branches_in_union(get_db(), union)
    return branch_dashboard.build_dashboard(get_db(), union.name, all_branches, *_suppression())


@bp.get("/<slug>/dashboard")
@access.roles(REP_ROLES)
def dashboard(slug: str):
    """The branch's participation, suppressed below the safe count."""
    return _render_dashboard(_dashboard_for(slug), url_for(".dashboard_csv", slug=slug))


@bp.get("/<slug>/dashboard.csv")
@access.roles(REP_ROLES)
def dashboard_csv(slug: str):
    """The branch dashboard's tables as a CSV, with the same suppression."""
    return _csv(_dashboard_for(slug), f"{slug}-participation.csv")


@bp.get("/union/<union_slug>/dashboard")
@access.roles(REP_ROLES)
def union_dashboard(union_slug: str):
    """All of a union's branches rolled up, with the same suppression."""
    return _render_dashboard(
        _union_dashboard_for(union_slug), url_for(".union_dashboard_csv", union_slug=union_slug)
    )


@bp.get("/union/<union_slug>/dashboard.csv")
@access.roles(REP_ROLES)
def union_dashboard_csv(union_slug: str):
    """The union-wide tables as a CSV."""
    return _csv(_union_dashboard_for(union_slug), f"{union_slug}-participation.csv")


def _render_dashboard(dashboard, csv_url: str):
    threshold, _ = _suppression()
    return render_template(
        "branches/dashboard.html", dashboard=dashboard, csv_url=csv_url, threshold=threshold
    )


def _csv(dashboard, filename: str) -> Response:
    rows = branch_dashboard.dashboard_csv_rows(dashboard)
    return Response(
        stream_with_context(write_csv(rows, CSV_HEADER)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
