"""Analysts' forms for API tokens: creating one, and revoking one."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from challenges.api_tokens import MOST_DAYS, NAME_MAX

DAYS_MESSAGE = f"Enter a whole number of days from 1 to {MOST_DAYS}"


class NewTokenForm(FlaskForm):
    name = StringField(
        "Name",
        widget=GovTextInput(),
        description="So you can tell your tokens apart, for example “Weekly briefing dashboard”.",
        validators=[
            DataRequired(message="Enter a name for the token"),
            Length(max=NAME_MAX, message=f"The name must be {NAME_MAX} characters or fewer"),
        ],
    )
    valid_days = IntegerField(
        "Valid for",
        widget=GovTextInput(),
        description=f"The number of days, from 1 to {MOST_DAYS}. Make a new token when it ends.",
        default=90,
        invalid_value_message=DAYS_MESSAGE,
        validators=[InputRequired(message=DAYS_MESSAGE)],
    )
    submit = SubmitField("Create token", widget=GovSubmitInput())

    def validate_valid_days(self, field) -> None:
        # Text that is not a number has already failed with the same message; say it only once.
        if field.data is not None and not 1 <= field.data <= MOST_DAYS:
            raise ValidationError(DAYS_MESSAGE)


class RevokeTokenForm(FlaskForm):
    """Only a button, so that revoking carries a CSRF token."""

    submit = SubmitField("Revoke", widget=GovSubmitInput())
