"""With a copy of the database and the app's configuration, nothing links a post to its author."""

import pytest
from sqlalchemy import select

from challenges import anonymity
from challenges.anonymity import SealBroken
from challenges.contributions import author_actor
from challenges.lifecycle import change_status
from challenges.models import Base, User
from config import TestingConfig
from tests.fixtures.accounts import create_account, create_contribution

SAME_TEXT = {"challenge_number": 4, "title": "Same words", "body": "Identical body text."}


def _dump(db) -> dict[str, list[dict]]:
    """Every row of every table, as an attacker with a backup would see it."""
    return {
        table.name: [dict(row._mapping) for row in db.execute(select(table))]
        for table in Base.metadata.sorted_tables
    }


def _as_bytes(value) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()


# Only staff act under their own names: in the audit log, as the reps who run a branch, and as
# the analysts who make digests and API tokens.
MAY_NAME_ACCOUNTS = {"users", "audit_events", "branch_reps", "digests", "api_tokens"}


def test_no_table_of_things_people_post_or_do_points_at_accounts():
    for table in Base.metadata.sorted_tables:
        if table.name in MAY_NAME_ACCOUNTS:
            continue
        names = [column.name for column in table.columns]
        assert not [name for name in names if "user" in name or "author" in name], table.name
        assert not [fk for fk in table.foreign_keys if fk.column.table.name == "users"], table.name


def test_a_users_row_contains_no_contribution_id_and_posts_hold_no_user_value(db):
    author = create_account(db)
    published = create_contribution(db, author=author, publish=True)
    create_contribution(db, author=author)
    dump = _dump(db)
    user_row = next(row for row in dump["users"] if row["id"] == author.user.id)
    user_blob = b"".join(_as_bytes(value) for value in user_row.values())
    assert published.public_id.encode() not in user_blob
    # Small integers like the row id coincide by chance; distinctive values must never reappear.
    user_values = {_as_bytes(v) for v in user_row.values() if len(_as_bytes(v)) >= 8}
    for contribution in dump["contributions"]:
        assert not user_values & {_as_bytes(v) for v in contribution.values()}
    for event in dump["audit_events"]:
        assert event["actor_user_id"] != author.user.id


def test_two_posts_by_one_author_share_nothing_that_two_authors_posts_do_not(db):
    alice = create_account(db)
    bob = create_account(db)
    a1 = create_contribution(db, author=alice, **SAME_TEXT)
    a2 = create_contribution(db, author=alice, **SAME_TEXT)
    b1 = create_contribution(db, author=bob, **SAME_TEXT)
    rows = {row["public_id"]: row for row in _dump(db)["contributions"]}
    events = {}
    for event in _dump(db)["audit_events"]:
        events.setdefault(event["target_public_id"], []).append(event)

    def shared(x, y, table):
        return {k for k in table[x] if k not in {"id"} and table[x][k] == table[y][k]}

    assert shared(a1.public_id, a2.public_id, rows) <= shared(a1.public_id, b1.public_id, rows)
    audit_fields = ("actor_user_id", "actor_role", "action", "reason")
    for one, two in ((a1, a2), (a1, b1)):
        pair = [
            [tuple(e[f] for f in audit_fields) for e in events[c.public_id]] for c in (one, two)
        ]
        assert pair[0] == pair[1]


def test_the_vault_does_not_open_with_anything_in_the_configuration(db):
    author = create_account(db)
    create_contribution(db, author=author)
    user = db.get(User, author.user.id)
    config_secret = TestingConfig.SECRET_KEY.encode().ljust(32, b"\0")[:32]
    with pytest.raises(SealBroken):
        anonymity.open_vault(config_secret, user.vault)
    assert anonymity.open_vault(author.author_secret, user.vault)


def test_withdrawal_by_an_author_is_audited_without_their_account(db):
    author = create_account(db)
    contribution = create_contribution(db, author=author)
    change_status(db, contribution, "withdraw", author_actor(author))
    db.commit()
    for event in _dump(db)["audit_events"]:
        assert event["actor_user_id"] is None and event["actor_role"] == "author"
        assert event["occurred_at"].time().isoformat() == "00:00:00"
