"""Moderators' forms: the queue filter and one form per decision."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import RadioField, SelectField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from challenges.house_rules import HOUSE_RULES
from challenges.moderation import LABELS, REPORT_OUTCOMES, Removal
from portal.forms.choices import challenge_choices

CRITICALITY_HINT = "0 means no concern, 5 means severe. Used in analysis, never shown publicly."


def _rule_field(label: str, required: bool) -> RadioField:
    return RadioField(
        label,
        widget=GovRadioInput(),
        choices=[SelectChoice(rule.code, rule.title) for rule in HOUSE_RULES],
        validators=[InputRequired(message="Choose the house rule it breaks")]
        if required
        else [Optional()],
    )


def _removals_field() -> SelectMultipleField:
    return SelectMultipleField(
        "Details to remove",
        widget=GovCheckboxesInput(),
        description="Each one is replaced by a placeholder such as [name removed].",
        validate_choice=False,
    )


def _phrases_field() -> TextAreaField:
    return TextAreaField(
        "Other words to remove",
        widget=GovTextArea(),
        description="One per line, exactly as written. Each is replaced by [name removed].",
        validators=[Length(max=2000)],
    )


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False

    challenge = SelectField(
        "Challenge", widget=GovSelect(), choices=challenge_choices("All challenges")
    )
    label = SelectField(
        "Label",
        widget=GovSelect(),
        choices=[SelectChoice("", "Any label")]
        + [SelectChoice(code, text) for code, text in LABELS.items()],
    )
    submit = SubmitField("Filter", widget=GovSubmitInput())


class RedactionMixin:
    def set_suggestions(self, suggestions) -> None:
        """Offer the detector's findings as ticked-by-default choices."""
        self.removals.choices = [
            SelectChoice(removal.key, f"“{text}” ({removal.kind.replace('_', ' ')})")
            for removal, text in suggestions
        ]
        if self.removals.data is None:
            self.removals.data = [removal.key for removal, _ in suggestions]

    def chosen_removals(self) -> list[Removal]:
        return [Removal.from_key(key) for key in self.removals.data or []]

    def typed_phrases(self) -> list[str]:
        return (self.phrases.data or "").splitlines()


class PublishForm(RedactionMixin, FlaskForm):
    criticality = RadioField(
        "Criticality",
        widget=GovRadioInput(),
        description=CRITICALITY_HINT,
        choices=[SelectChoice(str(n), str(n)) for n in range(6)],
        validators=[InputRequired(message="Choose a criticality from 0 to 5")],
    )
    removals = _removals_field()
    phrases = _phrases_field()
    submit = SubmitField("Publish", widget=GovSubmitInput())


class RejectForm(FlaskForm):
    rule = _rule_field("Which house rule does it break?", required=True)
    note = TextAreaField(
        "Note for the author (optional)",
        widget=GovCharacterCount(),
        validators=[Length(max=500, message="Note must be 500 characters or fewer")],
    )
    submit = SubmitField("Reject", widget=GovSubmitInput())


class MoveForm(FlaskForm):
    challenge = SelectField(
        "Move to challenge",
        widget=GovSelect(),
        choices=challenge_choices(),
        validators=[InputRequired()],
    )
    submit = SubmitField("Move", widget=GovSubmitInput())


class ResolveReportsForm(RedactionMixin, FlaskForm):
    outcome = RadioField(
        "What should happen to it?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice(code, text)
            for code, text in zip(
                REPORT_OUTCOMES,
                ("Keep it published", "Redact details and keep it", "Remove it"),
                strict=True,
            )
        ],
        validators=[InputRequired(message="Choose keep, redact or remove")],
    )
    rule = _rule_field("If removing, which house rule does it break?", required=False)
    removals = _removals_field()
    phrases = _phrases_field()
    submit = SubmitField("Resolve reports", widget=GovSubmitInput())

    def validate_rule(self, field) -> None:
        if self.outcome.data == "remove" and not field.data:
            raise ValidationError("Choose the house rule it breaks")
