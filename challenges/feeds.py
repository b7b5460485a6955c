"""Atom 1.0 feeds (RFC 4287) of challenges and of 'You said, we did', for feed readers."""

import re
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter

from challenges.lifecycle import utcnow
from challenges.models import Contribution, Response

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
# Atom needs an author for the feed. Contributions are anonymous, so it is always the service.
FEED_AUTHOR = "Department of Health and Social Care"
FEED_SIZE = 50
SUMMARY_LENGTH = 500
# Atom ids must never change (RFC 4287 section 4.2.6), so they are tag URIs (RFC 4151) that do
# not depend on the host the portal happens to be served from.
TAG_PREFIX = "tag:dhsc.gov.uk,2025:care-voices/"
# Characters XML 1.0 cannot carry at all, not even escaped: one pasted into a contribution would
# otherwise make the whole feed unreadable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Entry:
    """One item in a feed; ``updated`` is naive UTC, like every stored timestamp."""

    id: str
    title: str
    link: str
    updated: datetime
    summary: str


def tag_uri(path: str) -> str:
    """A permanent Atom id for something on the service, such as 'contribution/abc'."""
    return TAG_PREFIX + path


def month_start(moment: datetime) -> datetime:
    """Midnight on the first day of the moment's month."""
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def contribution_entry(contribution: Contribution, link: str) -> Entry:
    """A published contribution as an entry, dated only to its month."""
    return Entry(
        id=tag_uri(f"contribution/{contribution.public_id}"),
        title=contribution.title,
        link=link,
        # Contributions are anonymous and the site shows only the month and year they were
        # published: an exact time could be matched against when someone was known to be
        # writing, or group posts published together, so the feed is no more precise.
        updated=month_start(contribution.published_at),
        summary=_shorten(contribution.body),
    )


def response_entry(response: Response, link: str) -> Entry:
    """An official response as an entry; it is the department's, so its exact time is public."""
    return Entry(
        id=tag_uri(f"response/{response.public_id}"),
        title=response.title,
        link=link,
        updated=response.published_at,
        summary=f"What will change: {_shorten(response.change)}\nWhen: {response.timescale}",
    )


def _shorten(text: str) -> str:
    return textwrap.shorten(text, SUMMARY_LENGTH, placeholder=" …")


def newest_first(entries: list[Entry]) -> list[Entry]:
    """The entries, most recently updated first."""
    return sorted(entries, key=attrgetter("updated"), reverse=True)


def last_updated(entries: list[Entry]) -> datetime:
    """When the feed last changed: its newest entry, or this month for a feed with none.

    Never the current time: a feed of contributions must not be more precise than its entries.
    """
    return max((entry.updated for entry in entries), default=month_start(utcnow()))


def atom_feed(
    feed_id: str,
    title: str,
    self_url: str,
    alternate_url: str,
    updated: datetime,
    entries: list[Entry],
) -> bytes:
    """The feed as an Atom 1.0 document in UTF-8, entries in the order given."""
    # Plain tag names under a default namespace declared by hand: ElementTree's own
    # default_namespace option refuses the unqualified attributes (href, rel) Atom uses.
    feed = ET.Element("feed", xmlns=ATOM_NAMESPACE)
    _child(feed, "id", feed_id)
    _child(feed, "title", title)
    _child(feed, "updated", _timestamp(updated))
    _child(_child(feed, "author"), "name", FEED_AUTHOR)
    _link(feed, self_url, rel="self", type="application/atom+xml")
    _link(feed, alternate_url, rel="alternate", type="text/html")
    for entry in entries:
        _add_entry(feed, entry)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _add_entry(feed: ET.Element, entry: Entry) -> None:
    element = _child(feed, "entry")
    _child(element, "id", entry.id)
    _child(element, "title", entry.title)
    _link(element, entry.link, rel="alternate", type="text/html")
    _child(element, "updated", _timestamp(entry.updated))
    _child(element, "summary", entry.summary)


def _child(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def _link(parent: ET.Element, href: str, **attributes: str) -> None:
    ET.SubElement(parent, "link", href=href, **attributes)


def _timestamp(moment: datetime) -> str:
    # Stored times are naive UTC, so the offset is always Z.
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
