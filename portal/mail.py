"""Sending email. Only registration and password resets are ever emailed: nothing about
contributions.

Mail is a job (see portal.jobs). With Redis a request only queues it, so it never waits on the mail
server, and asking for a reset takes no longer for an address with an account than for one
without. Views build the whole message first: the job gets nothing but strings.
"""

import smtplib
from email.message import EmailMessage

from flask import Flask, current_app

from portal import jobs

# Reset links last an hour: mail still queued after that would only carry a dead link.
MAIL_JOB_TTL_SECONDS = 3600
MAIL_RETRIES = 3


def init_app(app: Flask) -> None:
    app.extensions["outbox"] = []


def send_email(to: str, subject: str, body: str) -> None:
    """Queue an email (or, without Redis, send it now) through the configured backend."""
    jobs.enqueue(deliver, to, subject, body, retries=MAIL_RETRIES, ttl=MAIL_JOB_TTL_SECONDS)


@jobs.job
def deliver(to: str, subject: str, body: str) -> None:
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
