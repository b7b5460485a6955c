"""A live server in a thread and Debian's Chromium driven by Playwright, with axe-core checks."""

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.fixtures.services import require

CHROMIUM = Path("/usr/bin/chromium")
# Without these, Chromium keeps trying to reach Google's services, which this machine refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def page():
    require(CHROMIUM.exists(), f"Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser.new_page()
        browser.close()


class AccessibilityLog:
    """Runs axe-core on each page visited and keeps every violation found."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self._axe = Axe()
        self.violations: dict[str, list[str]] = {}
        self.pages_checked = 0

    def check(self, page) -> None:
        results = self._axe.run(page)
        self.pages_checked += 1
        found = [v["id"] for v in results.response["violations"]]
        if found:
            self.violations[page.url] = found


@pytest.fixture
def axe():
    return AccessibilityLog()
