"""Atom feeds of each challenge and of 'You said, we did', for branches and journalists."""

from flask import Blueprint, abort, current_app, url_for

from challenges import browsing, feeds, responses
from challenges.catalogue import challenge_by_slug
from portal import access
from portal.db import get_db

bp = Blueprint("feeds", __name__)
ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8"


@bp.get("/challenges/<slug>/feed.atom")
@access.public
def challenge(slug: str):
    """Feed a challenge's newest published contributions and the responses to it."""
    found = challenge_by_slug(slug)
    if found is None:
        abort(404)
    db = get_db()
    newest = browsing.published_page(db, found.number, size=feeds.FEED_SIZE).items
    answers = responses.responses_for_challenge(db, found.number, limit=feeds.FEED_SIZE)
    return _atom(
        feed_id=feeds.tag_uri(f"challenges/{found.slug}"),
        title=f"Challenge {found.number}: {found.title}",
        self_url=url_for(".challenge", slug=found.slug, _external=True),
        alternate_url=url_for("public.challenge", slug=found.slug, _external=True),
        entries=[_contribution_entry(c) for c in newest] + [_response_entry(r) for r in answers],
    )


@bp.get("/you-said-we-did/feed.atom")
@access.public
def responses_feed():
    """Feed the newest official responses."""
    latest = responses.latest_responses(get_db(), size=feeds.FEED_SIZE).items
    return _atom(
        feed_id=feeds.tag_uri("you-said-we-did"),
        title="You said, we did",
        self_url=url_for(".responses_feed", _external=True),
        alternate_url=url_for("responses.index", _external=True),
        entries=[_response_entry(r) for r in latest],
    )


def _contribution_entry(contribution) -> feeds.Entry:
    link = url_for("public.contribution", public_id=contribution.public_id, _external=True)
    return feeds.contribution_entry(contribution, link)


def _response_entry(response) -> feeds.Entry:
    link = url_for("responses.show", public_id=response.public_id, _external=True)
    return feeds.response_entry(response, link)


def _atom(feed_id: str, title: str, self_url: str, alternate_url: str, entries):
    entries = feeds.newest_first(entries)
    document = feeds.atom_feed(
        feed_id, title, self_url, alternate_url, feeds.last_updated(entries), entries
    )
    return current_app.response_class(document, content_type=ATOM_CONTENT_TYPE)
