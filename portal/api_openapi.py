"""The OpenAPI 3.1 document for /api/v1, served at /api/v1/openapi.json.

Schemas are JSON Schema 2020-12, as OpenAPI 3.1 uses. DigestContent transcribes the contract in
challenges/digests/schema.py: change the two together. Objects stay open to new properties, so a
later minor version of the digest schema does not break clients that validate.
"""

from challenges.api_tokens import MOST_DAYS
from challenges.digests.api_queries import MAX_PAGE_SIZE, MAX_RANGE_DAYS, PAGE_SIZE
from challenges.digests.schema import SCHEMA_ID

_JSON = "application/json"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(type_name: str, **extra) -> dict:
    return {"type": [type_name, "null"], **extra}


def _object(required: list[str], properties: dict, description: str | None = None) -> dict:
    schema = {"type": "object", "required": required, "properties": properties}
    return {**schema, "description": description} if description else schema


def _array(items: dict) -> dict:
    return {"type": "array", "items": items}


def _json_body(schema: dict, description: str) -> dict:
    return {"description": description, "content": {_JSON: {"schema": schema}}}


def _error_response(description: str, headers: dict | None = None) -> dict:
    response = _json_body(_ref("Error"), description)
    return {**response, "headers": headers} if headers else response


def _responses(ok: dict, *errors: str) -> dict:
    """An operation's responses: its success, the listed errors, and those every call can get."""
    shared = ("Unauthorized", "TooManyRequests", "InternalServerError", "ServiceUnavailable")
    named = {
        "BadRequest": "400",
        "Unauthorized": "401",
        "NotFound": "404",
        "TooManyRequests": "429",
        "InternalServerError": "500",
        "ServiceUnavailable": "503",
    }
    listed = {named[name]: {"$ref": f"#/components/responses/{name}"} for name in errors + shared}
    return {"200": ok, **dict(sorted(listed.items()))}


