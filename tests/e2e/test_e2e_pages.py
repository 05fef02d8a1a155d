"""Given a signed-in role, when I follow the links of my system's pages in a real browser, then
every page I can reach loads without error and passes axe (WCAG 2.2 AA)."""

import re
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

START = "/systems/vale-downs/"
DOWNLOADS = re.compile(r"\.(xlsx|csv|pdf|ics|atom)$|/(export|download|pdf|xlsx|csv|ical|pack)(/|$)")
PAGES_PER_ROLE = 30


def shape(path: str) -> str:
    """Pages that differ only by an id or a year are the same template: visit one of each."""
    return re.sub(r"/\d[\d-]*(?=/|$)", "/N", re.sub(r"/[A-Z][A-Z0-9]{2,5}(?=/|$)", "/ODS", path))


def crawl(page, who: str, assert_accessible, start: str = START) -> list[str]:
    """Breadth first from ``start``, following links below it, one page per template shape."""
    queue, seen, visited = [start], {shape(start)}, []
    while queue and len(visited) < PAGES_PER_ROLE:
        path = queue.pop(0)
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{who}: {path} gave {response}"
        assert_accessible(page)
        visited.append(path)
        # getAttribute, not .href: an SVG link's href is an object, not a string.
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        for href in hrefs:
            link = urlsplit(urljoin(page.url, href))
            if link.netloc != urlsplit(page.url).netloc or not link.path.startswith(start):
                continue
            if DOWNLOADS.search(link.path) or shape(link.path) in seen:
                continue
            seen.add(shape(link.path))
            queue.append(link.path + (f"?{link.query}" if link.query else ""))
    return visited


@pytest.mark.parametrize("role", ["system_leader", "finance", "data_manager", "clinician"])
def test_every_reachable_page_passes_axe(page, role, assert_accessible, sign_in):
    sign_in(role)
    visited = crawl(page, role, assert_accessible)
    assert len(visited) >= 5, visited


def test_the_public_governance_pages_pass_axe_without_signing_in(page, assert_accessible):
    visited = crawl(page, "anonymous", assert_accessible, start="/public/vale-downs/governance/")
    assert len(visited) >= 3, visited
