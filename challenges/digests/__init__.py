"""Digests: anonymity-safe summaries of what staff said, by challenge and period.

The digest's content is one JSON-able dict (schema "care-voices-digest/1", documented in
``schema.py``); statistics build it, exports render it, publishing freezes it.
"""
