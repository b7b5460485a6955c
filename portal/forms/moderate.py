"""Moderators' decision forms."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError


class DecisionForm(FlaskForm):
    decision = RadioField(
        "Decision",
        widget=GovRadioInput(),
        choices=[SelectChoice("publish", "Publish"), SelectChoice("reject", "Reject")],
        validators=[InputRequired(message="Choose publish or reject")],
    )
    reason = StringField(
        "Reason for rejecting (shown to the author)",
        widget=GovTextInput(),
        validators=[Length(max=500)],
    )
    submit = SubmitField("Record decision", widget=GovSubmitInput())

    def validate_reason(self, field) -> None:
        if self.decision.data == "reject" and not (field.data or "").strip():
            raise ValidationError("Enter a reason for rejecting")
