"""The form for reporting a published item."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from challenges.house_rules import HOUSE_RULES
from challenges.reports import OTHER_REASON


class ReportForm(FlaskForm):
    reason = RadioField(
        "Why are you reporting this?",
        widget=GovRadioInput(),
        choices=[SelectChoice(rule.code, rule.title) for rule in HOUSE_RULES]
        + [SelectChoice(OTHER_REASON, "Something else")],
        validators=[InputRequired(message="Choose why you are reporting this")],
    )
    detail = TextAreaField(
        "Tell us more (optional)",
        widget=GovCharacterCount(),
        description="Do not include your own name or contact details.",
        validators=[Length(max=500, message="This must be 500 characters or fewer")],
    )
    submit = SubmitField("Send report", widget=GovSubmitInput())
