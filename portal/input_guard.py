"""Input no page or query can use: refused before any view runs, or, for redirects, ignored.

PostgreSQL can neither store nor compare text holding NUL, so a %00 in any value a view hands to
a query (a path segment, a page cursor, a form field) would otherwise end in a 500. Bytes that are
not UTF-8 Werkzeug reads as U+FFFD in a path and leaves percent-encoded in a query string, so a
view would quietly look up something nobody sent. Browsers send neither from our pages, so such a
request is refused whole with a 400 that says why: a page with an error summary, or under /api/
the API's JSON error. Form bodies are checked for NUL only: checking their raw bytes as well would
mean holding each body twice.
"""

import re
from urllib.parse import unquote_to_bytes

from flask import Flask, render_template, request

from portal.api_errors import API_PREFIX, json_error

MESSAGE = (
    "What you sent contains characters we cannot accept, such as a null character or text that "
    "is not UTF-8. Remove them and try again."
)
# A path on this site and nothing more. Browsers drop tabs and newlines from a URL and read "\"
# as "/", so "/\evil.example" and "/<tab>/evil.example" both lead away; a newline would also
# break the Location header.
_LOCAL_PATH = re.compile(r"/(?![/\\])[^\x00-\x20\x7f\\]*")


def local_path(target: str | None) -> str | None:
    """``target`` if it is safe to redirect to as a path on this site, else None."""
    return target if target and _LOCAL_PATH.fullmatch(target) else None


def init_app(app: Flask) -> None:
    app.before_request(_refuse_unreadable_input)


def _refuse_unreadable_input():
    if _readable_url() and _readable_form():
        return None
    if request.path.startswith(API_PREFIX):
        return json_error(400, MESSAGE)
    return render_template("errors/unreadable_input.html", message=MESSAGE), 400


def _readable_url() -> bool:
    environ = request.environ
    # WSGI hands over the path already percent-decoded and the query string still encoded, each
    # as its raw bytes read as Latin-1.
    path = environ.get("PATH_INFO", "").encode("latin-1", "replace")
    query = unquote_to_bytes(environ.get("QUERY_STRING", "").encode("latin-1", "replace"))
    return _readable(path) and _readable(query)


def _readable(raw: bytes) -> bool:
    if b"\x00" in raw:
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _readable_form() -> bool:
    if request.method != "POST":
        return True
    return not any("\x00" in text for pair in request.form.items(multi=True) for text in pair)
