"""An analyst builds, previews and publishes a digest and downloads every format; a branch rep
reads a unions digest but not a ministers one; the PDF renders to an image: in Chromium."""

import shutil
import subprocess

from challenges import branches
from challenges.lifecycle import utcnow
from challenges.models import Role
from tests.e2e.steps import sign_in, sign_out
from tests.fixtures.accounts import create_account, create_contribution
from tests.fixtures.branches import ADMIN, make_branch
from tests.fixtures.services import require

MONTH = utcnow().strftime("%Y-%m")


def _build_and_publish(page, axe, base, title, audience) -> str:
    page.goto(base + "/digests/new")
    axe.check(page)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Month", exact=True).check()
    page.get_by_label("Which period").fill(MONTH)
    page.locator(f"input[name=audience][value={audience}]").check()
    page.get_by_role("button", name="Preview").click()
    assert "Headline" in page.locator("main").inner_text()
    axe.check(page)
    page.get_by_role("button", name="Save as a draft").click()
    page.get_by_role("button", name="Publish this digest").click()
    assert "Published as version 1" in page.locator("main").inner_text()
    axe.check(page)
    return page.url


def _download_every_format(page, tmp_path) -> None:
    for label in ("Briefing (PDF, A4)", "Spreadsheet (XLSX)", "Figures (CSV", "Data (JSON)"):
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        target = tmp_path / download.value.suggested_filename
        download.value.save_as(target)
        assert target.stat().st_size > 0


def _pdf_renders(tmp_path) -> None:
    require(shutil.which("pdftoppm") is not None, "pdftoppm (apt-get install poppler-utils)")
    pdf = next(tmp_path.glob("*.pdf"))
    subprocess.run(
        ["pdftoppm", "-png", "-f", "1", "-l", "1", "-r", "50", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 2000


def test_build_publish_download_and_audiences(db, live_server, page, axe, tmp_path):
    for number in (1, 5, 5, 3):
        create_contribution(db, publish=True, challenge_number=number)
    analyst, rep = create_account(db, Role.ANALYST), create_account(db)
    branches.invite_rep(db, ADMIN, make_branch(db), rep.user.email)
    db.commit()
    sign_in(page, live_server, analyst.user.email)
    ministers_url = _build_and_publish(page, axe, live_server, "For ministers", "ministers")
    _download_every_format(page, tmp_path)
    unions_url = _build_and_publish(page, axe, live_server, "For unions", "unions")
    sign_out(page, live_server)
    _pdf_renders(tmp_path)
    sign_in(page, live_server, rep.user.email)
    page.goto(unions_url)
    assert page.get_by_role("heading", name="For unions").is_visible()
    axe.check(page)
    assert page.goto(ministers_url).status == 404
    assert axe.pages_checked == 7
    assert axe.violations == {}
