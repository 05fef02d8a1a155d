"""Real headless Chromium (Debian's package) driven by Playwright, with axe-core for WCAG checks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the live server's ORM work is in
# another thread, but Django's guard cannot tell, so allow it for browser tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("ENGINEROOM_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_site(live_server, tmp_path, settings):
    """The live server with the demo region (browser tests use a flushed transactional DB; the
    region is rebuilt for each, so its consultation is a small one)."""
    from engineroom.demo import build as demo

    settings.DEMO_CONSULTATION_RESPONSES = 1_200
    demo.build(tmp_path / "structure")
    return live_server


@pytest.fixture
def page(browser, demo_site):
    # axe is injected as an inline script, which the site's CSP rightly forbids: bypass it here.
    context = browser.new_context(base_url=demo_site.url, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sign_in(page):
    """Sign ``page`` in as a demo account through the form, as a person would."""
    from engineroom.demo.build import DEMO_PASSWORD

    def sign_in_as(username: str) -> None:
        page.goto("/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    return sign_in_as


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def _assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, indent=1)


@pytest.fixture
def assert_accessible():
    """Fail the test with axe's findings if the page breaks WCAG 2.2 AA."""
    return _assert_accessible
