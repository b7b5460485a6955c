"""The read-only JSON API: published digests and suppressed statistics, for bearer tokens.

Every call but the OpenAPI document needs a token (see portal.api_auth); every error is JSON
(see portal.api_errors); calls are rate limited per token (see portal.rate_limits).
"""

import json
import re
from calendar import monthrange
from datetime import UTC, date

from flask import Blueprint, Flask, abort, current_app, jsonify, request, url_for

from challenges.digests import api_queries
from challenges.models import Digest
from portal import access, api_errors, rate_limits
from portal.api_auth import api_token_required
from portal.api_openapi import openapi_document
from portal.db import get_db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
api_errors.register(bp)
rate_limits.limit_blueprint(bp)

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def init_app(app: Flask) -> None:
    api_errors.init_app(app)


@bp.get("/openapi.json")
@access.public
def openapi():
    """The OpenAPI 3.1 document that describes this API."""
    return jsonify(openapi_document())


@bp.get("/digests")
@api_token_required
def digests():
    """One page of published digests, newest first."""
    _refuse_unknown_parameters("after", "size")
    size = _page_size()
    try:
        page = api_queries.published_digests(get_db(), request.args.get("after"), size)
    except api_queries.UnknownCursor:
        abort(400, "“after” must be the public_id of the last digest on the page before.")
    next_page = url_for(".digests", after=page.next_after, size=size) if page.next_after else None
    return jsonify(items=[_summary(digest) for digest in page.items], links={"next": next_page})


@bp.get("/digests/<public_id>")
@api_token_required
def digest(public_id: str):
    """One published digest: its details and its content."""
    _refuse_unknown_parameters()
    found = _published_or_404(public_id)
    return jsonify({**_summary(found), "content": json.loads(found.content)})


@bp.get("/digests/<public_id>/versions")
@api_token_required
def digest_versions(public_id: str):
    """Every published version for the digest's period, filters and audience, newest first."""
    _refuse_unknown_parameters()
    versions = api_queries.digest_versions(get_db(), _published_or_404(public_id))
    return jsonify(items=[_summary(version) for version in versions])


@bp.get("/statistics/challenges")
@api_token_required
def challenge_statistics():
    """Suppressed counts of published contributions per challenge over a range of days."""
    _refuse_unknown_parameters("start", "end")
    start, end = _date_range()
    config = current_app.config
    counts = api_queries.challenge_counts(
        get_db(), start, end, config["SUPPRESSION_THRESHOLD"], config["SUPPRESSION_ROUNDING"]
    )
    return jsonify(counts)


def _summary(digest: Digest) -> dict:
    return {
        "public_id": digest.public_id,
        "title": digest.title,
        "audience": digest.audience,
        "version": digest.version,
        "published_at": digest.published_at.replace(tzinfo=UTC).isoformat(timespec="seconds"),
        "sha256": digest.sha256,
        "links": {
            "self": url_for(".digest", public_id=digest.public_id),
            "versions": url_for(".digest_versions", public_id=digest.public_id),
        },
    }


def _published_or_404(public_id: str) -> Digest:
    found = api_queries.find_published_digest(get_db(), public_id)
    if found is None:
        abort(404, "No published digest has that public_id.")
    return found


def _refuse_unknown_parameters(*known: str) -> None:
    # Ignored, a misspelt parameter would go unnoticed: "?sise=5" would quietly give 20 items.
    unknown = sorted(set(request.args) - set(known))
    if unknown:
        takes = " and ".join(f"“{name}”" for name in known) or "no parameters"
        abort(400, f"“{unknown[0]}” is not a parameter of this call, which takes {takes}.")


def _page_size() -> int:
    most = api_queries.MAX_PAGE_SIZE
    try:
        size = int(request.args.get("size", api_queries.PAGE_SIZE))
    except ValueError:
        size = 0
    if not 1 <= size <= most:
        abort(400, f"“size” must be a whole number from 1 to {most}.")
    return size


def _date_range() -> tuple[date, date]:
    start, end = _date_arg("start"), _date_arg("end")
    if start > end:
        abort(400, "“start” must be the same day as “end” or before it.")
    if (end - start).days + 1 > api_queries.MAX_RANGE_DAYS:
        abort(400, f"The range can be at most {api_queries.MAX_RANGE_DAYS} days, counting both.")
    # Whole months only: ranges a day apart could be subtracted to uncover a small count.
    if start.day != 1 or end.day != monthrange(end.year, end.month)[1]:
        abort(400, "The range must be whole calendar months: from a 1st to a month's last day.")
    return start, end


def _date_arg(name: str) -> date:
    raw = request.args.get(name, "")
    if not raw:
        abort(400, f"“{name}” is required, as a date like 2025-03-31.")
    found = _as_date(raw)
    if found is None:
        abort(400, f"“{name}” must be a real date like 2025-03-31.")
    return found


def _as_date(raw: str) -> date | None:
    # fromisoformat alone would also take 20250331 and week dates like 2025-W13-1.
    if not _ISO_DATE.fullmatch(raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:  # a day that does not exist, like 2025-02-30
        return None
