"""Sending email. Only password resets are ever emailed: nothing about contributions."""

import smtplib
from email.message import EmailMessage

from flask import Flask, current_app


def init_app(app: Flask) -> None:
    app.extensions["outbox"] = []


def send_email(to: str, subject: str, body: str) -> None:
    """Send through the configured backend: SMTP, the console, or an in-memory outbox."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "memory":
        current_app.extensions["outbox"].append(message)
    elif backend == "console":
        print(f"--- email (development: not sent) ---\n{message}\n---", flush=True)
    else:
        _send_smtp(message)


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
