"""Forms for accounts: register, sign in, passwords, deletion."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length

from portal.forms.validators import acceptable_new_password

_EMAIL_REQUIRED = InputRequired(message="Enter your email address")
_EMAIL_FORMAT = Email(
    message="Enter an email address in the correct format, like name@example.com",
    check_deliverability=False,
)


def _email_field() -> EmailField:
    return EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[_EMAIL_REQUIRED, _EMAIL_FORMAT, Length(max=254)],
    )


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        widget=GovPasswordInput(),
        description="Use 10 characters or more. A few unrelated words together works well.",
        validators=[InputRequired(message="Enter a password"), acceptable_new_password],
    )


class EmailForm(FlaskForm):
    email = _email_field()


class RegisterEmailForm(EmailForm):
    submit = SubmitField("Continue", widget=GovSubmitInput())


class CreatePasswordForm(FlaskForm):
    password = _new_password_field("Create a password")
    submit = SubmitField("Create account", widget=GovSubmitInput())


class SignInForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your password")],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your current password")],
    )
    new_password = _new_password_field("New password")
    submit = SubmitField("Change password", widget=GovSubmitInput())


class ForgotPasswordForm(EmailForm):
    submit = SubmitField("Send reset link", widget=GovSubmitInput())


class ResetPasswordForm(FlaskForm):
    new_password = _new_password_field("New password")
    recovery_code = StringField(
        "Recovery code (optional)",
        widget=GovTextInput(),
        description="The code we showed you when you created your account, like ABCDE-FGHJK-...",
        validators=[Length(max=60)],
    )
    accept_losing_posts = BooleanField(
        "I understand that without my recovery code I will no longer be able to see, edit or "
        "withdraw the contributions I have already made",
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Set new password", widget=GovSubmitInput())


class DeleteAccountForm(FlaskForm):
    withdraw_posts = RadioField(
        "What should happen to your contributions?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice(
                "withdraw", "Withdraw them all: delete their text and take them off the site"
            ),
            SelectChoice("keep", "Keep them on the site, anonymously"),
        ],
        validators=[InputRequired(message="Choose what should happen to your contributions")],
    )
    password = PasswordField(
        "Your password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your password")],
    )
    submit = SubmitField("Delete my account", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A form with only a button, so every state change carries a CSRF token."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())
