"""The moderators' queue and decisions. Pages here never show anything identifying an author."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from challenges import contributions, moderation
from challenges.catalogue import CHALLENGES
from challenges.errors import AlreadyDecided, DomainError
from challenges.lifecycle import Actor, utcnow
from challenges.models import Contribution, Status
from challenges.reports import open_reports
from portal import access
from portal.access import MODERATOR_ROLES
from portal.db import get_db
from portal.fact_gate import facts_for
from portal.forms.moderate import (
    MoveForm,
    PublishForm,
    QueueFilterForm,
    RejectForm,
    ResolveReportsForm,
)

bp = Blueprint("moderate", __name__, url_prefix="/moderate")
_FORMS = {
    "publish": PublishForm,
    "reject": RejectForm,
    "move": MoveForm,
    "resolve": ResolveReportsForm,
}


@bp.get("/")
@access.roles(MODERATOR_ROLES)
def queue():
    """List items awaiting a decision, oldest first, with filters and counts."""
    form = QueueFilterForm(request.args)
    filters = moderation.QueueFilter(
        challenge_number=int(form.challenge.data)
        if form.validate() and form.challenge.data
        else None,
        label=form.label.data or None,
    )
    db = get_db()
    items = moderation.queue(db, filters, after=request.args.get("after"))
    return render_template(
        "moderate/queue.html",
        filter_form=form,
        items=items,
        counts=moderation.dashboard_counts(db),
        now=utcnow(),
        page_size=moderation.QUEUE_PAGE_SIZE,
    )


def _item(public_id: str):
    found = contributions.find_contribution(get_db(), public_id)
    if found is None or found.status in (Status.WITHDRAWN, Status.REMOVED):
        abort(404)
    return found


def _render_decision(contribution, failed_form=None):
    suggestions = moderation.suggested_removals(contribution)
    forms = {name: form_class(formdata=None) for name, form_class in _FORMS.items()}
    if failed_form is not None:
        forms[next(n for n, f in _FORMS.items() if isinstance(failed_form, f))] = failed_form
    for name in ("publish", "resolve"):
        forms[name].set_suggestions(suggestions)
    forms["move"].challenge.data = str(contribution.challenge_number)
    return render_template(
        "moderate/decide.html",
        contribution=contribution,
        parent=get_db().get(Contribution, contribution.parent_id)
        if contribution.parent_id
        else None,
        forms=forms,
        form=failed_form,
        reports=open_reports(get_db(), contribution),
        facts=facts_for(get_db(), [contribution])[contribution.public_id],
        challenges=CHALLENGES,
    )


@bp.get("/<public_id>")
@access.roles(MODERATOR_ROLES)
def decide(public_id: str):
    """Read one item, with the detector's findings and every decision open to a moderator."""
    return _render_decision(_item(public_id))


def _actor() -> Actor:
    return Actor(role=current_user.role, user_id=current_user.user.id)


def _removals(contribution, form) -> list:
    return form.chosen_removals() + moderation.phrase_removals(contribution, form.typed_phrases())


def _decided(decision):
    """Carry out a decision and go back to the queue, saying if someone else got there first."""
    try:
        decision()
    except AlreadyDecided:
        flash("Another moderator has already decided this contribution.", "info")
    except DomainError as error:
        flash(f"Nothing was changed: {error}.", "info")
    else:
        flash("Decision recorded.", "success")
    return redirect(url_for(".queue"))


def _decide_with(public_id: str, form_class, decision):
    """Validate the posted decision form, then carry out ``decision(db, item, actor, form)``."""
    contribution = _item(public_id)
    form = form_class()
    if hasattr(form, "set_suggestions"):
        form.set_suggestions(moderation.suggested_removals(contribution))
    if not form.validate_on_submit():
        return _render_decision(contribution, form)
    return _decided(lambda: decision(get_db(), contribution, _actor(), form))


def _publish(db, contribution, actor, form) -> None:
    removals, criticality = _removals(contribution, form), int(form.criticality.data)
    if removals:
        moderation.redact_and_publish(db, contribution, actor, criticality, removals)
    else:
        moderation.publish(db, contribution, actor, criticality)


@bp.post("/<public_id>/publish")
@access.roles(MODERATOR_ROLES)
def publish(public_id: str):
    """Publish, removing any details the moderator chose, with a criticality rating."""
    return _decide_with(public_id, PublishForm, _publish)


@bp.post("/<public_id>/reject")
@access.roles(MODERATOR_ROLES)
def reject(public_id: str):
    """Reject, citing a house rule."""
    return _decide_with(
        public_id,
        RejectForm,
        lambda db, item, actor, form: moderation.reject(
            db, item, actor, form.rule.data, (form.note.data or "").strip()
        ),
    )


@bp.post("/<public_id>/move")
@access.roles(MODERATOR_ROLES)
def move(public_id: str):
    """File the item under another challenge."""
    return _decide_with(
        public_id,
        MoveForm,
        lambda db, item, actor, form: moderation.move(db, item, actor, int(form.challenge.data)),
    )


@bp.post("/<public_id>/resolve")
@access.roles(MODERATOR_ROLES)
def resolve(public_id: str):
    """Resolve the reports on an item: keep, redact or remove it."""
    return _decide_with(
        public_id,
        ResolveReportsForm,
        lambda db, item, actor, form: moderation.resolve_reports(
            db, item, actor, form.outcome.data, _removals(item, form), form.rule.data
        ),
    )