def _parameter(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


_FIGURE = _object(
    ["value", "previous", "change"],
    {
        "value": _nullable("integer", minimum=0),
        "previous": _nullable("integer", minimum=0),
        "change": _nullable("integer", description="value - previous, when both are shown"),
    },
    "A count in the period and the period before; null is a suppressed value, never 0.",
)

_TABLE = _object(
    ["rows", "columns", "cells", "row_totals", "column_totals", "grand_total"],
    {
        "rows": _array({"type": "string"}),
        "columns": _array({"type": "string"}),
        "cells": _array(_array(_nullable("integer", minimum=0))),
        "row_totals": _array(_nullable("integer", minimum=0)),
        "column_totals": _array(_nullable("integer", minimum=0)),
        "grand_total": _nullable("integer", minimum=0),
    },
    "Suppressed counts with totals; null is a suppressed value, never 0.",
)

_PERIOD = _object(
    ["start", "end", "label"],
    {
        "start": {"type": "string", "format": "date"},
        "end": {"type": "string", "format": "date", "description": "Inclusive."},
        "label": {"type": "string"},
    },
)

_SHARE = _nullable("number", minimum=0, maximum=1)

_CHALLENGE_SECTION = _object(
    ["number", "title", "contributions", "share", "weekly", "sentiment", "themes", "quotes"],
    {
        "number": {"type": "integer", "minimum": 1, "maximum": 6},
        "title": {"type": "string"},
        "contributions": _ref("Figure"),
        "share": {**_SHARE, "description": "Of all contributions in the period."},
        "weekly": {**_ref("Table"), "description": "One row; columns are ISO week start dates."},
        "sentiment": _object(
            ["negative", "neutral", "positive", "basis"],
            {
                "negative": _SHARE,
                "neutral": _SHARE,
                "positive": _SHARE,
                "basis": _nullable("integer", minimum=0, description="Texts analysed."),
            },
        ),
        "themes": _object(
            ["distinctive_terms", "rising_terms", "topics"],
            {
                "distinctive_terms": _array({"type": "string"}),
                "rising_terms": _array({"type": "string"}),
                "topics": _array(
                    _object(
                        ["label", "terms", "size"],
                        {
                            "label": {"type": "string"},
                            "terms": _array({"type": "string"}),
                            "size": _nullable("integer", minimum=0),
                        },
                    )
                ),
            },
        ),
        "quotes": _array(
            _object(
                ["text", "kind", "topic", "facts", "endorsements"],
                {
                    "text": {"type": "string"},
                    "kind": {"enum": ["most_endorsed", "typical"]},
                    "topic": _nullable("string"),
                    "facts": _array({"type": "string"}),
                    "endorsements": _nullable("integer", minimum=0),
                },
            )
        ),
    },
)

_FILTER_NAMES = ("round", "sector", "staff_group", "region", "union")

_DIGEST_CONTENT = _object(
    [
        "schema",
        "title",
        "period",
        "previous_period",
        "filters",
        "threshold",
        "rounding",
        "headline",
        "challenges",
        "breakdowns",
        "methodology",
    ],
    {
        "schema": {"const": SCHEMA_ID},
        "title": {"type": "string"},
        "version": {"type": "integer", "minimum": 1, "description": "Set when published."},
        "period": _ref("Period"),
        "previous_period": {**_ref("Period"), "description": "As long, just before."},
        "filters": _object(
            ["challenge", *_FILTER_NAMES],
            {
                "challenge": _nullable("integer", minimum=1, maximum=6),
                **{name: _nullable("string") for name in _FILTER_NAMES},
            },
        ),
        "threshold": {"type": "integer", "minimum": 1},
        "rounding": _nullable("integer", minimum=1),
        "headline": _object(
            ["contributions", "endorsements", "comments"],
            {name: _ref("Figure") for name in ("contributions", "endorsements", "comments")},
        ),
        "challenges": {**_array(_ref("ChallengeSection")), "description": "The six, in order."},
        "breakdowns": _object(
            ["sector", "staff_group", "region", "union"],
            {name: _ref("Table") for name in ("sector", "staff_group", "region", "union")},
        ),
        "methodology": _array({"type": "string"}),
    },
    f"A digest's content, schema {SCHEMA_ID}. Counts below the threshold are null.",
)

_LINK = {"type": "string", "format": "uri-reference"}

_DIGEST_SUMMARY = _object(
    ["public_id", "title", "audience", "version", "published_at", "sha256", "links"],
    {
        "public_id": {"type": "string"},
        "title": {"type": "string"},
        "audience": {"type": "string", "examples": ["ministers", "unions", "public"]},
        "version": {"type": "integer", "minimum": 1},
        "published_at": {"type": "string", "format": "date-time"},
        "sha256": {
            "type": "string",
            "pattern": "^[0-9a-f]{64}$",
            "description": "Of the content's canonical JSON (sorted keys, no spaces, UTF-8).",
        },
        "links": _object(["self", "versions"], {"self": _LINK, "versions": _LINK}),
    },
)

_CHALLENGE_COUNTS = _object(
    ["start", "end", "threshold", "rounding", "challenges", "total"],
    {
        "start": {"type": "string", "format": "date"},
        "end": {"type": "string", "format": "date"},
        "threshold": {"type": "integer", "minimum": 1},
        "rounding": _nullable("integer", minimum=1),
        "challenges": _array(
            _object(
                ["number", "title", "contributions"],
                {
                    "number": {"type": "integer", "minimum": 1, "maximum": 6},
                    "title": {"type": "string"},
                    "contributions": _nullable("integer", minimum=0),
                },
            )
        ),
        "total": _nullable("integer", minimum=0),
    },
    "Published contributions per challenge, published in the range. A count from 1 to "
    "threshold - 1 is null, and so is any count that would let one be worked out.",
)

_ERROR = _object(
    ["error"],
    {
        "error": _object(
            ["status", "code", "message"],
            {
                "status": {"type": "integer"},
                "code": {"type": "string", "examples": ["not_found", "too_many_requests"]},
                "message": {"type": "string"},
            },
        )
    },
)

_PARAMETERS = {
    "PublicId": {"name": "public_id", "in": "path", "required": True, "schema": {"type": "string"}},
    "After": {
        "name": "after",
        "in": "query",
        "description": "The public_id of the last digest on the page before.",
        "schema": {"type": "string"},
    },
    "Size": {
        "name": "size",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": PAGE_SIZE},
    },
    "Start": {
        "name": "start",
        "in": "query",
        "required": True,
        "description": "The first day of a month, YYYY-MM-01.",
        "schema": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-01$"},
    },
    "End": {
        "name": "end",
        "in": "query",
        "required": True,
        "description": "The last day of a month, inclusive: the range is whole calendar months, "
        f"at most {MAX_RANGE_DAYS} days counting both ends.",
        "schema": {"type": "string", "format": "date"},
    },
}

_RESPONSES = {
    "BadRequest": _error_response(
        "A parameter is missing or not valid, or is not one the call takes."
    ),
    "Unauthorized": _error_response(
        "No API token, or one that is unknown, expired or revoked.",
        {"WWW-Authenticate": {"schema": {"type": "string"}, "example": "Bearer"}},
    ),
    "NotFound": _error_response("No published digest has that public_id."),
    "TooManyRequests": _error_response(
        "Over the rate limit, which counts calls per token.",
        {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}},
    ),
    "InternalServerError": _error_response("Something went wrong on our side."),
    "ServiceUnavailable": _error_response("The database is unavailable; try again later."),
}

