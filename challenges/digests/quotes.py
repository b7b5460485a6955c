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
        for kind, ranked in _candidates(texts, topic):
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
            if len(found) == QUOTES_PER_CHALLENGE:
                return found
    return found


def _candidates(texts: list[Text], topic: Topic):
    """Each kind of quote with the topic's members in order of preference for it."""
    endorsed = [index for index in topic.members if texts[index].endorsements > 0]
    # A stable sort keeps the more typical first among equally endorsed posts.
    yield "most_endorsed", sorted(endorsed, key=lambda index: -texts[index].endorsements)
    yield "typical", topic.members


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
    # Moderators may publish text the detector flags, judging it a false alarm; a digest travels
    # further than the post, so it quotes no such post.
    return not find_identifying_details(text.body)
