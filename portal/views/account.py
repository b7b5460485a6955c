"""Accounts: register, sign in and out, passwords, and deleting an account.

No page here ever says whether an email address is registered: registration and password
resets both continue by email, and sign-in failures are the same whatever the cause.
"""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from challenges import accounts
from challenges.branches import accept_invites
from challenges.contributions import delete_account
from challenges.errors import EmailTaken
from challenges.models import Role, User
from portal import access, action_limits, tokens
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
from portal.input_guard import local_path
from portal.logs import log_event
from portal.mail import send_email
from portal.session_expiry import carried_from

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
        if wait := action_limits.spend("register", action_limits.caller_key()):
            form.email.errors.append(action_limits.too_often(wait))
            return render_template("account/register.html", form=form), 429
        email = accounts.normalise_email(form.email.data)
        if _may_email(email):
            _send_registration_email(email)
        return render_template("account/check_email.html", email=email)
    return render_template("account/register.html", form=form)


def _send_registration_email(email: str) -> None:
    """A link to finish registering, or, for a registered address, a note saying so."""
    if accounts.find_user(get_db(), email) is None:
        link = url_for(".create_password", token=tokens.registration_token(email), _external=True)
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


def _may_email(email: str) -> bool:
    """Whether we may send another email to this address now.

    Past the limit we say nothing different on the page (that would hint at who is
    registered); the mail simply does not go, so nobody can flood someone's inbox.
    """
    return action_limits.spend("mail", action_limits.email_key(email)) is None


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
    """Sign in with email and password, then carry on where the person left off."""
    form = SignInForm()
    carried = carried_from(request.form)
    next_path = local_path(request.values.get("next"))
    status = 200
    if form.validate_on_submit():
        key = action_limits.email_key(form.email.data)
        if wait := _over_sign_in_limits(key):
            form.email.errors.append(action_limits.too_often(wait))
            status = 429
        elif signed_in := action_limits.guarded_check(
            key,
            form.email,
            lambda: accounts.authenticate(get_db(), form.email.data, form.password.data, _cost()),
            "Enter a correct email address and password",
        ):
            start_session(signed_in)
            log_event("signed_in")
            return _carry_on(carried, next_path)
        else:
            log_event("sign_in_failed")
    page = render_template("account/sign_in.html", form=form, carried=carried, next_path=next_path)
    return page, status


def _over_sign_in_limits(email_key: str) -> int | None:
    """Seconds until this address, and this caller, may try to sign in again (None: now)."""
    return action_limits.spend("sign_in", email_key) or action_limits.spend(
        "sign_in_caller", action_limits.caller_key()
    )


def _carry_on(carried, next_path):
    """Go where the person was going; with a form they were sending, offer to send it now."""
    if carried and next_path:
        return render_template(
            "account/continue.html", form=ConfirmForm(), carried=carried, next_path=next_path
        )
    return redirect(next_path or url_for("public.home"))


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
    if form.validate_on_submit() and action_limits.guarded_check(
        action_limits.email_key(signed_in.user.email),
        form.current_password,
        lambda: accounts.verify_password(signed_in.user, form.current_password.data, _cost()),
        "Your current password is not right",
    ):
        accounts.change_password(signed_in, form.new_password.data, _cost())
        start_session(signed_in)
        flash("Your password has been changed", "success")
        return redirect(url_for(".overview"))
    return render_template("account/change_password.html", form=form)


@bp.route("/forgot-password", methods=["GET", "POST"])
@access.public
def forgot_password():
    """Email a password reset link if the address has an account; say the same either way."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        if wait := action_limits.spend("sign_in_caller", action_limits.caller_key()):
            form.email.errors.append(action_limits.too_often(wait))
            return render_template("account/forgot_password.html", form=form), 429
        user = accounts.find_user(get_db(), form.email.data)
        if user is not None and _may_email(user.email):
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
        return action_limits.guarded_check(
            action_limits.email_key(user.email) + ":recovery-code",
            form.recovery_code,
            lambda: accounts.recover_secret(user, form.recovery_code.data, _cost()),
            "The recovery code is not right",
        )
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
