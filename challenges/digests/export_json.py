"""A digest as canonical JSON, its SHA-256, and the JSON Schema that documents its shape."""

import hashlib
import json

from challenges.digests.schema import SCHEMA_ID

# Publishing adds "version" to the content before hashing it. The resulting "sha256" and the
# record's "audience" live beside the content, and a caller may pass them in to have them
# printed. They are left out here (the hash cannot cover itself), so that the SHA-256 of the
# downloaded JSON is exactly the SHA-256 printed on the briefing.
PRINT_ONLY_KEYS = frozenset({"sha256", "audience"})


def digest_json(digest: dict) -> str:
    """The digest's content as canonical JSON: sorted keys, no spaces, non-ASCII kept."""
    content = {key: value for key, value in digest.items() if key not in PRINT_ONLY_KEYS}
    return json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def digest_sha256(digest: dict) -> str:
    """The SHA-256, in hex, of the UTF-8 bytes of digest_json(digest)."""
    return hashlib.sha256(digest_json(digest).encode("utf-8")).hexdigest()


def _nullable(type_name: str, **limits) -> dict:
    return {"type": [type_name, "null"], **limits}


def _object(properties: dict, optional: dict | None = None) -> dict:
    # Every key but the optional ones is required, and no other is allowed: this schema is the
    # exact contract of schema.py, so it catches a builder that drifts from it.
    return {
        "type": "object",
        "properties": {**properties, **(optional or {})},
        "required": sorted(properties),
        "additionalProperties": False,
    }


def _list_of(item: dict, **limits) -> dict:
    return {"type": "array", "items": item, **limits}


def _ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


_TEXT = {"type": "string"}
_DEFINITIONS = {
    "count": _nullable("integer", minimum=0),
    "share": _nullable("number", minimum=0, maximum=1),
    "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "period": _object({"start": _ref("date"), "end": _ref("date"), "label": _TEXT}),
    "figure": _object(
        {"value": _ref("count"), "previous": _ref("count"), "change": _nullable("integer")}
    ),
    "table": _object(
        {
            "rows": _list_of(_TEXT),
            "columns": _list_of(_TEXT),
            "cells": _list_of(_list_of(_ref("count"))),
            "row_totals": _list_of(_ref("count")),
            "column_totals": _list_of(_ref("count")),
            "grand_total": _ref("count"),
        }
    ),
    "sentiment": _object(
        {
            "negative": _ref("share"),
            "neutral": _ref("share"),
            "positive": _ref("share"),
            "basis": _ref("count"),
        }
    ),
    "themes": _object(
        {
            "distinctive_terms": _list_of(_TEXT),
            "rising_terms": _list_of(_TEXT),
            "topics": _list_of(
                _object({"label": _TEXT, "terms": _list_of(_TEXT), "size": _ref("count")})
            ),
        }
    ),
    "quote": _object(
        {
            "text": _TEXT,
            "kind": {"enum": ["most_endorsed", "typical"]},
            "topic": _nullable("string"),
            "facts": _list_of(_TEXT),
            "endorsements": _ref("count"),
        }
    ),
    "challenge": _object(
        {
            "number": {"type": "integer", "minimum": 1, "maximum": 6},
            "title": _TEXT,
            "contributions": _ref("figure"),
            "share": _ref("share"),
            "weekly": _ref("table"),
            "sentiment": _ref("sentiment"),
            "themes": _ref("themes"),
            "quotes": _list_of(_ref("quote")),
        }
    ),
}

JSON_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"urn:{SCHEMA_ID.replace('/', ':')}",
    "title": "Care voices digest",
    "description": "A digest's content as digest_json writes it. null is a figure hidden to "
    "protect anonymity, never 0.",
    **_object(
        {
            "schema": {"const": SCHEMA_ID},
            "title": _TEXT,
            "period": _ref("period"),
            "previous_period": _ref("period"),
            "filters": _object(
                {
                    "challenge": _nullable("integer", minimum=1, maximum=6),
                    "round": _nullable("string"),
                    "sector": _nullable("string"),
                    "staff_group": _nullable("string"),
                    "region": _nullable("string"),
                    "union": _nullable("string"),
                }
            ),
            "threshold": {"type": "integer", "minimum": 1},
            "rounding": _nullable("integer", minimum=1),
            "headline": _object(
                {name: _ref("figure") for name in ("contributions", "endorsements", "comments")}
            ),
            "challenges": _list_of(_ref("challenge"), minItems=6, maxItems=6),
            "breakdowns": _object(
                {name: _ref("table") for name in ("sector", "staff_group", "region", "union")}
            ),
            "methodology": _list_of(_TEXT),
        },
        optional={"version": {"type": "integer", "minimum": 1}},
    ),
    "$defs": _DEFINITIONS,
}
