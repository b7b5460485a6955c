import xml.etree.ElementTree as ET
from datetime import datetime

from challenges import feeds
from challenges.lifecycle import Actor
from challenges.models import Kind, Role
from challenges.responses import ResponseDraft, publish_response
from tests.fixtures.accounts import create_account, create_contribution

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8"
BASICS = "/challenges/basics-right/feed.atom"
RESPONSES = "/you-said-we-did/feed.atom"


def _feed(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == ATOM_CONTENT_TYPE
    return ET.fromstring(response.get_data())  # noqa: S314 -- our own output, not untrusted


def _entries(feed: ET.Element) -> dict[str, ET.Element]:
    return {e.findtext("atom:title", namespaces=ATOM): e for e in feed.iterfind("atom:entry", ATOM)}


def _respond(db, title: str, challenge_number: int | None = 5, **overrides):
    draft = ResponseDraft(
        title=title,
        heard="What we heard.",
        change="Rest rooms on every ward.",
        timescale="By winter",
        challenge_number=challenge_number,
        **overrides,
    )
    response = publish_response(db, Actor(role=Role.ANALYST), draft)
    db.commit()
    return response


def test_a_challenge_feed_has_its_published_contributions_dated_only_to_the_month(client, db):
    published = create_contribution(db, publish=True, challenge_number=5, title="No breaks")
    published.published_at = datetime(2025, 3, 17, 14, 23, 5)
    db.commit()
    create_contribution(db, challenge_number=5, title="Still pending")
    create_contribution(db, publish=True, challenge_number=2, title="Another challenge")
    comment = create_contribution(db, publish=True, challenge_number=5, title="A reply")
    comment.kind = Kind.COMMENT
    db.commit()
    entry = _entries(_feed(client, BASICS))
    assert list(entry) == ["No breaks"]
    assert entry["No breaks"].findtext("atom:updated", namespaces=ATOM) == "2025-03-01T00:00:00Z"
    link = entry["No breaks"].find("atom:link", ATOM).get("href")
    assert link == f"http://localhost/contributions/{published.public_id}"


def test_a_challenge_feed_includes_its_responses_at_their_exact_time(client, db):
    create_contribution(db, publish=True, challenge_number=5, title="No breaks")
    response = _respond(db, "Rest rooms")
    _respond(db, "Elsewhere", challenge_number=1)
    feed = _feed(client, BASICS)
    entry = _entries(feed)
    assert list(entry) == ["Rest rooms", "No breaks"]
    exact = response.published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert entry["Rest rooms"].findtext("atom:updated", namespaces=ATOM) == exact
    assert feed.findtext("atom:updated", namespaces=ATOM) == exact


def test_a_challenge_feed_links_itself_and_its_page(client, db):
    feed = _feed(client, BASICS)
    links = {link.get("rel"): link.get("href") for link in feed.iterfind("atom:link", ATOM)}
    assert links == {
        "self": "http://localhost/challenges/basics-right/feed.atom",
        "alternate": "http://localhost/challenges/basics-right",
    }
    assert feed.findtext("atom:title", namespaces=ATOM) == "Challenge 5: Getting the basics right"
    assert feed.findtext("atom:entry", namespaces=ATOM) is None


def test_a_challenge_feed_keeps_only_the_newest_contributions(client, db, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 2)
    author = create_account(db)
    for n in range(3):
        post = create_contribution(
            db, author=author, publish=True, challenge_number=5, title=f"{n}"
        )
        post.published_at = datetime(2025, n + 1, 1)
    db.commit()
    assert list(_entries(_feed(client, BASICS))) == ["2", "1"]


def test_feeds_never_name_or_identify_an_author(client, db):
    author = create_account(db, email="secret.author@example.org")
    contribution = create_contribution(db, author=author, publish=True, challenge_number=5)
    _respond(db, "Rest rooms", contribution_ids=(contribution.public_id,))
    for url in BASICS, RESPONSES:
        assert "secret.author" not in client.get(url).get_data(as_text=True)
        names = [n.text for n in _feed(client, url).iterfind(".//atom:name", ATOM)]
        assert names == [feeds.FEED_AUTHOR]


def test_an_unknown_challenge_has_no_feed(client, db):
    assert client.get("/challenges/nope/feed.atom").status_code == 404


def test_the_responses_feed_is_not_taken_for_a_response_id(client, db):
    response = _respond(db, "Rest rooms")
    feed = _feed(client, RESPONSES)
    assert feed.findtext("atom:title", namespaces=ATOM) == "You said, we did"
    [entry] = feed.iterfind("atom:entry", ATOM)
    assert entry.find("atom:link", ATOM).get("href") == (
        f"http://localhost/you-said-we-did/{response.public_id}"
    )
    assert "When: By winter" in entry.findtext("atom:summary", namespaces=ATOM)
