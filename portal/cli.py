"""Command-line tasks: ``flask --app portal db upgrade``, ``users create``, ``demo-data``."""

import random
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from challenges import accounts
from challenges.errors import EmailTaken
from challenges.models import Role
from challenges.passwords import password_problem
from challenges.seeding import database_is_empty, seed_demo
from portal.db import upgrade_database


def init_app(app: Flask) -> None:
    app.cli.add_command(db_group)
    app.cli.add_command(users_group)
    app.cli.add_command(demo_data)


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
