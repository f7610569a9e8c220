"""The question forms, compare view, concept pictures and search box in a real Chromium.

The server reads the store ``orthokg build --store`` writes from the seed corpus, so a
person's path is walked on real data: type "hip", pick a procedure from the
suggestions, ask, read labelled rows with their sources, share the link, compare two
seed procedures, look at a procedure's neighbourhood and recovery timeline. Every page
must load without a JavaScript error and without asking any host but 127.0.0.1.
Screenshots go to ``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from rdflib import Graph

from orthokg.queries.store import write_store
from orthokg.server.config import ServerConfig, Source
from orthokg.server.web_libs import LIBRARIES, libraries_installed
from tests.server.chromium import offline_chromium, require, screenshot
from tests.server.live import LiveServer, running

pytestmark = pytest.mark.browser

BHR = "https://w3id.org/orthokg/id/birmingham-hip-resurfacing"
MINI_THR = "https://w3id.org/orthokg/id/mini-total-hip-replacement"
SHOWN = {"/ask": "questions", "/search?q=hip": "search-page"}


@pytest.fixture(scope="module")
def seed_server(seed_graph: Graph, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[LiveServer]:
    """A server over the seed corpus as 'orthokg build --store' writes it."""
    store = tmp_path_factory.mktemp("seed-store") / "kg"
    write_store(seed_graph, store)
    with running(ServerConfig(Source(store_dir=store), workers=2)) as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require(libraries_installed(None),
            f"the drawing libraries ({', '.join(LIBRARIES)}) are not installed: "
            "run 'make web-deps'")
    with offline_chromium() as context:
        yield context


class Watched:
    """A page whose JavaScript errors (uncaught or logged) are collected."""

    def __init__(self, context: object) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda msg: self.errors.append(msg.text)
                     if msg.type == "error" else None)

    def done(self, context: object) -> None:
        assert not self.errors, f"JavaScript errors: {self.errors}"
        assert not context.blocked, f"a page asked another host: {context.blocked}"
        self.page.close()


def _cells(page: object) -> list[list[str]]:
    return page.eval_on_selector_all(
        "table.readable tbody tr",
        "rows => rows.map(r => Array.from(r.querySelectorAll('td'))"
        ".slice(0, -1).map(td => td.innerText.trim()))")


def test_type_hip_pick_ask_share(browser: object, seed_server: LiveServer) -> None:
    watched = Watched(browser)
    page = watched.page
    page.goto(seed_server.url("/ask/complications-of-procedure"))
    box = page.locator("#param-procedure")
    box.click()
    box.press_sequentially("hip", delay=30)
    options = page.locator(".suggestions [role=option]")
    options.first.wait_for()
    labels = options.locator(".label").all_inner_texts()
    assert "Birmingham hip resurfacing" in labels, labels
    assert all("hip" in (label + text).lower() for label, text in
               zip(labels, options.all_inner_texts(), strict=True))
    screenshot(page, "question-suggestions")
    options.filter(has_text="Birmingham hip resurfacing").first.click()
    assert box.input_value() == "Birmingham hip resurfacing"
    page.click("form.question-form button[type=submit]")
    page.wait_for_url(f"**procedure={quote(BHR, safe='')}*")
    rows = page.locator("table.readable tbody tr")
    rows.first.wait_for()
    cells = _cells(page)
    assert len(cells) >= 3
    names = [row[0] for row in cells]
    assert "infection" in names and "dislocation" in names
    table_text = page.locator("table.readable").inner_text()
    assert "https://w3id.org" not in table_text and "@en" not in table_text
    assert page.locator("table.readable tbody a[href='/id/infection']").count() == 1
    # The sources of a fact: counted, the sentence on hover and on expanding.
    summary = rows.first.locator("details summary")
    assert summary.inner_text().startswith("1 document")
    assert summary.get_attribute("title")
    summary.click()
    assert rows.first.locator("details ul.evidence q").first.is_visible()
    assert "VALUES (?procedure)" in page.locator("aside.bound-query textarea").input_value()
    screenshot(page, "question-answer", full_page=True)
    shared = page.locator("a.share-link").get_attribute("href")
    watched.done(browser)

    again = Watched(browser)
    again.page.goto(seed_server.url(shared))
    again.page.locator("table.readable tbody tr").first.wait_for()
    assert _cells(again.page) == cells
    assert again.page.locator("#param-procedure").input_value() == "Birmingham hip resurfacing"
    again.done(browser)


def test_edited_query_runs_and_reads_the_same_way(browser: object,
                                                  seed_server: LiveServer) -> None:
    watched = Watched(browser)
    page = watched.page
    page.goto(seed_server.url("/ask/procedures-treating-condition?condition=osteoarthritis"))
    page.locator("table.readable tbody tr").first.wait_for()
    area = page.locator("aside.bound-query textarea")
    assert "VALUES (?condition) { (<https://w3id.org/orthokg/id/osteoarthritis>) }" in (
        area.input_value())
    edited = area.input_value().replace("ORDER BY ?procedureLabel ?document",
                                        "ORDER BY DESC(?procedureLabel) ?document")
    area.fill(edited)
    page.click("aside.bound-query button[type=submit]")
    page.wait_for_url("**/results?query=*")
    page.locator("table.readable tbody tr").first.wait_for()
    cells = _cells(page)
    assert {row[0] for row in cells} == {"osteoarthritis"}, "the bound value is kept"
    names = [row[1] for row in cells]
    assert names == sorted(names, reverse=True) and len(names) >= 2
    screenshot(page, "edited-query", full_page=True)
    watched.done(browser)


def test_compare_two_seed_procedures(browser: object, seed_server: LiveServer) -> None:
    watched = Watched(browser)
    page = watched.page
    page.goto(seed_server.url("/compare"))
    first = page.locator("#param-a")
    first.click()
    first.press_sequentially("birm", delay=30)
    page.locator("#param-a ~ .suggestions [role=option]").filter(
        has_text="Birmingham hip resurfacing").first.click()
    # The second by keyboard only: the first suggestion is the name that starts so.
    second = page.locator("#param-b")
    second.click()
    second.press_sequentially("mini total", delay=30)
    page.locator("#param-b ~ .suggestions [role=option]").first.wait_for()
    second.press("ArrowDown")
    assert page.locator("#param-b ~ .suggestions [aria-selected=true]").inner_text(
        ).startswith("mini total hip replacement")
    second.press("Enter")
    assert second.input_value() == "mini total hip replacement"
    page.click("form.compare-form button[type=submit]")
    page.wait_for_url(f"**/compare?a={quote(BHR, safe='')}&b={quote(MINI_THR, safe='')}")
    headers = page.locator("table.compare-table thead th").all_inner_texts()
    assert headers[1:] == ["Birmingham hip resurfacing", "mini total hip replacement"]
    complications = page.locator("tr[data-aspect=Complications] td")
    assert "infection" in complications.nth(0).inner_text()
    assert complications.nth(1).locator("li.line").count() >= 1
    sources = complications.nth(0).locator("details.line-sources")
    assert sources.count() >= 1
    sources.first.locator("summary").click()
    assert sources.first.locator("q").first.is_visible()
    timeline = page.locator("tr[data-aspect='Recovery timeline'] td")
    assert "week" in timeline.nth(0).inner_text() and "week" in timeline.nth(1).inner_text()
    page.wait_for_function("() => window.orthokgCharts && window.orthokgCharts.timeline")
    datasets = page.evaluate(
        "() => window.orthokgCharts.timeline.data.datasets.map(d => d.label)")
    assert datasets == ["Birmingham hip resurfacing", "mini total hip replacement"]
    screenshot(page, "compare", full_page=True)
    watched.done(browser)


def test_concept_page_graph_and_timeline(browser: object, seed_server: LiveServer) -> None:
    watched = Watched(browser)
    page = watched.page
    page.goto(seed_server.url("/id/birmingham-hip-resurfacing"))
    page.wait_for_function("() => window.orthokgCharts && window.orthokgCharts.graph")
    graph = page.evaluate("""() => {
        const cy = window.orthokgCharts.graph;
        return {nodes: cy.nodes().map(n => [n.data('label'), n.data('group')]),
                edges: cy.edges().length,
                visible: cy.nodes().filter(n => n.renderedPosition('x') > 0).length};
    }""")
    groups = {group for _, group in graph["nodes"]}
    assert {"self", "complication", "treats"} <= groups, graph
    assert ["infection", "complication"] in graph["nodes"]
    assert graph["edges"] == len(graph["nodes"]) - 1 and graph["visible"] == len(graph["nodes"])
    assert page.locator("#neighbourhood canvas").count() >= 1
    steps = page.evaluate("() => window.orthokgCharts.timeline.data.labels")
    assert any("walking aid" in s for s in steps), steps
    page.locator("section.glance").scroll_into_view_if_needed()
    screenshot(page, "concept-picture")
    # The search box of every page finds concepts by any name (here a synonym).
    search = page.locator("header.site input[name=q]")
    search.click()
    search.press_sequentially("conventional hip", delay=30)
    option = page.locator("header.site .suggestions [role=option]").first
    option.wait_for()
    assert "total hip replacement" in option.inner_text()
    screenshot(page, "search-suggestions")
    option.click()
    page.wait_for_url("**/id/total-hip-replacement")
    assert page.locator("h1").inner_text() == "total hip replacement"
    watched.done(browser)


def test_every_page_offline_without_errors(browser: object, seed_server: LiveServer) -> None:
    for path in ("/ask", "/ask/recovery-timeline?procedure=" + quote(BHR, safe=""),
                 "/search?q=hip", "/compare", "/id/hip-joint", "/doc/000_c6335beb8dd0e365",
                 "/results?query=" + quote("SELECT ?s WHERE { ?s a ?c } LIMIT 60") + "&page=2"):
        watched = Watched(browser)
        answer = watched.page.goto(seed_server.url(path))
        assert answer is not None and answer.status == 200, path
        watched.page.wait_for_load_state("load")
        if path in SHOWN:
            screenshot(watched.page, SHOWN[path], full_page=True)
        watched.done(browser)


def test_next_page_and_back(browser: object, seed_server: LiveServer) -> None:
    watched = Watched(browser)
    page = watched.page
    procedure = quote(BHR, safe="")
    page.goto(seed_server.url(f"/ask/procedure-overview?procedure={procedure}&size=5"))
    page.locator("table.readable tbody tr").first.wait_for()
    first = _cells(page)
    head = page.locator("p.answer-head").inner_text()
    assert "rows 1–5 of the answer" in head, head
    assert page.locator("nav.pager a[rel=prev]").count() == 0
    page.click("nav.pager a[rel=next]")
    page.wait_for_url("**page=2*")
    url = page.url
    assert f"procedure={procedure}" in url and "size=5" in url, url
    assert "rows 6–10 of the answer" in page.locator("p.answer-head").inner_text()
    second = _cells(page)
    assert second and second != first
    assert page.locator("#param-procedure").input_value() == "Birmingham hip resurfacing"
    screenshot(page, "answer-page-2", full_page=True)
    page.click("nav.pager a[rel=prev]")
    page.wait_for_url("**page=1*")
    assert _cells(page) == first
    watched.done(browser)
