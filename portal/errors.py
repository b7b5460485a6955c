"""Friendly error pages; a database outage gives a 503 that needs no database."""

from flask import Flask, render_template
from sqlalchemy.exc import OperationalError


def init_app(app: Flask) -> None:
    for status in (400, 403, 404, 405, 500):
        app.register_error_handler(status, _page_for(status))
    app.register_error_handler(OperationalError, _database_unavailable)


def _page_for(status: int):
    def handler(_error):
        return render_template(f"errors/{status}.html"), status

    return handler


def _database_unavailable(_error):
    return render_template("errors/503.html", database_unavailable=True), 503
