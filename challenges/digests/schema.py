"""The shape of a digest's content: the contract between statistics, exports and the API.

A digest is a plain dict, JSON-serialisable, so that a published snapshot is exactly what was
built, and its SHA-256 is over its canonical JSON (sorted keys, no spaces, UTF-8).

{
  "schema": "care-voices-digest/1",
  "title": str,
  "period": {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD", "label": str},   # end inclusive
  "previous_period": {"start": ..., "end": ..., "label": str},            # same length, before
  "filters": {"challenge": int | None, "round": str | None, "sector": str | None,
              "staff_group": str | None, "region": str | None, "union": str | None},
  "threshold": int, "rounding": int | None,
  "headline": {"contributions": Figure, "endorsements": Figure, "comments": Figure},
  "challenges": [ChallengeSection, ...],                                  # the six, in order
  "breakdowns": {"sector": Table, "staff_group": Table, "region": Table, "union": Table},
  "methodology": [str, ...],                                              # paragraphs
}

Figure = {"value": int | None, "previous": int | None, "change": int | None}
    value and previous pass through the suppression function; change is value - previous and is
    None unless both are shown.

ChallengeSection = {
  "number": int, "title": str,
  "contributions": Figure,
  "share": float | None,          # of all contributions in the period, 0..1; None if hidden
  "weekly": Table,                # one row "Contributions", columns = ISO week start dates
  "sentiment": {"negative": float | None, "neutral": float | None, "positive": float | None,
                "basis": int | None},   # shares of the basis (count of texts analysed)
  "themes": {"distinctive_terms": [str], "rising_terms": [str],
             "topics": [{"label": str, "terms": [str], "size": int | None}]},
  "quotes": [{"text": str, "kind": "most_endorsed" | "typical", "topic": str | None,
              "facts": [str], "endorsements": int | None}],
}

Table = {"rows": [str], "columns": [str], "cells": [[int | None]], "row_totals": [int | None],
         "column_totals": [int | None], "grand_total": int | None}
    None is a suppressed value; it is never rendered as 0.
"""

SCHEMA_ID = "care-voices-digest/1"
