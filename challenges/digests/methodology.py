"""The methodology paragraphs printed with every digest, filled in with its own settings."""

from challenges.digests.quotes import QUOTE_MAX_CHARACTERS, QUOTES_PER_CHALLENGE
from challenges.digests.text_analysis import MAX_TOPICS


def paragraphs(threshold: int, rounding: int | None, texts_per_challenge: int) -> list[str]:
    rounded = (
        f"After these decisions, every figure shown is rounded to the nearest multiple of "
        f"{rounding} (halves up), so shown figures may not add up exactly."
        if rounding
        else "Figures are not rounded."
    )
    return [
        "What was counted. Contributions are posts published under one of the six challenges "
        "during the period (by the date a moderator published them), after the filters shown. "
        "Pending, rejected, withdrawn, hidden and removed posts are not counted. Endorsements "
        "are the “This matters to me” endorsements those contributions have had so far. "
        "Comments are comments published during the period on those contributions. Each figure "
        "is compared with the period of the same length immediately before.",
        "No count of people. The portal keeps no link between posts and the people who wrote "
        "them, by design, so there is deliberately no count of distinct contributors: one "
        "person may have written several contributions, and the figures count posts, not people.",
        f"Small numbers. Any count from 1 to {threshold - 1} is suppressed (left out, never "
        "shown as 0), because a small count could point at a person. Zeros are shown: they "
        "point at no one. Further figures, which can be large, are suppressed wherever they "
        "would let a suppressed count be worked out from the totals and other figures shown, "
        "in the same table or in any other table of this digest. A change from the previous "
        "period is given only when both figures are shown, and a share only when both of its "
        "parts are. " + rounded,
        "Themes. Words that occur in fewer than "
        f"{threshold} posts are never shown, and no group of fewer than {threshold} posts is "
        "analysed. The most distinctive terms of a challenge are the single words and two-word "
        "phrases whose average TF-IDF weight is highest in that challenge compared with the "
        f"others. Topics come from non-negative matrix factorisation (NMF, up to {MAX_TOPICS} "
        "topics, fewer for fewer posts) of the challenge's TF-IDF matrix; each is named by its "
        "three strongest terms, and its size is the number of posts for which it is the "
        "strongest topic. Rising terms are those whose share of posts rose most since the "
        "previous period. Common English words and words every challenge shares (such as "
        "“staff”, “work” and “care”) are left out.",
        "Sentiment. Each post's title and body are scored with VADER, a lexicon-based method; a "
        "compound score of 0.05 or more counts as positive, −0.05 or less as negative, and "
        "anything between as neutral. VADER reads everyday English well but misses sarcasm and "
        "context, so the shares are a rough guide only.",
        f"Samples. Where a challenge has more than {texts_per_challenge:,} contributions in a "
        f"period, themes, sentiment and quotes use {texts_per_challenge:,} of them spread evenly "
        "through the period; counts always use every contribution.",
        f"Quotes. Up to {QUOTES_PER_CHALLENGE} quotes per challenge: for each topic, the most "
        "endorsed post and the post most typical of the topic (closest to its average), cut to "
        f"{QUOTE_MAX_CHARACTERS} characters. They are published posts as moderators redacted "
        "them, with no date or link; posts in which identifying details are still detected are "
        "not quoted. The author's details appear only where the author chose to show them and "
        f"at least {threshold} published posts share them, otherwise less detailed or not at all.",
    ]
