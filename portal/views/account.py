"""Accounts: register, sign in and out, passwords, and deleting an account.

No page here ever says whether an email address is registered: registration and password
resets both continue by email, and sign-in failures are the same whatever the cause.
"""

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user

from challenges import accounts
from challenges.branches import accept_invites
from challenges.contributions import delete_account
from challenges.errors import EmailTaken
from challenges.models import Role, User
from portal import access, tokens
from portal.auth import current_signed_in, end_session, forget_session, start_session
from portal.db import get_db
from portal.forms.account import (
    ChangePasswordForm,
    ConfirmForm,
    CreatePasswordForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    RegisterEmailForm,
    ResetPasswordForm,
    SignInForm,
)
from portal.mail import send_email

bp = Blueprint("account", __name__, url_prefix="/account")
_NEW_RECOVERY_CODE = "new_recovery_code"


def _cost():
    return current_app.config["KDF_COST"]


@bp.route("/register", methods=["GET", "POST"])
@access.public
def register():
    """Ask for an email address and send a link to finish creating the account."""
    form = RegisterEmailForm()
    if form.validate_on_submit():
        email = accounts.normalise_email(form.email.data)
        if accounts.find_user(get_db(), email) is None:
            link = url_for(
                ".create_password", token=tokens.registration_token(email), _external=True
            )
            send_email(
                email,
                "Finish creating your account",
                render_template("account/email/register.txt", link=link),
            )
        else:
            send_email(
                email,
                "You already have an account",
                render_template(
                    "account/email/already_registered.txt",
                    link=url_for(".forgot_password", _external=True),
                ),
            )
        return render_template("account/check_email.html", email=email)
    return render_template("account/register.html", form=form)


@bp.route("/register/<token>", methods=["GET", "POST"])
@access.public
def create_password(token: str):
    """Create the account once the emailed link proves the address."""
    email = tokens.email_from_registration_token(token)
    if email is None:
        return render_template("account/link_expired.html"), 410
    form = CreatePasswordForm()
    if form.validate_on_submit():
        try:
            signed_in, code = accounts.create_account(
                get_db(), email, form.password.data, Role.WORKER, _cost()
            )
        except EmailTaken:
            flash("That link has already been used. Sign in instead.", "info")
            return redirect(url_for(".sign_in"))
        accept_invites(get_db(), signed_in.user)
        start_session(signed_in)
        session[_NEW_RECOVERY_CODE] = code
        return redirect(url_for(".recovery_code"))
    return render_template("account/create_password.html", form=form)


@bp.get("/recovery-code")
@access.signed_in
def recovery_code():
    """Show a new recovery code, once."""
    code = session.pop(_NEW_RECOVERY_CODE, None)
    if code is None:
        return redirect(url_for(".overview"))
    return render_template("account/recovery_code.html", code=code)


@bp.route("/sign-in", methods=["GET", "POST"])
@access.public
def sign_in():
    """Sign in with email and password."""
    form = SignInForm()
    if form.validate_on_submit():
        signed_in = accounts.authenticate(get_db(), form.email.data, form.password.data, _cost())
        if signed_in is not None:
            start_session(signed_in)
            return redirect(url_for("public.home"))
        form.email.errors.append("Enter a correct email address and password")
    return render_template("account/sign_in.html", form=form)


@bp.post("/sign-out")
@access.signed_in
def sign_out():
    """Sign out, ending this session on the server too."""
    if ConfirmForm().validate_on_submit():
        end_session()
        flash("You have signed out", "success")
    return redirect(url_for("public.home"))


@bp.get("/")
@access.signed_in
def overview():
    """Show the account page."""
    return render_template("account/overview.html", sign_out_form=ConfirmForm())


@bp.route("/password", methods=["GET", "POST"])
@access.signed_in
def change_password():
    """Change password, keeping the author secret and so the user's contributions."""
    form = ChangePasswordForm()
    signed_in = current_signed_in()
    if form.validate_on_submit():
        if accounts.verify_password(signed_in.user, form.current_password.data, _cost()):
            accounts.change_password(signed_in, form.new_password.data, _cost())
            start_session(signed_in)
            flash("Your password has been changed", "success")
            return redirect(url_for(".overview"))
        form.current_password.errors.append("Your current password is not right")
    return render_template("account/change_password.html", form=form)


@bp.route("/forgot-password", methods=["GET", "POST"])
@access.public
def forgot_password():
    """Email a password reset link if the address has an account; say the same either way."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = accounts.find_user(get_db(), form.email.data)
        if user is not None:
            link = url_for(
                ".reset_password", token=tokens.password_reset_token(user), _external=True
            )
            send_email(
                user.email,
                "Reset your password",
                render_template("account/email/reset.txt", link=link),
            )
        return render_template("account/check_email.html", email=form.email.data)
    return render_template("account/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@access.public
def reset_password(token: str):
    """Set a new password from an emailed link, keeping posts only with the recovery code."""
    user = tokens.user_from_reset_token(token, lambda user_id: get_db().get(User, user_id))
    if user is None:
        return render_template("account/link_expired.html"), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        recovered = _recovered_secret(form, user)
        if not form.errors:
            signed_in, code = accounts.reset_password(
                user, form.new_password.data, _cost(), recovered
            )
            start_session(signed_in)
            if code:
                session[_NEW_RECOVERY_CODE] = code
                return redirect(url_for(".recovery_code"))
            flash("Your password has been reset", "success")
            return redirect(url_for(".overview"))
    return render_template("account/reset_password.html", form=form)


def _recovered_secret(form: ResetPasswordForm, user: User) -> bytes | None:
    """Check the recovery-code part of the reset form, adding errors to it."""
    if (form.recovery_code.data or "").strip():
        secret = accounts.recover_secret(user, form.recovery_code.data, _cost())
        if secret is None:
            form.recovery_code.errors.append("The recovery code is not right")
        return secret
    if not form.accept_losing_posts.data:
        form.accept_losing_posts.errors.append(
            "Enter your recovery code, or confirm that you understand you will lose access to "
            "your contributions"
        )
    return None


@bp.route("/delete", methods=["GET", "POST"])
@access.signed_in
def delete():
    """Delete the account, first choosing whether to withdraw all contributions."""
    form = DeleteAccountForm()
    signed_in = current_signed_in()
    if form.validate_on_submit():
        if accounts.verify_password(signed_in.user, form.password.data, _cost()):
            delete_account(get_db(), signed_in, form.withdraw_posts.data == "withdraw")
            forget_session()
            return render_template("account/deleted.html")
        form.password.errors.append("Your password is not right")
    return render_template("account/delete.html", form=form, role=current_user.role)
