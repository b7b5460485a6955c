"""Friendly error pages; a database outage gives a 503 that needs no database."""

from flask import Flask, current_app, g, render_template, request, session
from sqlalchemy.exc import OperationalError


def init_app(app: Flask) -> None:
    for status in (400, 403, 404, 405):
        app.register_error_handler(status, _page_for(status))
    app.register_error_handler(500, _server_error)
    app.register_error_handler(OperationalError, _database_unavailable)


def _page_for(status: int):
    def handler(_error):
        return render_template(f"errors/{status}.html"), status

    return handler


def _server_error(error):
    # The database failing outside a view, as when the commit in the after_request hook finds it
    # gone, reaches Flask as an unhandled error: that is an outage too, not a bug.
    if isinstance(getattr(error, "original_exception", None), OperationalError):
        return _database_unavailable(error)
    return render_template("errors/500.html"), 500


def _database_unavailable(_error):
    # Nothing this request did was saved, so a message it queued ("Thank you...") is untrue.
    if "_flashes" in session:
        session.pop("_flashes")
    # Rendered without the context processors: Flask-Login's would load the signed-in user
    # from the very database that is down.
    page = current_app.jinja_env.get_template("errors/503.html").render(
        config=current_app.config,
        request=request,
        session=session,
        g=g,
        database_unavailable=True,
    )
    return page, 503
