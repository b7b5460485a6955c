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


def _submitted(contribution, form_class):
    """The posted form, with the detector's suggestions as its choices, or None if invalid."""
    form = form_class()
    if hasattr(form, "set_suggestions"):
        form.set_suggestions(moderation.suggested_removals(contribution))
    return form


@bp.post("/<public_id>/publish")
@access.roles(MODERATOR_ROLES)
def publish(public_id: str):
    """Publish, removing any details the moderator chose, with a criticality rating."""
    contribution = _item(public_id)
    form = _submitted(contribution, PublishForm)
    if not form.validate_on_submit():
        return _render_decision(contribution, form)
    removals, criticality = _removals(contribution, form), int(form.criticality.data)
    if removals:
        return _decided(
            lambda: moderation.redact_and_publish(
                get_db(), contribution, _actor(), criticality, removals
            )
        )
    return _decided(lambda: moderation.publish(get_db(), contribution, _actor(), criticality))


@bp.post("/<public_id>/reject")
@access.roles(MODERATOR_ROLES)
def reject(public_id: str):
    """Reject, citing a house rule."""
    contribution = _item(public_id)
    form = _submitted(contribution, RejectForm)
    if not form.validate_on_submit():
        return _render_decision(contribution, form)
    return _decided(
        lambda: moderation.reject(
            get_db(), contribution, _actor(), form.rule.data, (form.note.data or "").strip()
        )
    )


@bp.post("/<public_id>/move")
@access.roles(MODERATOR_ROLES)
def move(public_id: str):
    """File the item under another challenge."""
    contribution = _item(public_id)
    form = _submitted(contribution, MoveForm)
    if not form.validate_on_submit():
        return _render_decision(contribution, form)
    moderation.move(get_db(), contribution, _actor(), int(form.challenge.data))
    flash("Moved to another challenge.", "success")
    return redirect(url_for(".decide", public_id=public_id))


@bp.post("/<public_id>/resolve")
@access.roles(MODERATOR_ROLES)
def resolve(public_id: str):
    """Resolve the reports on an item: keep, redact or remove it."""
    contribution = _item(public_id)
    form = _submitted(contribution, ResolveReportsForm)
    if not form.validate_on_submit():
        return _render_decision(contribution, form)
    return _decided(
        lambda: moderation.resolve_reports(
            get_db(),
            contribution,
            _actor(),
            form.outcome.data,
            _removals(contribution, form),
            form.rule.data,
        )
    )
