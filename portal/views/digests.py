"""Digests: analysts build, preview, save and publish them; readers see those for their audience."""

import json

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from challenges import branches, rounds
from challenges.digests import exports, publishing
from challenges.lifecycle import Actor
from portal import access, jobs
from portal.access import ANALYST_ROLES
from portal.db import get_db
from portal.forms.account import ConfirmForm
from portal.forms.digests import DigestForm

bp = Blueprint("digests", __name__, url_prefix="/digests")
# The printable HTML has its own page; the rest are downloads.
DOWNLOADS = {ext: fmt for ext, fmt in exports.FORMATS.items() if ext != "html"}


def _role():
    return current_user.role if current_user.is_authenticated else None


def _actor() -> Actor:
    return Actor(role=current_user.role, user_id=current_user.user.id)


@bp.get("/")
@access.public
def index():
    """List the published digests this reader may see (public ones for everyone)."""
    db = get_db()
    return render_template(
        "digests/index.html",
        digests=publishing.readable_digests(db, _role()),
        drafts=publishing.readable_digests(db, _role(), drafts=True),
    )


def _builder_form() -> DigestForm:
    db = get_db()
    form = DigestForm()
    form.round.choices = [SelectChoice("", "Any")] + [
        SelectChoice(r.slug, r.title) for r in rounds.all_rounds(db)
    ]
    form.union.choices = [SelectChoice("", "Any")] + [
        SelectChoice(u.slug, u.name) for u in branches.all_unions(db)
    ]
    return form


@bp.route("/new", methods=["GET", "POST"])
@access.roles(ANALYST_ROLES)
def new():
    """Choose a period and filters; the digest is built in the background, to preview or save."""
    form = _builder_form()
    if not form.validate_on_submit():
        return render_template("digests/new.html", form=form)
    db = get_db()
    digest = publishing.start_build(db, _actor(), form.to_spec(), form.audience.data)
    # The job may run at once in another process, which must find the digest there.
    db.commit()
    keep = bool(form.save.data)
    jobs.enqueue(jobs.build_digest, digest.id, keep, current_user.role.value, current_user.user.id)
    return redirect(url_for(".show", public_id=digest.public_id))


def _readable(public_id: str):
    found = publishing.find_readable(get_db(), public_id, _role())
    if found is None:
        abort(404)
    return found


@bp.get("/<public_id>")
@access.public
def show(public_id: str):
    """Read a digest, with its version, SHA-256 and downloads (or hear that it is being built)."""
    digest = _readable(public_id)
    if digest.status in (publishing.BUILDING, publishing.FAILED):
        return render_template("digests/building.html", record=digest)
    return render_template(
        "digests/show.html",
        record=digest,
        digest=json.loads(digest.content),
        versions=publishing.other_versions(get_db(), digest),
        publish_form=ConfirmForm(),
        audiences=publishing.AUDIENCES,
    )


@bp.post("/<public_id>/save")
@access.roles(ANALYST_ROLES)
def save(public_id: str):
    """Keep a preview as a draft."""
    digest = _readable(public_id)
    if ConfirmForm().validate_on_submit() and digest.status == publishing.PREVIEW:
        publishing.save_preview(get_db(), _actor(), digest)
        flash("Draft saved. Read it through, then publish it.", "success")
    return redirect(url_for(".show", public_id=public_id))


@bp.post("/<public_id>/publish")
@access.roles(ANALYST_ROLES)
def publish(public_id: str):
    """Publish a draft as the next version."""
    digest = _readable(public_id)
    if ConfirmForm().validate_on_submit() and digest.status == publishing.DRAFT:
        publishing.publish(get_db(), _actor(), digest)
        flash(f"Published as version {digest.version}.", "success")
    return redirect(url_for(".show", public_id=public_id))


def _saved(public_id: str):
    # A preview is a look before saving, and a digest still building has no content yet.
    digest = _readable(public_id)
    if digest.status not in publishing.SAVED:
        abort(404)
    return digest


def _for_print(digest) -> dict:
    """The content with its record's SHA-256 and audience, which printed copies show."""
    return {
        **json.loads(digest.content),
        "sha256": digest.sha256,
        "audience": publishing.AUDIENCES[digest.audience],
    }


@bp.get("/<public_id>/print")
@access.public
def printable(public_id: str):
    """A printable page with charts, for saving as PDF or printing."""
    return exports.digest_html(_for_print(_saved(public_id)))


@bp.get("/<public_id>/digest.<fmt>")
@access.public
def download(public_id: str, fmt: str):
    """Download a digest as CSV, JSON, XLSX or PDF."""
    if fmt not in DOWNLOADS:
        abort(404)
    digest = _saved(public_id)
    mimetype, render = DOWNLOADS[fmt]
    filename = f"digest-{digest.public_id}-v{digest.version or 'draft'}.{fmt}"
    content = _for_print(digest) if fmt == "pdf" else json.loads(digest.content)
    return Response(
        render(content),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/data-dictionary.csv")
@access.public
def data_dictionary():
    """What each column and measure in the CSV download means."""
    return Response(
        exports.data_dictionary_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="digest-data-dictionary.csv"'},
    )
