"""Debian's Chromium driven by Playwright for the page tests, offline.

/usr/bin/chromium is launched by Playwright (never ``playwright install``: no browser
download). Every request that leaves 127.0.0.1 is aborted and recorded in
``context.blocked``, so a test can assert that a page works offline and asks no
other host for anything. In CI (``CI`` set) a missing browser or npm bundle fails the
test; locally it is skipped with the reason.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 20_000


def require(present: bool, reason: str) -> None:
    """Skip (locally) or fail (CI) when something the browser test needs is missing."""
    if not present:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (the browser test must run in CI)")
        pytest.skip(reason)


@contextmanager
def offline_chromium(viewport: dict[str, int] | None = None) -> Iterator[object]:
    """A fresh Chromium profile whose traffic off loopback is aborted and listed."""
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with tempfile.TemporaryDirectory(prefix="orthokg-chromium-") as profile, \
            sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport=viewport or {"width": 1400, "height": 900})
        browser.blocked = []

        def only_loopback(route: object) -> None:
            host = urlsplit(route.request.url).hostname
            if host in ("127.0.0.1", "localhost") or route.request.url.startswith("data:"):
                route.continue_()
            else:
                browser.blocked.append(route.request.url)
                route.abort()

        browser.route("**/*", only_loopback)
        browser.set_default_timeout(TIMEOUT_MS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page: object, name: str, *, full_page: bool = False) -> Path:
    """Save ``page`` as ``test-artifacts/<name>.png`` (git-ignored) and return the path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
