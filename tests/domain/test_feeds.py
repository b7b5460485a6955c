import xml.etree.ElementTree as ET
from datetime import datetime

from challenges import feeds
from challenges.feeds import (
    FEED_AUTHOR,
    Entry,
    atom_feed,
    contribution_entry,
    last_updated,
    newest_first,
    response_entry,
)
from challenges.models import Contribution, Response

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
MID_MARCH = datetime(2025, 3, 17, 14, 23, 5, 123456)


def _contribution(**overrides) -> Contribution:
    fields = {
        "public_id": "c0ntr1but10n",
        "title": "Short staffed",
        "body": "We need more staff.",
        "published_at": MID_MARCH,
    }
    return Contribution(**{**fields, **overrides})


def _response(**overrides) -> Response:
    fields = {
        "public_id": "r3sp0nse0001",
        "title": "Study days",
        "change": "Two study days a year.",
        "timescale": "From April 2026",
        "published_at": MID_MARCH,
    }
    return Response(**{**fields, **overrides})


def _parse(document: bytes) -> ET.Element:
    return ET.fromstring(document)  # noqa: S314 -- our own output, not untrusted input


def _feed(entries, updated=MID_MARCH) -> ET.Element:
    document = atom_feed(
        "tag:example.org,2025:feed",
        "Challenge 5: Getting the basics right",
        "https://portal.example/challenges/basics-right/feed.atom",
        "https://portal.example/challenges/basics-right",
        updated,
        entries,
    )
    assert document.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return _parse(document)


def _entry(**overrides) -> Entry:
    fields = {
        "id": "tag:example.org,2025:entry",
        "title": "An entry",
        "link": "https://portal.example/contributions/abc",
        "updated": MID_MARCH,
        "summary": "What it says.",
    }
    return Entry(**{**fields, **overrides})


def test_the_feed_is_atom_with_the_service_as_its_only_author():
    feed = _feed([_entry()])
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.findtext("atom:id", namespaces=ATOM) == "tag:example.org,2025:feed"
    assert feed.findtext("atom:updated", namespaces=ATOM) == "2025-03-17T14:23:05Z"
    assert [a.text for a in feed.iterfind(".//atom:author/atom:name", ATOM)] == [FEED_AUTHOR]
    links = {link.get("rel"): link.get("href") for link in feed.iterfind("atom:link", ATOM)}
    assert links == {
        "self": "https://portal.example/challenges/basics-right/feed.atom",
        "alternate": "https://portal.example/challenges/basics-right",
    }


def test_entries_carry_id_title_link_updated_and_summary():
    [entry] = _feed([_entry()]).iterfind("atom:entry", ATOM)
    assert entry.findtext("atom:id", namespaces=ATOM) == "tag:example.org,2025:entry"
    assert entry.findtext("atom:title", namespaces=ATOM) == "An entry"
    assert entry.find("atom:link", ATOM).get("href") == "https://portal.example/contributions/abc"
    assert entry.findtext("atom:updated", namespaces=ATOM) == "2025-03-17T14:23:05Z"
    assert entry.findtext("atom:summary", namespaces=ATOM) == "What it says."


def test_markup_in_text_is_escaped_and_reads_back_unchanged():
    title = "Pay < costs & <b>more</b>"
    document = atom_feed("urn:x", "t", "https://a/", "https://b/", MID_MARCH, [_entry(title=title)])
    assert b"Pay &lt; costs &amp; &lt;b&gt;more&lt;/b&gt;" in document
    assert _parse(document).findtext("atom:entry/atom:title", namespaces=ATOM) == title


def test_characters_xml_cannot_carry_are_dropped_so_the_feed_still_parses():
    feed = _feed([_entry(summary="Rota\x0cchanged\x00 again")])
    assert feed.findtext("atom:entry/atom:summary", namespaces=ATOM) == "Rotachanged again"


def test_contribution_entries_are_dated_to_the_first_of_their_month():
    entry = contribution_entry(_contribution(), "https://portal.example/contributions/c0ntr1but10n")
    assert entry.updated == datetime(2025, 3, 1)
    assert entry.id == "tag:dhsc.gov.uk,2025:care-voices/contribution/c0ntr1but10n"
    [element] = _feed([entry], updated=last_updated([entry])).iterfind("atom:entry", ATOM)
    assert element.findtext("atom:updated", namespaces=ATOM) == "2025-03-01T00:00:00Z"


def test_long_contributions_are_shortened_in_the_summary():
    entry = contribution_entry(_contribution(body="word " * 500), "https://x/")
    assert len(entry.summary) <= feeds.SUMMARY_LENGTH and entry.summary.endswith("…")


def test_response_entries_keep_their_exact_time_and_say_what_changes_when():
    entry = response_entry(_response(), "https://portal.example/you-said-we-did/r3sp0nse0001")
    assert (entry.updated, entry.title) == (MID_MARCH, "Study days")
    assert entry.summary == "What will change: Two study days a year.\nWhen: From April 2026"


def test_entries_sort_newest_first_and_the_feed_is_as_new_as_its_newest():
    older, newer = _entry(updated=datetime(2025, 1, 1)), _entry(updated=datetime(2025, 2, 1))
    assert newest_first([older, newer]) == [newer, older]
    assert last_updated([older, newer]) == datetime(2025, 2, 1)


def test_an_empty_feed_is_dated_to_this_month_not_this_moment(monkeypatch):
    monkeypatch.setattr(feeds, "utcnow", lambda: MID_MARCH)
    assert last_updated([]) == datetime(2025, 3, 1)
