"""Admins' forms: the audit log filter and themed rounds."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from challenges.audit_log import ACTOR_ROLES, AuditFilter
from challenges.rounds import RoundDraft
from portal.forms.choices import challenge_choices

DATE_HINT = "For example, 2025-03-31"


def _date_field(label: str, which: str, required: bool = False) -> DateField:
    presence = InputRequired(message=f"Enter the {which} date") if required else Optional()
    return DateField(
        label,
        widget=GovTextInput(),
        description=DATE_HINT,
        invalid_value_message=f"Enter the {which} date as year-month-day, like 2025-03-31",
        validators=[presence],
    )


def _choices(blank: str, values) -> list[SelectChoice]:
    # Options show the stored codes, so they match the table and the CSV download exactly.
    return [SelectChoice("", blank)] + [SelectChoice(value) for value in values]


class AuditFilterForm(FlaskForm):
    # A GET filter changes nothing and its links must be shareable, so it carries no CSRF token.
    class Meta:
        csrf = False

    action = SelectField(
        "Action",
        widget=GovSelect(),
        default="",
        invalid_choice_message="Choose an action from the list",
    )
    actor_role = SelectField(
        "Actor role",
        widget=GovSelect(),
        default="",
        choices=_choices("Any role", ACTOR_ROLES),
        description="Authors and members are never identified; staff show as an account number.",
        invalid_choice_message="Choose an actor role from the list",
    )
    target_public_id = StringField(
        "Public id of the item",
        widget=GovTextInput(),
        validators=[Length(max=80, message="A public id is 80 characters or fewer")],
        filters=[lambda value: value.strip() if value else value],
    )
    date_from = _date_field("From date", "from")
    date_to = _date_field("To date (inclusive)", "to")
    submit = SubmitField("Filter", widget=GovSubmitInput())

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = _choices("Any action", actions)

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The to date must be the same as or after the from date")

    def audit_filter(self) -> AuditFilter:
        """The filter the admin chose; call only after the form validates."""
        return AuditFilter(
            action=self.action.data or None,
            actor_role=self.actor_role.data or None,
            target_public_id=self.target_public_id.data or None,
            date_from=self.date_from.data,
            date_to=self.date_to.data,
        )


class RoundForm(FlaskForm):
    challenge = SelectField(
        "Challenge",
        widget=GovSelect(),
        choices=challenge_choices(),
        validators=[InputRequired(message="Choose the challenge")],
    )
    title = StringField(
        "Title",
        widget=GovTextInput(),
        # DataRequired here and below: the round keeps the text stripped, so spaces would be blank.
        validators=[DataRequired(message="Enter a title"), Length(max=120)],
    )
    question = TextAreaField(
        "Question, in plain English",
        widget=GovCharacterCount(),
        validators=[
            DataRequired(message="Enter the question"),
            Length(max=300, message="The question must be 300 characters or fewer"),
        ],
    )
    background = TextAreaField(
        "Background (optional)", widget=GovTextArea(), validators=[Length(max=5000)]
    )
    opens_on = _date_field("Opens on", "opening", required=True)
    closes_on = _date_field("Closes on (inclusive)", "closing", required=True)
    submit = SubmitField("Create round", widget=GovSubmitInput())

    def validate_closes_on(self, field) -> None:
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError("The closing date must be the same as or after the opening date")

    def to_draft(self) -> RoundDraft:
        """The validated form as a domain draft."""
        return RoundDraft(
            challenge_number=int(self.challenge.data),
            title=self.title.data.strip(),
            question=self.question.data.strip(),
            background=(self.background.data or "").strip() or None,
            opens_on=self.opens_on.data,
            closes_on=self.closes_on.data,
        )
