"""The query page and concept pages in a real headless Chromium.

Debian's /usr/bin/chromium driven by Playwright (never ``playwright install``: no
browser download). Every request that leaves 127.0.0.1 is blocked and recorded, so
the page is shown to work offline. In CI (``CI`` set) a missing browser or YASGUI
bundle fails the test; locally it is skipped with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from orthokg.server.state import WEB_DIR, YASGUI_BUILD
from tests.server.chromium import ARTIFACTS, offline_chromium, require
from tests.server.live import LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def context() -> Iterator[object]:
    """A fresh Chromium profile; traffic off loopback is aborted and listed."""
    require((WEB_DIR / YASGUI_BUILD / "yasgui.min.js").is_file(),
            "YASGUI is not installed: run 'make web-deps'")
    with offline_chromium() as browser:
        yield browser


def test_query_page_runs_a_catalogue_query(context: object, server: LiveServer) -> None:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url("/"))
    page.wait_for_selector(".yasgui .yasqe")
    page.click('button.example[data-name="complications-of-procedure"]')
    rows = page.locator(".yasr table.dataTable tbody tr")
    rows.first.wait_for()
    page.wait_for_function(
        "() => document.querySelectorAll('.yasr table.dataTable tbody tr').length >= 3")
    table_text = page.locator(".yasr table.dataTable").inner_text()
    assert "infection" in table_text and "blood clot" in table_text
    assert "Rare risks include infection and blood clots." in table_text
    tabs = page.locator(".yasgui .tabsList .tab").all_inner_texts()
    assert any("complications-of-procedure" in t for t in tabs)
    local = page.locator('.yasr table.dataTable a[href="/id/total-knee-replacement"]')
    assert local.count() >= 1, "concept IRIs in results should link to the local pages"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "query-page.png"), full_page=False)
    assert not errors, errors
    assert not context.blocked, f"the page tried to leave loopback: {context.blocked}"
    page.close()


def test_concept_page_links_to_other_concepts(context: object, server: LiveServer) -> None:
    page = context.new_page()
    page.goto(server.url("/id/total-knee-replacement"))
    assert page.locator("h1").inner_text() == "total knee replacement"
    page.click('table.facts a[href="/id/osteoarthritis"]')
    page.wait_for_url("**/id/osteoarthritis")
    assert page.locator("h1").inner_text() == "osteoarthritis"
    assert "A knee replacement is most often done for osteoarthritis." in page.content()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "concept-page.png"), full_page=True)
    page.click('a[href="/doc/knee-leaflet"] >> nth=0')
    page.wait_for_url("**/doc/knee-leaflet")
    assert page.locator("h1").inner_text() == "Knee replacement leaflet"
    assert not context.blocked, f"the page tried to leave loopback: {context.blocked}"
    page.close()
