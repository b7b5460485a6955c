"""Bearer-token access to the API: the "api-token" access rule and the token of this request.

Sessions never open the API, whoever is signed in: only a token in the Authorization header
does, so a page elsewhere cannot make a signed-in browser read it.
"""

from functools import wraps

from flask import g, request
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Unauthorized

from challenges.api_tokens import verify_token
from challenges.lifecycle import utcnow
from challenges.models import ApiToken
from portal.db import get_db

API_TOKEN = "api-token"  # noqa: S105 -- the access rule's name, not a secret


def presented_token() -> str | None:
    """The token in this request's ``Authorization: Bearer`` header, if there is one."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def current_api_token() -> ApiToken | None:
    """The live token this request presented, looked up once however often it is asked for."""
    if "api_token" not in g:
        presented = presented_token()
        g.api_token = verify_token(get_db(), presented, utcnow()) if presented else None
    return g.api_token


def api_token_required(view):
    """Only requests with a live API token may use this view."""

    @wraps(view)
    def checked(*args, **kwargs):
        if current_api_token() is None:
            raise _unauthorized()
        return view(*args, **kwargs)

    checked.access_rule = API_TOKEN
    return checked


def _unauthorized() -> Unauthorized:
    # RFC 6750: a request with no credentials gets a bare challenge; a bad token, an error code.
    if presented_token() is None:
        return Unauthorized(
            "Send an API token in the header “Authorization: Bearer <token>”.",
            www_authenticate=WWWAuthenticate("bearer"),
        )
    return Unauthorized(
        "The API token is not valid: it is unknown, expired or revoked.",
        www_authenticate=WWWAuthenticate("bearer", {"error": "invalid_token"}),
    )
