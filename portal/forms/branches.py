"""Forms for unions, branches, reps and campaigns."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length

from challenges.branches import MESSAGE_MAX, Campaign
from challenges.facts import REGIONS
from portal.forms.choices import challenge_choices


class UnionForm(FlaskForm):
    name = StringField(
        "Union name",
        widget=GovTextInput(),
        # DataRequired for names: they are stored stripped, so spaces would make a blank name.
        validators=[DataRequired(message="Enter the union's name"), Length(max=80)],
    )
    submit = SubmitField("Add union", widget=GovSubmitInput())


class BranchForm(FlaskForm):
    union = SelectField("Union", widget=GovSelect(), validators=[InputRequired()])
    name = StringField(
        "Branch name",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter the branch's name"), Length(max=120)],
    )
    region = SelectField(
        "English region",
        widget=GovSelect(),
        choices=[SelectChoice(value, label) for value, label in REGIONS],
        validators=[InputRequired()],
    )
    submit = SubmitField("Add branch", widget=GovSubmitInput())


class InviteRepForm(FlaskForm):
    branch = SelectField("Branch", widget=GovSelect(), validators=[InputRequired()])
    email = EmailField(
        "Rep's email address",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the rep's email address"),
            Email(
                message="Enter an email address like name@example.com", check_deliverability=False
            ),
        ],
    )
    submit = SubmitField("Invite rep", widget=GovSubmitInput())


class CampaignForm(FlaskForm):
    message = TextAreaField(
        "Your campaign message",
        widget=GovCharacterCount(),
        description="Shown on your campaign page and poster. Say why your members' voices matter.",
        validators=[Length(max=MESSAGE_MAX, message=f"Keep it to {MESSAGE_MAX:,} characters")],
    )
    challenges = SelectMultipleField(
        "Challenges to feature", widget=GovCheckboxesInput(), choices=challenge_choices()
    )
    rounds = SelectMultipleField("Open questions to feature", widget=GovCheckboxesInput())
    submit = SubmitField("Save campaign", widget=GovSubmitInput())

    def to_campaign(self) -> Campaign:
        """The validated form as a domain campaign."""
        return Campaign(
            message=self.message.data or "",
            featured_challenges=tuple(int(n) for n in self.challenges.data or ()),
            featured_round_ids=tuple(int(n) for n in self.rounds.data or ()),
        )
