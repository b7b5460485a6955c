"""Service owners' tools: the audit log, themed challenge rounds, unions and branches."""

import re

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from challenges import audit_log, branches, rounds
from challenges.csv_safety import write_csv
from challenges.errors import NameTaken
from challenges.lifecycle import Actor, utcnow
from challenges.models import Branch, Union
from portal import access
from portal.access import ADMIN_ROLES
from portal.db import get_db
from portal.forms.admin import AuditFilterForm, RoundForm
from portal.forms.branches import BranchForm, InviteRepForm, UnionForm

bp = Blueprint("admin", __name__, url_prefix="/admin")
FILTER_FIELDS = ("action", "actor_role", "target_public_id", "date_from", "date_to")
_EVENT_ID = re.compile(r"[0-9]{1,9}")


def _filter_form() -> AuditFilterForm:
    return AuditFilterForm(request.args, actions=audit_log.distinct_actions(get_db()))


def _chosen_filters() -> dict[str, str]:
    """The filters in this request's query string, to carry into the next page's links."""
    return {name: request.args[name] for name in FILTER_FIELDS if request.args.get(name)}


@bp.get("/audit")
@access.roles(ADMIN_ROLES)
def audit():
    """One page of the audit log, newest first, filtered by the form."""
    form = _filter_form()
    if not form.validate():
        return render_template("admin/audit.html", form=form, events=None)
    # One event more than a page tells us whether an "Older events" link would lead anywhere.
    events = audit_log.audit_page(
        get_db(),
        form.audit_filter(),
        before_id=_before_id(),
        size=audit_log.AUDIT_PAGE_SIZE + 1,
    )
    return render_template(
        "admin/audit.html",
        form=form,
        events=events[: audit_log.AUDIT_PAGE_SIZE],
        has_older=len(events) > audit_log.AUDIT_PAGE_SIZE,
        chosen_filters=_chosen_filters(),
        day_only_roles=audit_log.DAY_ONLY_ACTOR_ROLES,
    )


def _before_id() -> int | None:
    # Event ids are database integers: a longer number would overflow PostgreSQL's integer type.
    before = request.args.get("before", "")
    return int(before) if _EVENT_ID.fullmatch(before) else None


@bp.get("/audit.csv")
@access.roles(ADMIN_ROLES)
def audit_csv():
    """Every event matching the filters, as a CSV download that is safe to open in a spreadsheet."""
    form = _filter_form()
    if not form.validate():
        # The filter form, saying what to correct, rather than a bare error.
        return render_template("admin/audit.html", form=form, events=None), 400
    events = audit_log.audit_rows(get_db(), form.audit_filter())
    rows = (audit_log.csv_row(event) for event in events)
    return Response(
        stream_with_context(write_csv(rows, audit_log.CSV_HEADER)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )


@bp.get("/rounds")
@access.roles(ADMIN_ROLES)
def round_list():
    """List every themed round with its state."""
    return render_template(
        "admin/rounds.html",
        rounds=rounds.all_rounds(get_db()),
        today=utcnow().date(),
        round_state=rounds.round_state,
    )


@bp.route("/rounds/new", methods=["GET", "POST"])
@access.roles(ADMIN_ROLES)
def new_round():
    """Set up a time-boxed themed round under one challenge."""
    form = RoundForm()
    if form.validate_on_submit():
        actor = Actor(role=current_user.role, user_id=current_user.user.id)
        created = rounds.create_round(get_db(), actor, form.to_draft())
        flash(f"Round “{created.title}” created.", "success")
        return redirect(url_for(".round_list"))
    return render_template("admin/new_round.html", form=form)


def _branch_forms(**overrides) -> dict:
    db = get_db()
    forms = {
        "union": UnionForm(formdata=None),
        "branch": BranchForm(formdata=None),
        "invite": InviteRepForm(formdata=None),
        **overrides,
    }
    forms["branch"].union.choices = [
        SelectChoice(str(u.id), u.name) for u in branches.all_unions(db)
    ]
    forms["invite"].branch.choices = [
        SelectChoice(str(b.id), b.name) for b in branches.branches_of(db, current_user.user)
    ]
    return forms


def _branches_page(**overrides):
    forms = _branch_forms(**overrides)
    failed = next(iter(overrides.values()), None)
    return render_template(
        "admin/branches.html",
        forms=forms,
        form=failed,
        unions=branches.all_unions(get_db()),
        branches=branches.branches_of(get_db(), current_user.user),
    )


def _admin() -> Actor:
    return Actor(role=current_user.role, user_id=current_user.user.id)


@bp.get("/branches")
@access.roles(ADMIN_ROLES)
def branch_list():
    """Unions, their branches, and forms to add them and invite reps."""
    return _branches_page()


@bp.post("/unions")
@access.roles(ADMIN_ROLES)
def add_union():
    """Add a union."""
    form = UnionForm()
    if not form.validate_on_submit():
        return _branches_page(union=form)
    try:
        branches.create_union(get_db(), _admin(), form.name.data)
    except NameTaken:
        form.name.errors.append("There is already a union with that name")
        return _branches_page(union=form)
    flash("Union added.", "success")
    return redirect(url_for(".branch_list"))


@bp.post("/branches")
@access.roles(ADMIN_ROLES)
def add_branch():
    """Add a branch of a union."""
    form = _branch_forms(branch=BranchForm())["branch"]
    if not form.validate_on_submit():
        return _branches_page(branch=form)
    union = get_db().get(Union, int(form.union.data))
    branches.create_branch(get_db(), _admin(), union, form.name.data, form.region.data)
    flash("Branch added.", "success")
    return redirect(url_for(".branch_list"))


@bp.post("/branches/invite")
@access.roles(ADMIN_ROLES)
def invite_rep():
    """Make an account a branch's rep, or invite the address to register as one."""
    form = _branch_forms(invite=InviteRepForm())["invite"]
    if not form.validate_on_submit():
        return _branches_page(invite=form)
    branch = get_db().get(Branch, int(form.branch.data))
    now = branches.invite_rep(get_db(), _admin(), branch, form.email.data)
    flash(
        "They are now a rep of the branch."
        if now
        else "Invitation saved: they become the rep when they create an account.",
        "success",
    )
    return redirect(url_for(".branch_list"))
