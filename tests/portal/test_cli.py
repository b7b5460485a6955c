from challenges import branches, rounds
from challenges.lifecycle import utcnow
from challenges.models import Contribution, Kind, Role, Status, User
from config import TestingConfig
from portal import create_app


def test_users_create_reads_the_password_from_stdin(runner, db):
    result = runner.invoke(
        args=["users", "create", "--email", "Mod@Example.org", "--role", "moderator"],
        input="a moderator passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "Recovery code" in result.output
    user = db.query(User).one()
    assert (user.email, user.role) == ("mod@example.org", Role.MODERATOR)


def test_users_create_refuses_a_common_password(runner, db):
    result = runner.invoke(
        args=["users", "create", "--email", "x@example.org"], input="password123\n"
    )
    assert result.exit_code != 0 and "too common" in result.output
    assert db.query(User).count() == 0


def test_demo_data_creates_an_account_per_role_and_realistic_contributions(runner, db):
    result = runner.invoke(args=["demo-data", "--contributions", "520"])
    assert result.exit_code == 0, result.output
    assert {user.role for user in db.query(User)} == set(Role)
    contributions = db.query(Contribution).filter_by(kind=Kind.CONTRIBUTION)
    assert contributions.count() == 520
    assert db.query(Contribution).filter_by(kind=Kind.COMMENT).count() > 20
    assert len(rounds.open_rounds(db, utcnow().date())) == 1
    rep = db.query(User).filter_by(role=Role.BRANCH_REP).one()
    assert branches.branches_of(db, rep)
    assert contributions.filter(Contribution.branch_id.is_not(None)).count() > 50
    published = contributions.filter_by(status=Status.PUBLISHED).count()
    assert published > 300
    assert {c.challenge_number for c in db.query(Contribution)} == {1, 2, 3, 4, 5, 6}
    pending = db.query(Contribution).filter_by(status=Status.PENDING)
    assert pending.filter_by(safeguarding=True).count() >= 1
    assert pending.filter_by(identifying_found=True).count() >= 2
    again = runner.invoke(args=["demo-data", "--if-empty"])
    assert "already has data" in again.output


def test_demo_data_is_refused_under_the_production_config(database_url):
    config = type(
        "Prod", (TestingConfig,), {"DEMO_DATA_ALLOWED": False, "DATABASE_URL": database_url}
    )
    result = create_app(config).test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code != 0 and "refused under the production config" in result.output
