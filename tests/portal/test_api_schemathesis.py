"""The API checked against its own OpenAPI document by Schemathesis, in process over WSGI.

Every operation in the document gets generated requests, valid and invalid, and every response
must be no server error, have a status, content type, headers and body the document allows, and
refuse what the document says it should (bad parameters, no token). A published digest exists,
and a drawn share of requests name it, so successful responses are checked against the schema
too, not only the 404s that random ids get.
"""

import pytest
import schemathesis
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from challenges.digests.publishing import publish, save_draft
from challenges.digests.statistics import DigestSpec, build_digest
from challenges.lifecycle import Actor, utcnow
from challenges.models import Role
from config import TestingConfig
from portal import create_app
from portal.rate_limits import limiter
from tests.fixtures.accounts import create_contribution
from tests.fixtures.hostile import fuzz_settings

OPENAPI_PATH = "/api/v1/openapi.json"


def _load_schema():
    # Read at import, so each operation is a test of its own; requests then go to the test's app.
    # (Schemathesis's from_fixture loader cannot run under pytest 9, which renamed what it uses.)
    app = create_app(TestingConfig)
    try:
        return schemathesis.openapi.from_wsgi(OPENAPI_PATH, app)
    finally:
        app.extensions["db_engine"].dispose()


schema = _load_schema()


@pytest.fixture
def digest_id(app, db) -> str:
    """A published digest with real content, so the Digest schema meets real output."""
    for number in range(1, 4):
        create_contribution(db, publish=True, challenge_number=number)
    today = utcnow().date()
    spec = DigestSpec(start=today.replace(day=1), end=today, title="This month")
    config = app.config
    content = build_digest(
        db, spec, config["SUPPRESSION_THRESHOLD"], config["SUPPRESSION_ROUNDING"]
    )
    analyst = Actor(role=Role.ANALYST, user_id=None)
    digest = publish(db, analyst, save_draft(db, analyst, spec, "public", content))
    db.commit()
    return digest.public_id


# Every check but one: the statistics call takes only whole calendar months, no longer than a
# limit, and a page cursor must name a digest. JSON Schema cannot state rules across parameters or
# about stored data, so a request the document allows can still rightly get a 400.
@schema.given(real_id=st.booleans())
@schema.parametrize()
@fuzz_settings(max_examples=100)
def test_the_api_keeps_to_its_openapi_document(case, real_id, app, api_token, digest_id):
    limiter.reset()
    if real_id and case.path_parameters and "public_id" in case.path_parameters:
        case.path_parameters["public_id"] = digest_id
    case.call_and_validate(
        app=app,
        headers={"Authorization": f"Bearer {api_token}"},
        excluded_checks=[positive_data_acceptance],
    )
