"""Validators shared by several forms."""

from wtforms.validators import ValidationError

from challenges.passwords import password_problem


def acceptable_new_password(_form, field) -> None:
    """Refuse short or common passwords."""
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)
