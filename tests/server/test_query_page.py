"""The query page without a browser: what it embeds, and what it says when YASGUI is
not installed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import httpx
import pytest

from orthokg.queries import catalogue
from orthokg.server.config import ServerConfig, Source
from orthokg.server.state import WEB_DIR, YASGUI_BUILD
from tests.server.conftest import KG_FILES
from tests.server.live import LiveServer, running

ALLOWED = "http://allowed.example"


@pytest.fixture(scope="module")
def bare_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server whose web folder has no node_modules (make web-deps not run)."""
    config = ServerConfig(Source(kg_files=KG_FILES), workers=1,
                          web_dir=tmp_path_factory.mktemp("no-web-deps"),
                          cors_origins=(ALLOWED,))
    with running(config) as live:
        yield live


def _embedded(html: str) -> list[dict]:
    match = re.search(r'<script id="catalogue" type="application/json">(.*?)</script>', html,
                      re.DOTALL)
    assert match is not None
    return json.loads(match.group(1))


def test_page_embeds_the_catalogue(server: LiveServer) -> None:
    html = httpx.get(server.url("/"), timeout=10).text
    examples = _embedded(html)
    assert [e["name"] for e in examples] == catalogue.names()
    assert examples[0]["query"] == catalogue.get(examples[0]["name"]).sparql
    for name in catalogue.names():
        assert f'data-name="{name}"' in html
    assert f"{server.sparql}" in html


def test_page_without_yasgui_says_how_to_install_it(bare_server: LiveServer) -> None:
    html = httpx.get(bare_server.url("/"), timeout=10).text
    assert "make web-deps" in html and 'action="/sparql"' in html
    assert "/yasgui/yasgui.min.js" not in html
    missing = httpx.get(bare_server.url("/yasgui/yasgui.min.js"), timeout=10)
    assert missing.status_code == 404 and "make web-deps" in missing.text


def test_plain_form_posts_a_query(bare_server: LiveServer) -> None:
    answer = httpx.post(bare_server.sparql, data={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert answer.json()["boolean"] is True


@pytest.mark.parametrize("path", ["/yasgui/..%2Fpackage.json", "/yasgui/../../package.json",
                                  "/yasgui/ts", "/static/../app.py"])
def test_only_bundle_files_are_served(path: str, server: LiveServer) -> None:
    answer = httpx.get(server.url(path), timeout=10)
    assert answer.status_code == 404


def test_static_files(server: LiveServer) -> None:
    css = httpx.get(server.url("/static/style.css"), timeout=10)
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    script = httpx.get(server.url("/static/query-page.js"), timeout=10)
    assert "Yasgui" in script.text


def test_yasgui_served_from_node_modules_when_installed(server: LiveServer) -> None:
    build = WEB_DIR / YASGUI_BUILD
    if not (build / "yasgui.min.js").is_file():
        pytest.skip("YASGUI not installed (make web-deps); the browser test reports it")
    answer = httpx.get(server.url("/yasgui/yasgui.min.js"), timeout=10)
    assert answer.status_code == 200
    assert answer.content == (build / "yasgui.min.js").read_bytes()


def _preflight(live: LiveServer, origin: str) -> httpx.Response:
    return httpx.options(live.sparql, timeout=10, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})


def test_cors_only_for_listed_origins(bare_server: LiveServer, server: LiveServer) -> None:
    allowed = _preflight(bare_server, ALLOWED)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ALLOWED
    other = _preflight(bare_server, "http://evil.example")
    assert "access-control-allow-origin" not in other.headers
    simple = httpx.get(bare_server.sparql, params={"query": "ASK {}"},
                       headers={"Origin": ALLOWED}, timeout=10)
    assert simple.headers["access-control-allow-origin"] == ALLOWED
    default = httpx.get(server.sparql, params={"query": "ASK {}"},
                        headers={"Origin": ALLOWED}, timeout=10)
    assert "access-control-allow-origin" not in default.headers
