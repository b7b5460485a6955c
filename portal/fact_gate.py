"""Author facts on public pages, through the k-anonymity gate, with the counts cached briefly.

The counts come from one GROUP BY over published contributions; caching them for a few minutes
keeps listing pages cheap at a million contributions.
"""

import time

from flask import current_app

from challenges.browsing import fact_combination_counts, shown_facts


def _combination_counts(db) -> dict[tuple, int]:
    lifetime = current_app.config["FACT_COUNTS_CACHE_SECONDS"]
    expires, counts = current_app.extensions.get("fact_counts", (0.0, None))
    if counts is None or time.monotonic() >= expires:
        counts = fact_combination_counts(db)
        current_app.extensions["fact_counts"] = (time.monotonic() + lifetime, counts)
    return counts


def facts_for(db, contributions) -> dict[str, list[str]]:
    """Map each contribution's public id to the facts that may be shown with it."""
    counts = _combination_counts(db)
    k = current_app.config["SUPPRESSION_THRESHOLD"]
    return {c.public_id: shown_facts(c, counts, k) for c in contributions}
