"""Searching what people have said: published contributions and comments."""

from flask import Blueprint, render_template, request

from challenges.rounds import all_rounds
from challenges.search import search
from portal import access
from portal.db import get_db
from portal.fact_gate import facts_for
from portal.forms.search import SearchForm

bp = Blueprint("search", __name__)


@bp.get("/search")
@access.public
def results():
    """Search published contributions and comments, with filters and a choice of order."""
    db = get_db()
    form = SearchForm(request.args, rounds=all_rounds(db))
    if not form.validate():
        return render_template("search/results.html", form=form, page=None)
    page = search(db, form.to_query(), after=request.args.get("after"))
    facts = facts_for(db, [result.contribution for result in page.results])
    return render_template("search/results.html", form=form, page=page, facts=facts)
