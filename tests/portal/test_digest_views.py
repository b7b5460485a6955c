import hashlib
import json
from datetime import date

from challenges import branches
from challenges.digests import publishing
from challenges.digests.statistics import DigestSpec
from challenges.lifecycle import Actor, utcnow
from challenges.models import Digest, Role
from tests.fixtures.accounts import create_contribution
from tests.fixtures.branches import ADMIN, make_branch
from tests.fixtures.pages import error_summary, parse, submit_form, text_of

MONTH = utcnow().strftime("%Y-%m")


def _form(audience="ministers", **extra):
    # A browser sends every select, chosen or not.
    selects = dict.fromkeys(("challenge", "round", "sector", "staff_group", "region", "union"), "")
    return {
        "title": "Monthly digest",
        "period_kind": "month",
        "period": MONTH,
        "audience": audience,
        **selects,
        **extra,
    }


def _publish_digest(db, analyst, audience="ministers"):
    response = submit_form(analyst, "/digests/new", {**_form(audience), "save": "y"})
    public_id = response.location.rsplit("/", 1)[1]
    submit_form(analyst, f"/digests/{public_id}/publish", {}, form_url=f"/digests/{public_id}")
    return db.query(Digest).filter_by(public_id=public_id).one()


def test_an_analyst_previews_saves_and_publishes_versions(db, signed_in_as):
    for _ in range(12):
        create_contribution(db, publish=True, challenge_number=5)
    analyst = signed_in_as(Role.ANALYST)
    # Without Redis the build job runs inline, so the preview is ready at the page it leads to.
    preview_url = submit_form(analyst, "/digests/new", {**_form(), "preview": "y"}).location
    preview = parse(analyst.get(preview_url))
    assert "Contributions: 12" in text_of(preview.select_one("#headline"))
    assert "Preview, not saved" in text_of(preview)
    assert db.query(Digest).filter_by(status="draft").count() == 0
    assert "Monthly digest" not in text_of(parse(analyst.get("/digests/")))
    saved = submit_form(analyst, f"{preview_url}/save", {}, form_url=preview_url)
    assert saved.location == preview_url
    assert "Draft digest" in text_of(parse(analyst.get(preview_url)))
    assert db.query(Digest).one().status == "draft"
    first = _publish_digest(db, analyst)
    second = _publish_digest(db, analyst)
    assert (first.version, second.version) == (1, 2)
    page = text_of(parse(analyst.get(f"/digests/{second.public_id}")))
    assert second.sha256 in page and "Version 1" in page


def test_a_digest_being_built_says_so_and_offers_no_downloads(db, signed_in_as):
    analyst = signed_in_as(Role.ANALYST)
    spec = DigestSpec(start=date(2026, 10, 1), end=date(2026, 10, 31), title="Slow one")
    digest = publishing.start_build(db, Actor(role=Role.ANALYST), spec, "ministers")
    db.commit()
    page = text_of(parse(analyst.get(f"/digests/{digest.public_id}")))
    assert "We are building your digest" in page and "Check if it is ready" in page
    assert analyst.get(f"/digests/{digest.public_id}/digest.json").status_code == 404
    publishing.mark_build_failed(db, digest.id)
    db.commit()
    assert "could not be built" in text_of(parse(analyst.get(f"/digests/{digest.public_id}")))


def test_a_preview_is_only_for_digest_makers_and_cannot_be_published_or_downloaded(
    db, signed_in_as
):
    analyst = signed_in_as(Role.ANALYST)
    url = submit_form(analyst, "/digests/new", {**_form("public"), "preview": "y"}).location
    assert signed_in_as(Role.WORKER).get(url).status_code == 404
    assert analyst.get(f"{url}/digest.csv").status_code == 404
    assert analyst.get(f"{url}/print").status_code == 404
    submit_form(analyst, f"{url}/publish", {}, form_url=url)
    assert db.query(Digest).one().status == "preview"


def test_bad_periods_are_explained(signed_in_as):
    soup = parse(
        submit_form(
            signed_in_as(Role.ANALYST),
            "/digests/new",
            {**_form(), "period": "October", "preview": "y"},
        )
    )
    assert error_summary(soup) == ["Enter the period like 2026-10"]


def test_every_format_downloads_and_the_json_matches_its_sha256(db, signed_in_as):
    create_contribution(db, publish=True)
    analyst = signed_in_as(Role.ANALYST)
    digest = _publish_digest(db, analyst)
    base = f"/digests/{digest.public_id}"
    expected = {
        "csv": "text/csv",
        "json": "application/json",
        "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    for fmt, mimetype in expected.items():
        response = analyst.get(f"{base}/digest.{fmt}")
        assert (response.status_code, response.mimetype) == (200, mimetype), fmt
    raw = analyst.get(f"{base}/digest.json").data
    assert hashlib.sha256(raw).hexdigest() == digest.sha256
    assert json.loads(raw)["version"] == 1
    assert "<svg" in analyst.get(f"{base}/print").get_data(as_text=True)


def test_audiences_decide_who_reads_a_digest(db, signed_in_as, client):
    analyst = signed_in_as(Role.ANALYST)
    ministers = _publish_digest(db, analyst, "ministers")
    unions = _publish_digest(db, analyst, "unions")
    public = _publish_digest(db, analyst, "public")
    rep = signed_in_as(Role.WORKER)
    branches.invite_rep(db, ADMIN, make_branch(db), rep.account.user.email)
    db.commit()
    assert rep.get(f"/digests/{unions.public_id}").status_code == 200
    assert rep.get(f"/digests/{ministers.public_id}").status_code == 404
    assert client.get(f"/digests/{unions.public_id}").status_code == 404
    assert client.get(f"/digests/{public.public_id}").status_code == 200
    listed = text_of(parse(client.get("/digests/")))
    assert listed.count("Monthly digest") == 1


def test_the_scheduled_build_publishes_and_writes_every_export(db, runner, tmp_path):
    create_contribution(db, publish=True)
    result = runner.invoke(
        args=[
            "digest",
            "build",
            "--period",
            MONTH,
            "--audience",
            "unions",
            "--publish",
            "--out",
            str(tmp_path),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "published as version 1" in result.output
    names = {path.name for path in tmp_path.iterdir()}
    exports = {f"digest-{MONTH}.{ext}" for ext in ("csv", "json", "xlsx", "pdf", "html")}
    assert names == exports | {f"digest-{MONTH}-data-dictionary.csv"}
    assert db.query(Digest).one().audience == "unions"
