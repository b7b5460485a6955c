"""Command-line tasks: ``flask --app portal db upgrade``, ``users create``, ``demo-data``, and the
scheduled ones (``digest build``, ``rounds open-due``, ``retention purge``) for cron."""

import json
import random
import re
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from challenges import accounts
from challenges.digests.exports import write_exports
from challenges.digests.publishing import AUDIENCES, publish, save_draft
from challenges.digests.statistics import DigestSpec, build_digest, period_for
from challenges.errors import EmailTaken
from challenges.lifecycle import Actor
from challenges.models import Role
from challenges.passwords import password_problem
from challenges.seeding import database_is_empty, seed_demo
from portal import jobs
from portal.db import upgrade_database


def init_app(app: Flask) -> None:
    app.cli.add_command(db_group)
    app.cli.add_command(users_group)
    app.cli.add_command(demo_data)
    app.cli.add_command(digest_group)
    app.cli.add_command(rounds_group)
    app.cli.add_command(retention_group)


def _session():
    return current_app.extensions["db_sessionmaker"]()


@click.group("db", cls=AppGroup)
def db_group():
    """Manage the database schema."""


@db_group.command("upgrade")
def db_upgrade():
    """Run every migration not yet applied."""
    upgrade_database(current_app.extensions["db_engine"])
    click.echo("Database is up to date.")


@click.group("users", cls=AppGroup)
def users_group():
    """Manage accounts."""


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice([role.value for role in Role]), default="worker")
def users_create(email: str, role: str):
    """Create an account; the password comes from a prompt, or from stdin when piped."""
    password = _read_password()
    if problem := password_problem(password):
        raise click.ClickException(problem)
    with _session() as db:
        try:
            _, code = accounts.create_account(
                db, email, password, Role(role), current_app.config["KDF_COST"]
            )
        except EmailTaken as error:
            raise click.ClickException("An account with that email already exists") from error
        db.commit()
    click.echo(f"Created {role} account {email}. Recovery code (shown once): {code}")


@click.command("demo-data")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing if there are already accounts.")
@click.option("--contributions", default=600, show_default=True)
@click.option("--seed", default=2026, show_default=True)
def demo_data(if_empty: bool, contributions: int, seed: int):
    """Create one demo account per role and a body of realistic contributions."""
    if not current_app.config["DEMO_DATA_ALLOWED"]:
        raise click.ClickException("Demo data is refused under the production config.")
    with _session() as db:
        if if_empty and not database_is_empty(db):
            click.echo("The database already has data; no demo data added.")
            return
        credentials = seed_demo(
            db, random.Random(seed), contributions, current_app.config["KDF_COST"]
        )
        db.commit()
    click.echo(f"Created {contributions} demo contributions and these accounts:")
    for email, password, role in credentials:
        click.echo(f"  {role:<11} {email:<32} password: {password}")


PERIOD_KINDS = (
    (re.compile(r"^\d{4}-\d{2}$"), "month"),
    (re.compile(r"^\d{4}-Q[1-4]$"), "quarter"),
    (re.compile(r"^\d{4}-W\d{2}$"), "week"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$"), "custom"),
)


def _period(text: str):
    kind = next((kind for pattern, kind in PERIOD_KINDS if pattern.match(text)), None)
    if kind is None:
        raise click.BadParameter("use 2026-10, 2026-Q3, 2026-W44 or 2026-10-01..2026-10-31")
    return period_for(kind, text)


@click.group("digest", cls=AppGroup)
def digest_group():
    """Build and publish digests."""


@digest_group.command("build")
@click.option("--period", required=True, help="2026-10, 2026-Q3, 2026-W44 or FROM..TO dates")
@click.option("--audience", type=click.Choice(list(AUDIENCES)), default="ministers")
@click.option("--publish", "publish_it", is_flag=True, help="Publish as the next version.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Write every export.")
def digest_build(period: str, audience: str, publish_it: bool, out: Path | None):
    """Build a digest for a period, for cron: optionally publish it and write its exports."""
    start, end = _period(period)
    config = current_app.config
    with _session() as db:
        spec = DigestSpec(start=start, end=end, title=f"Digest for {period}")
        content = build_digest(
            db, spec, config["SUPPRESSION_THRESHOLD"], config["SUPPRESSION_ROUNDING"]
        )
        digest = save_draft(db, Actor.system(), spec, audience, content)
        if publish_it:
            publish(db, Actor.system(), digest)
        db.commit()
        if out:
            written = write_exports(json.loads(digest.content), out, f"digest-{period}")
            click.echo("Wrote " + ", ".join(str(path) for path in written))
    state = f"published as version {digest.version}" if publish_it else "saved as a draft"
    click.echo(f"Digest {digest.public_id} {state}.")


@click.group("rounds", cls=AppGroup)
def rounds_group():
    """Themed rounds."""


@rounds_group.command("open-due")
def rounds_open_due():
    """Record the opening of every round whose opening day has come (safe to run often)."""
    opened = jobs.open_due_rounds()
    click.echo(f"Opened {len(opened)} round(s)" + (": " + ", ".join(opened) if opened else "."))


@click.group("retention", cls=AppGroup)
def retention_group():
    """Data retention."""


@retention_group.command("purge")
def retention_purge():
    """Delete what has been kept its full retention period (see RETAIN_* settings)."""
    counts = jobs.purge_expired()
    labels = {
        "rejected": "rejected items deleted",
        "withdrawn": "withdrawn items deleted",
        "removed": "removed items deleted",
        "kept_for_comments": "items kept for comments not yet due",
        "api_tokens": "expired or revoked API tokens deleted",
        "digest_previews": "unsaved digest previews deleted",
    }
    for name, label in labels.items():
        click.echo(f"{counts[name]:>6}  {label}")
