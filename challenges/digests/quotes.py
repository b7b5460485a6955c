"""Quotes for a digest: staff's own words from published posts, chosen per topic.

A quote is the stored body of a published contribution, so it is already public and already
redacted by moderators. It carries no public id, no date and nothing else that could lead back
to the post or its author; the author's facts only as the public post shows them, through the
k-anonymity gate; and its endorsements only through the suppression function.
"""

from challenges.browsing import shown_facts
from challenges.digests.counts import Text
from challenges.digests.text_analysis import Topic
from challenges.identifying import find_identifying_details
from challenges.suppression import suppress_count

QUOTE_MAX_CHARACTERS = 300
QUOTES_PER_CHALLENGE = 6
ELLIPSIS = "…"
_SENTENCE_ENDS = (". ", "! ", "? ")


def challenge_quotes(
    texts: list[Text],
    topics: list[Topic],
    fact_counts: dict[tuple, int],
    threshold: int,
    rounding: int | None,
) -> list[dict]:
    """For each topic, largest first: its most endorsed post and its most typical one.

    ``topics`` index into ``texts``. No post is quoted twice, and at most QUOTES_PER_CHALLENGE.
    """
    quoted: set[int] = set()
    found = []
    for topic in topics:
        most_endorsed = sorted(topic.members, key=lambda index: -texts[index].endorsements)
        choices = (
            ("most_endorsed", [i for i in most_endorsed if texts[i].endorsements > 0]),
            ("typical", topic.members),
        )
        for kind, ranked in choices:
            index = next((i for i in ranked if i not in quoted and _quotable(texts[i])), None)
            if index is None:
                continue
            quoted.add(index)
            text = texts[index]
            found.append(
                {
                    "text": shortened(text.body),
                    "kind": kind,
                    "topic": topic.label,
                    "facts": shown_facts(text, fact_counts, threshold),
                    "endorsements": suppress_count(text.endorsements, threshold, rounding),
                }
            )
    return found[:QUOTES_PER_CHALLENGE]


def shortened(text: str, limit: int = QUOTE_MAX_CHARACTERS) -> str:
    """The text with its whitespace tidied, cut to ``limit`` characters at a sentence end if one
    falls in the last two thirds, otherwise at a word, and marked with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = text[: limit - len(ELLIPSIS) - 1]
    sentence_end = max(room.rfind(mark) for mark in _SENTENCE_ENDS)
    if sentence_end >= limit // 3:
        return f"{room[: sentence_end + 1]} {ELLIPSIS}"
    return room.rsplit(" ", 1)[0].rstrip(",;:–-") + ELLIPSIS


def _quotable(text: Text) -> bool:
    # Moderators may have published a detail the detector would flag (often rightly, as a false
    # alarm); a digest travels further than the post, so it leaves such posts out.
    return not find_identifying_details(text.body)
