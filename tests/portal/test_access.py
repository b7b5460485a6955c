"""Every route declares an access rule, and every role gets exactly what that rule says."""

import pytest

from challenges import branches
from challenges.models import Role, Union
from tests.fixtures.accounts import create_contribution
from tests.fixtures.branches import ADMIN, make_branch

ROLES = [None, *Role]
FLASK_BUILT_IN = {"static"}
SAMPLE_ARGS = {
    "slug": "basics-right",
    "token": "not-a-real-token",
    "filename": "images/favicon.ico",
}


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in FLASK_BUILT_IN:
            yield rule, app.view_functions[rule.endpoint]


def test_every_route_has_an_explicit_access_rule(app):
    missing = [rule.rule for rule, view in _routes(app) if not hasattr(view, "access_rule")]
    assert missing == []


def _expected(rule, role) -> str:
    """'open' if the role passes the route's access rule, else 'sign-in', 'forbidden' or 'token'."""
    if rule == "public":
        return "open"
    if rule == "api-token":
        # Sessions never open the API, whoever is signed in: only a bearer token does.
        return "token"
    if role is None:
        return "sign-in"
    if rule == "signed-in" or role in rule:
        return "open"
    return "forbidden"


def _outcome(response) -> str:
    if response.status_code == 401 and response.headers.get("WWW-Authenticate") == "Bearer":
        return "token"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 302 and "/account/sign-in" in response.location:
        return "sign-in"
    if response.status_code == 401 and b'action="/account/sign-in"' in response.data:
        # A form sent while signed out: the sign-in page keeps what was being sent.
        return "sign-in"
    return "open"


def _url(rule, public_id):
    args = {name: SAMPLE_ARGS.get(name, public_id) for name in rule.arguments}
    path = rule.rule
    for name, value in args.items():
        path = path.replace(f"<{name}>", value).replace(f"<path:{name}>", value)
    return path


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.value if role else "signed-out")
def test_route_by_role_matrix(app, db, signed_in_as, role):
    client = signed_in_as(role) if role else app.test_client()
    public_id = create_contribution(db, publish=True).public_id
    failures = []
    for rule, view in _routes(app):
        method = "GET" if "GET" in rule.methods else "POST"
        with client.open(_url(rule, public_id), method=method) as response:
            expected, got = _expected(view.access_rule, role), _outcome(response)
        if expected != got or response.status_code >= 500:
            failures.append(
                f"{method} {rule.rule}: expected {expected}, got {response.status_code}"
            )
        if role and got == "sign-in":
            client = signed_in_as(role)
    assert failures == []


@pytest.mark.parametrize("action", ["edit", "withdraw"])
def test_a_worker_cannot_touch_another_workers_contribution(app, db, signed_in_as, action):
    others = create_contribution(db)
    client = signed_in_as(Role.WORKER)
    url = f"/my-contributions/{others.public_id}/{action}"
    assert client.get(url).status_code == 404
    assert client.post(url, data={"title": "hijacked"}).status_code == 404


def _rules_with(app, prefix: str, argument: str):
    rules = [rule for rule, _ in _routes(app) if rule.rule.startswith(prefix)]
    return [rule for rule in rules if argument in rule.arguments]


def _statuses(client, rules, **values):
    """Each rule's path with ``values`` filled in, every method it takes, and the status."""
    for rule in rules:
        path = rule.rule
        for name, value in values.items():
            path = path.replace(f"<{name}>", value)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield f"{method} {path}", client.open(path, method=method).status_code


def test_a_rep_reaches_no_page_of_a_branch_or_union_they_do_not_run(app, db, signed_in_as):
    mine = make_branch(db, "Mine", union_name="UNISON")
    other = make_branch(db, "Other", union_name="GMB")
    rep = signed_in_as(Role.BRANCH_REP)
    branches.invite_rep(db, ADMIN, mine, rep.account.user.email)
    db.commit()
    branch_rules = _rules_with(app, "/branch/", "slug")
    union_rules = _rules_with(app, "/branch/", "union_slug")
    assert branch_rules and union_rules
    own = dict(_statuses(rep, branch_rules, slug=mine.slug))
    assert own[f"GET /branch/{mine.slug}/dashboard"] == 200, "the rep's own branch opens"
    others = [
        *_statuses(rep, branch_rules, slug=other.slug),
        *_statuses(rep, union_rules, union_slug=db.get(Union, other.union_id).slug),
    ]
    assert [f"{call}: {status}" for call, status in others if status != 404] == []


def test_a_worker_reaches_none_of_another_workers_own_pages(app, db, signed_in_as):
    others = create_contribution(db)
    client = signed_in_as(Role.WORKER)
    rules = _rules_with(app, "/my-contributions/", "public_id")
    assert rules
    found = list(_statuses(client, rules, public_id=others.public_id))
    assert [f"{call}: {status}" for call, status in found if status != 404] == []
