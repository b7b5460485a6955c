"""Template globals and filters shared by every page."""

from flask import Flask, current_app, send_from_directory

from challenges.browsing import month_year
from challenges.catalogue import CHALLENGES, challenge_by_number
from challenges.moderation import age_in_words
from portal import access

ASSETS_DIR = "static/govuk/assets"


def init_app(app: Flask) -> None:
    app.add_template_global(CHALLENGES, "CHALLENGES")
    app.add_template_global(challenge_by_number)
    app.add_template_filter(month_year)
    app.add_template_filter(age_in_words, "age")
    # GOV.UK Frontend's compiled CSS asks for its fonts and images under /assets.
    app.add_url_rule("/assets/<path:filename>", "govuk_assets", _govuk_asset)


@access.public
def _govuk_asset(filename: str):
    return send_from_directory(f"{current_app.root_path}/{ASSETS_DIR}", filename)