_PATHS = {
    "/openapi.json": {
        "get": {
            "operationId": "getOpenApiDocument",
            "summary": "This document",
            "security": [],
            "responses": {
                "200": _json_body({"type": "object"}, "The OpenAPI document."),
                "429": {"$ref": "#/components/responses/TooManyRequests"},
            },
        }
    },
    "/digests": {
        "get": {
            "operationId": "listDigests",
            "summary": "Published digests, newest first",
            "parameters": [_parameter("After"), _parameter("Size")],
            "responses": _responses(
                _json_body(
                    _object(
                        ["items", "links"],
                        {
                            "items": _array(_ref("DigestSummary")),
                            "links": _object(
                                ["next"], {"next": {**_LINK, "type": ["string", "null"]}}
                            ),
                        },
                    ),
                    "One page of digests, and a link to the next page if there is one.",
                ),
                "BadRequest",
            ),
        }
    },
    "/digests/{public_id}": {
        "get": {
            "operationId": "getDigest",
            "summary": "One published digest with its content",
            "parameters": [_parameter("PublicId")],
            "responses": _responses(
                _json_body(_ref("Digest"), "The digest."), "BadRequest", "NotFound"
            ),
        }
    },
    "/digests/{public_id}/versions": {
        "get": {
            "operationId": "listDigestVersions",
            "summary": "Every published version for the same period, filters and audience",
            "parameters": [_parameter("PublicId")],
            "responses": _responses(
                _json_body(
                    _object(["items"], {"items": _array(_ref("DigestSummary"))}),
                    "The versions, newest first.",
                ),
                "BadRequest",
                "NotFound",
            ),
        }
    },
    "/statistics/challenges": {
        "get": {
            "operationId": "getChallengeCounts",
            "summary": "Suppressed counts of published contributions per challenge",
            "parameters": [_parameter("Start"), _parameter("End")],
            "responses": _responses(
                _json_body(_ref("ChallengeCounts"), "The counts."), "BadRequest"
            ),
        }
    },
}


def openapi_document() -> dict:
    """The OpenAPI document; paths are relative to the server URL /api/v1."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Tell us about your working life: read-only API",
            "version": "1.0.0",
            "description": "Published digests and suppressed statistics about what health and "
            "social care staff told us. Analysts create tokens, valid for up to "
            f"{MOST_DAYS} days, under “API tokens”. Every error is an Error object.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerToken": []}],
        "paths": _PATHS,
        "components": {
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Authorization: Bearer cv_…",
                }
            },
            "parameters": _PARAMETERS,
            "responses": _RESPONSES,
            "schemas": {
                "Error": _ERROR,
                "DigestSummary": _DIGEST_SUMMARY,
                "Digest": {
                    "allOf": [
                        _ref("DigestSummary"),
                        _object(["content"], {"content": _ref("DigestContent")}),
                    ]
                },
                "DigestContent": _DIGEST_CONTENT,
                "Period": _PERIOD,
                "Figure": _FIGURE,
                "Table": _TABLE,
                "ChallengeSection": _CHALLENGE_SECTION,
                "ChallengeCounts": _CHALLENGE_COUNTS,
            },
        },
    }
