"""Errors under /api/ as JSON, ``{"error": {"status", "code", "message"}}``, never as a page."""

from http import HTTPStatus

from flask import Blueprint, Flask, Response, jsonify, request
from flask_limiter import RateLimitExceeded
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, default_exceptions

from portal.rate_limits import retry_after_seconds

API_PREFIX = "/api/"


def json_error(status: int, message: str) -> Response:
    """The API's error object with its status, e.g. code "not_found" for 404."""
    code = HTTPStatus(status).phrase.lower().replace(" ", "_")
    response = jsonify(error={"status": status, "code": code, "message": message})
    response.status_code = status
    return response


def register(blueprint: Blueprint) -> None:
    """Answer in JSON every error raised by the blueprint's views and request hooks."""
    # Flask prefers an app's handler for a status code to a blueprint's for HTTPException, so
    # each status needs its own.
    for status in default_exceptions:
        blueprint.register_error_handler(status, _http_error)
    blueprint.register_error_handler(RateLimitExceeded, _rate_limited)
    blueprint.register_error_handler(OperationalError, _database_unavailable)


def init_app(app: Flask) -> None:
    """Answer in JSON, too, the URLs and methods under /api/ that match no route.

    Flask hands those to the app's handlers, as no blueprint matched. Call this after
    portal.errors.init_app, whose pages it keeps for every other path: called before, it fails
    with a KeyError, because registering those pages afterwards would silently replace this.
    """
    for exception in (NotFound, MethodNotAllowed):
        page = app.error_handler_spec[None][exception.code][exception]
        app.register_error_handler(exception, _json_under_api(page))


def _json_under_api(page):
    def handler(error: HTTPException):
        return _http_error(error) if request.path.startswith(API_PREFIX) else page(error)

    return handler


def _http_error(error: HTTPException) -> Response:
    # A database failure outside a view (the commit after it) reaches Flask as a 500.
    if isinstance(getattr(error, "original_exception", None), OperationalError):
        return _database_unavailable(error.original_exception)
    response = json_error(error.code, error.description)
    # The exception carries the headers its status needs: Allow for 405, WWW-Authenticate for 401.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers.add(name, value)
    return response


def _rate_limited(error: RateLimitExceeded) -> Response:
    seconds = retry_after_seconds()
    response = json_error(
        429, f"Too many requests: the limit is {error.description}. Try again in {seconds} seconds."
    )
    response.headers["Retry-After"] = str(seconds)
    return response


def _database_unavailable(_error: OperationalError) -> Response:
    return json_error(503, "The service is unavailable at the moment. Try again later.")
