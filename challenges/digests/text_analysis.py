"""Themes and sentiment in what staff wrote: TF-IDF, NMF topics and VADER, all run locally.

Nothing is downloaded: scikit-learn and VADER ship what they need. Every term shown occurs in at
least k texts of the group it describes (k being the suppression threshold), so a rare word
cannot point at one post, and the callers analyse no group of fewer than k texts at all.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from challenges.identifying import REDACTION_TEXT

# Words every challenge's posts share, which would otherwise top every list.
DOMAIN_STOP_WORDS = frozenset(
    [
        "staff",
        "work",
        "working",
        "worked",
        "works",
        "job",
        "jobs",
        "care",
        "carer",
        "carers",
        "caring",
        "just",
        "really",
        "feel",
        "feels",
        "felt",
        "like",
        "get",
        "gets",
        "getting",
        "got",
        "make",
        "makes",
        "made",
        "day",
        "days",
        "time",
        "times",
        "need",
        "needs",
        "want",
        "wants",
        "don",
        "doesn",
        "didn",
        "isn",
        "aren",
        "wasn",
        "ve",
        "ll",
        "thing",
        "things",
        "way",
        "lot",
        "lots",
        "know",
        "think",
        "say",
        "said",
        "tell",
        "told",
        "people",
        "person",
        "team",
        "role",
        "place",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
    ]
)
_STOP_WORDS = sorted(ENGLISH_STOP_WORDS | DOMAIN_STOP_WORDS)
# Letters only: a number says little about a theme and may identify (a ward, a pay point).
_WORD_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"

MAX_TOPICS = 6
TERMS_PER_TOPIC = 6
LABEL_TERMS = 3
DISTINCTIVE_TERMS = 8
RISING_TERMS = 5
SENTIMENT_CLASSES = ("negative", "neutral", "positive")
# VADER's authors' cut-offs on its compound score.
POSITIVE_FROM = 0.05
NEGATIVE_UP_TO = -0.05


@dataclass(frozen=True)
class Topic:
    """An NMF topic: its top terms and the texts whose strongest topic it is, typical first."""

    terms: tuple[str, ...]
    members: tuple[int, ...]

    @property
    def label(self) -> str:
        return ", ".join(self.terms[:LABEL_TERMS])


def analysable(title: str, body: str) -> str:
    """A post's words for analysis: title and body, without moderators' redaction placeholders."""
    text = f"{title}.\n{body}"
    for placeholder in REDACTION_TEXT.values():
        text = text.replace(placeholder, " ")
    return text


def topics(texts: list[str], k: int) -> list[Topic]:
    """Topics in one group of texts, largest first; fewer topics for fewer texts."""
    if len(texts) < k:
        return []
    fitted = _tfidf(texts, k)
    if fitted is None:
        return []
    matrix, vocabulary = fitted
    count = min(MAX_TOPICS, len(texts) // (2 * k), _distinct_rows(matrix), matrix.shape[1])
    if count < 2:
        # One topic is the whole group, and NMF would only find its average; on posts that
        # repeat one another it would not even settle on that.
        components = np.asarray(matrix.mean(axis=0))
        strongest = np.where(matrix.getnnz(axis=1) > 0, 0, -1)
    else:
        model = NMF(n_components=count, init="nndsvda", random_state=0, max_iter=1000)
        # When the factorisation is exact, rounding can leave scikit-learn's squared residual a
        # hair below zero and its square root (a diagnostic we never read) warns; the topics
        # themselves are unaffected.
        with np.errstate(invalid="ignore"):
            weights = model.fit_transform(matrix)
        components = model.components_
        strongest = np.where(weights.max(axis=1) > 0, weights.argmax(axis=1), -1)
    found = []
    for number, component in enumerate(components):
        members = np.flatnonzero(strongest == number)
        if members.size:
            terms = _distinct_top(component, vocabulary, TERMS_PER_TOPIC)
            found.append(Topic(terms, _most_typical_first(matrix, members)))
    return sorted(found, key=lambda topic: -len(topic.members))


def distinctive_terms(groups: dict[int, list[str]], k: int) -> dict[int, list[str]]:
    """For each group of at least k texts, the terms most typical of it against the others."""
    keys = [key for key, texts in groups.items() for _ in texts]
    fitted = _tfidf([text for texts in groups.values() for text in texts], k)
    if fitted is None:
        return {}
    matrix, vocabulary = fitted
    keys = np.array(keys)
    result = {}
    for key, texts in groups.items():
        if len(texts) < k:
            continue
        inside, outside = matrix[keys == key], matrix[keys != key]
        contrast = np.asarray(inside.mean(axis=0)).ravel()
        if outside.shape[0]:
            contrast -= np.asarray(outside.mean(axis=0)).ravel()
        common_inside = np.asarray((inside > 0).sum(axis=0)).ravel() >= k
        scores = np.where(common_inside & (contrast > 0), contrast, 0)
        result[key] = list(_distinct_top(scores, vocabulary, DISTINCTIVE_TERMS))
    return result


def rising_terms(current: list[str], previous: list[str], k: int) -> list[str]:
    """Terms in at least k current texts whose share of texts rose most since the previous
    period (both periods having at least k texts)."""
    if len(current) < k or len(previous) < k:
        return []
    vectorizer = CountVectorizer(binary=True, min_df=k, **_TERM_OPTIONS)
    try:
        now = vectorizer.fit_transform(current)
    except ValueError:  # no term in k texts: nothing can be shown
        return []
    before = vectorizer.transform(previous)
    rise = _shares(now) - _shares(before)
    scores = np.where(rise > 0, rise, 0)
    return list(_distinct_top(scores, vectorizer.get_feature_names_out(), RISING_TERMS))


def sentiment_counts(texts: list[str]) -> dict[str, int]:
    """How many texts VADER finds negative, neutral and positive."""
    analyser = _analyser()
    scores = [analyser.polarity_scores(text)["compound"] for text in texts]
    return {
        "negative": sum(score <= NEGATIVE_UP_TO for score in scores),
        "neutral": sum(NEGATIVE_UP_TO < score < POSITIVE_FROM for score in scores),
        "positive": sum(score >= POSITIVE_FROM for score in scores),
    }


_TERM_OPTIONS = {"stop_words": _STOP_WORDS, "token_pattern": _WORD_PATTERN, "ngram_range": (1, 2)}


@cache
def _analyser() -> SentimentIntensityAnalyzer:
    # Loading the lexicon takes a moment, and the analyser keeps no state between texts.
    return SentimentIntensityAnalyzer()


def _tfidf(texts: list[str], k: int):
    """The TF-IDF matrix of terms in at least k texts, and its vocabulary; None if none are."""
    vectorizer = TfidfVectorizer(min_df=k, sublinear_tf=True, **_TERM_OPTIONS)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no term in k texts: nothing can be shown
        return None
    return matrix, vectorizer.get_feature_names_out()


def _distinct_rows(matrix) -> int:
    """How many texts differ in the matrix (NMF fails to settle on more topics than that)."""
    matrix.sort_indices()
    bounds = zip(matrix.indptr[:-1], matrix.indptr[1:], strict=True)
    return len(
        {(matrix.indices[a:b].tobytes(), matrix.data[a:b].round(12).tobytes()) for a, b in bounds}
    )


def _shares(matrix) -> np.ndarray:
    return np.asarray(matrix.sum(axis=0)).ravel() / matrix.shape[0]


def _most_typical_first(matrix, members: np.ndarray) -> tuple[int, ...]:
    """Members by cosine similarity to their centroid (TF-IDF rows are unit length already)."""
    rows = matrix[members]
    centroid = np.asarray(rows.mean(axis=0)).ravel()
    similarity = rows @ (centroid / np.linalg.norm(centroid))
    return tuple(int(members[index]) for index in np.argsort(-similarity, kind="stable"))


def _distinct_top(scores: np.ndarray, vocabulary, count: int) -> tuple[str, ...]:
    """The best-scoring terms, skipping any that repeat words of one already taken."""
    chosen: list[str] = []
    for index in np.argsort(-scores, kind="stable"):
        if scores[index] <= 0 or len(chosen) == count:
            break
        term = str(vocabulary[index])
        if not any(set(term.split()) & set(taken.split()) for taken in chosen):
            chosen.append(term)
    return tuple(chosen)
