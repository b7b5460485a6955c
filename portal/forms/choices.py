"""Choice lists several forms share."""

from wtforms.fields.choices import SelectChoice

from challenges.catalogue import CHALLENGES


def challenge_choices(blank: str | None = None) -> list[SelectChoice]:
    """The six challenges as choices, optionally after a blank 'any' or 'none' choice."""
    first = [SelectChoice("", blank)] if blank else []
    return first + [SelectChoice(str(c.number), f"{c.number}. {c.title}") for c in CHALLENGES]
