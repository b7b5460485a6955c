"""The digest builder's form."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from challenges.digests.publishing import AUDIENCES
from challenges.digests.statistics import DigestSpec, period_for
from challenges.facts import REGIONS, SECTORS, STAFF_GROUPS
from portal.forms.choices import challenge_choices

PERIOD_HINTS = {
    "week": "2026-W44",
    "month": "2026-10",
    "quarter": "2026-Q3",
    "custom": "2026-10-01..2026-10-31",
}


def _fact_filter(label: str, choices) -> SelectField:
    return SelectField(
        label,
        widget=GovSelect(),
        choices=[SelectChoice("", "Any")] + [SelectChoice(v, text) for v, text in choices],
    )


class DigestForm(FlaskForm):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        # The title is kept stripped, so one of only spaces would be blank.
        validators=[DataRequired(message="Enter a title"), Length(max=200)],
    )
    period_kind = RadioField(
        "Period",
        widget=GovRadioInput(),
        choices=[SelectChoice(kind, kind.capitalize()) for kind in PERIOD_HINTS],
        default="month",
        validators=[InputRequired(message="Choose a kind of period")],
    )
    period = StringField(
        "Which period",
        widget=GovTextInput(),
        description="For example " + ", ".join(f"{v} ({k})" for k, v in PERIOD_HINTS.items()),
        validators=[InputRequired(message="Enter the period")],
    )
    challenge = SelectField("Challenge", widget=GovSelect(), choices=challenge_choices("Any"))
    round = SelectField("Themed round", widget=GovSelect())
    sector = _fact_filter("Sector", SECTORS)
    staff_group = _fact_filter("Staff group", STAFF_GROUPS)
    region = _fact_filter("Region", REGIONS)
    union = SelectField("Union", widget=GovSelect())
    audience = RadioField(
        "Audience",
        widget=GovRadioInput(),
        choices=[SelectChoice(k, v) for k, v in AUDIENCES.items()],
        default="ministers",
        validators=[InputRequired(message="Choose the audience")],
    )
    preview = SubmitField("Preview", widget=GovSubmitInput())
    save = SubmitField("Save as a draft", widget=GovSubmitInput())

    def validate_period(self, field) -> None:
        try:
            period_for(self.period_kind.data or "", (field.data or "").strip())
        except ValueError as error:
            raise ValidationError(
                f"Enter the period like {PERIOD_HINTS.get(self.period_kind.data, '2026-10')}"
            ) from error

    def to_spec(self) -> DigestSpec:
        """The validated form as a digest specification."""
        start, end = period_for(self.period_kind.data, self.period.data.strip())
        return DigestSpec(
            start=start,
            end=end,
            title=self.title.data.strip(),
            challenge=int(self.challenge.data) if self.challenge.data else None,
            round_slug=self.round.data or None,
            sector=self.sector.data or None,
            staff_group=self.staff_group.data or None,
            region=self.region.data or None,
            union_slug=self.union.data or None,
        )
