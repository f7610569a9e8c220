"""The question forms, answers, downloads, compare view, search and suggestions over HTTP.

A form is generated for every catalogue query with parameters (the test walks the
catalogue); a form's answer is the answer the in-process engine gives to the query with
the same bindings; the pages answer the same over the on-disk store (``--store``) and
over files loaded in memory (``--kg``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from html import unescape
from urllib.parse import quote, urlencode

import httpx
import pytest
from rdflib import Literal
from rdflib.query import Result
from rdflib.term import Identifier

from orthokg.queries import catalogue
from orthokg.queries.engines.base import canonical
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.server.config import ServerConfig, Source
from orthokg.server.questions import INPUTS, questions_with_forms
from tests.server.conftest import KG_FILES
from tests.server.fixture_params import required_params
from tests.server.live import LiveServer, running

TKR = "https://w3id.org/orthokg/id/total-knee-replacement"
UKR = "https://w3id.org/orthokg/id/unicompartmental-knee-replacement"
MICRO = "https://w3id.org/orthokg/id/microdiscectomy"
WITH_FORMS = [q.name for q in questions_with_forms()]


@pytest.fixture(scope="module")
def kg_server() -> Iterator[LiveServer]:
    """The same data as ``server``, loaded from the files (orthokg serve --kg)."""
    with running(ServerConfig(Source(kg_files=KG_FILES), workers=1)) as live:
        yield live


def _get(live: LiveServer, path: str, **params: str) -> httpx.Response:
    url = live.url(path) + ("?" + urlencode(params) if params else "")
    return httpx.get(url, timeout=30)


def _typed(term: Identifier) -> str:
    """What a person would put in the form for ``term`` (an IRI, or the text)."""
    return str(term)


def _rows(body: bytes) -> list[tuple[str, ...]]:
    parsed = Result.parse(io.BytesIO(body), format="json")
    return sorted(tuple("" if b.get(v) is None else canonical(b[v]).n3() for v in parsed.vars)
                  for b in parsed.bindings)


def _answer_html(html: str) -> str:
    match = re.search(r'<section class="answer".*?</section>', html, re.DOTALL)
    assert match, "the page has no answer"
    return match.group(0)


def test_the_catalogue_walk_finds_forms_to_check() -> None:
    assert len(WITH_FORMS) >= 12
    assert {"complications-of-procedure", "procedures-treating-condition",
            "procedures-on-structure", "label-search"} <= set(WITH_FORMS)


@pytest.mark.parametrize("name", WITH_FORMS)
def test_every_query_with_parameters_has_a_form(name: str, server: LiveServer) -> None:
    query = catalogue.get(name)
    answer = _get(server, f"/ask/{name}")
    assert answer.status_code == 200
    html = answer.text
    form = re.search(rf'<form class="question-form" method="get" action="/ask/{name}".*?</form>',
                     html, re.DOTALL)
    assert form, f"{name}: no question form"
    for param in query.params:
        field = re.search(rf'<input id="param-{param.name}" name="{param.name}"[^>]*>',
                          form.group(0), re.DOTALL)
        assert field, f"{name}: no field for ?{param.name}"
        tag = field.group(0)
        assert ("data-suggest" in tag) == (INPUTS[param.kind] == "suggest"), tag
        assert ("required" in tag) == (not param.optional), tag
        assert unescape(param.meaning) in unescape(html)
    assert unescape(query.description) in unescape(html)
    assert 'action="/results"' in html and "SELECT" in html
    assert 'class="answer"' not in html, "an empty form runs nothing"


def test_questions_index_links_every_catalogue_query(server: LiveServer) -> None:
    html = _get(server, "/ask").text
    for name in catalogue.names():
        assert f'href="/ask/{name}"' in html


@pytest.mark.parametrize("name", WITH_FORMS)
def test_a_form_answers_as_the_engine_does(name: str, server: LiveServer,
                                           engine: OxigraphEngine) -> None:
    query = catalogue.get(name)
    params = required_params(name)
    given = {p: _typed(t) for p, t in params.items()}
    answer = _get(server, f"/ask/{name}", **given, format="json")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"] == f'attachment; filename="{name}.json"'
    bound = {p: Literal(str(t)) if isinstance(t, Literal) else t for p, t in params.items()}
    expected = engine.run(query.sparql, bound)
    got = _rows(answer.content)
    assert got == sorted(tuple("" if t is None else canonical(t).n3() for t in row)
                         for row in expected.rows)


def test_a_form_page_shows_labels_counts_and_sources(server: LiveServer) -> None:
    answer = _get(server, "/ask/complications-of-procedure", procedure=TKR)
    html = answer.text
    assert answer.status_code == 200
    section = _answer_html(html)
    assert '<a href="/id/infection">infection</a>' in section
    assert '<a href="/id/blood-clot">blood clot</a>' in section
    assert "Rare risks include infection and blood clots." in unescape(section)
    assert re.search(r'class="doc-count">1 document<', section)
    assert '<span class="tag">rare</span>' in section
    assert "@en" not in section and "https://w3id.org/orthokg/id/" not in section
    assert "VALUES (?procedure) { (&lt;" + TKR + "&gt;) }" in html
    share = f"/ask/complications-of-procedure?procedure={quote(TKR, safe='')}"
    assert f'href="{share}"' in html


def test_a_name_is_resolved_and_the_link_carries_the_iri(server: LiveServer) -> None:
    html = _get(server, "/ask/complications-of-procedure", procedure="TKR").text
    assert f"procedure={quote(TKR, safe='')}" in html
    assert 'value="total knee replacement"' in html
    assert '<a href="/id/infection">infection</a>' in _answer_html(html)


@pytest.mark.parametrize(("given", "message"), [
    ("no such procedure", "no concept is named &#39;no such procedure&#39;"),
    ("javascript:alert(1)", "no concept is named &#39;javascript:alert(1)&#39;"),
    ("knee replacement", "no concept is named &#39;knee replacement&#39;; did you mean"),
])
def test_a_name_that_is_not_one_concept_is_explained(given: str, message: str,
                                                     server: LiveServer) -> None:
    answer = _get(server, "/ask/complications-of-procedure", procedure=given)
    assert answer.status_code == 200
    assert message in answer.text, answer.text
    assert 'class="answer"' not in answer.text


def test_a_partial_name_offers_the_concepts_it_is_part_of(server: LiveServer) -> None:
    html = _get(server, "/ask/complications-of-procedure", procedure="knee replacement").text
    choices = re.search(r'<ul class="choices">.*?</ul>', html, re.DOTALL)
    assert choices is not None
    assert f"procedure={quote(TKR, safe='')}" in choices.group(0)
    assert f"procedure={quote(UKR, safe='')}" in choices.group(0)


def test_downloads_are_the_whole_answer(server: LiveServer) -> None:
    as_csv = _get(server, "/ask/complications-of-procedure", procedure=TKR, format="csv")
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(as_csv.text)))
    assert lines[0] == list(catalogue.get("complications-of-procedure").columns)
    assert len(lines) >= 3
    as_tsv = _get(server, "/ask/complications-of-procedure", procedure=TKR, format="tsv")
    assert as_tsv.headers["content-disposition"].endswith('.tsv"')
    assert len(as_tsv.text.strip().splitlines()) == len(lines)
    wrong = _get(server, "/ask/complications-of-procedure", procedure=TKR, format="xlsx")
    assert wrong.status_code == 400 and "xlsx" in wrong.text
    missing = _get(server, "/ask/complications-of-procedure", format="csv")
    assert missing.status_code == 400 and "procedure (missing)" in missing.text


def test_long_answers_come_a_page_at_a_time(server: LiveServer) -> None:
    text = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    first = _get(server, "/results", query=text, size="25").text
    second = _get(server, "/results", query=text, size="25", page="2").text
    assert "rows 1–25 of the answer" in first and "rows 26–50 of the answer" in second
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert 'rel="prev"' in second and 'rel="next"' in second
    assert _answer_html(first) != _answer_html(second)


def test_results_page_refuses_what_the_endpoint_refuses(server: LiveServer) -> None:
    service = _get(server, "/results",
                   query="SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert service.status_code == 403 and "SERVICE" in service.text
    broken = _get(server, "/results", query="SELECT WHERE {")
    assert broken.status_code == 400 and "does not parse" in broken.text
    ask = _get(server, "/results", query="ASK { ?s ?p ?o }")
    assert ask.status_code == 400 and "SELECT answers" in ask.text
    assert _get(server, "/results").status_code == 400


def test_unknown_question_is_404_with_close_names(server: LiveServer) -> None:
    answer = _get(server, "/ask/complication-of-procedure")
    assert answer.status_code == 404 and "complications-of-procedure" in answer.text


def test_suggestions_by_any_name(server: LiveServer) -> None:
    procedure = "https://w3id.org/orthokg/ontology#Procedure"
    found = _get(server, "/api/suggest", q="kne").json()
    labels = [f["label"] for f in found]
    assert "knee joint" in labels and "total knee replacement" in labels
    only = [f["label"] for f in _get(server, "/api/suggest", q="kne", within=procedure).json()]
    assert "knee joint" not in only and "total knee replacement" in only
    by_synonym = _get(server, "/api/suggest", q="shinbone").json()
    assert [(f["label"], f["name"], f["href"]) for f in by_synonym] == [
        ("tibia", "shinbone", "/id/tibia")]
    assert _get(server, "/api/suggest", q="k").json() == []
    schema = [f for f in _get(server, "/api/suggest", q="structure").json()
              if f["iri"].startswith("https://w3id.org/orthokg/ontology#")]
    assert schema == [], "TBox classes are not concepts of the graph"
    bad = _get(server, "/api/suggest", q="knee", within="not an iri")
    assert bad.status_code == 400 and "within" in bad.text
    properties = _get(server, "/api/suggest", q="treat",
                      within="http://www.w3.org/2002/07/owl#ObjectProperty").json()
    assert "treats" in [f["label"] for f in properties]
    quoted = _get(server, "/api/suggest", q='" } ; DROP ALL').json()
    assert quoted == []


def test_search_page(server: LiveServer) -> None:
    html = _get(server, "/search", q="OA").text
    assert '<a href="/id/osteoarthritis">osteoarthritis</a>' in html
    assert 'value="oa"' in html  # the header's box keeps the text


def test_compare_two_procedures(server: LiveServer) -> None:
    answer = _get(server, "/compare", a="TKR", b=MICRO)
    assert answer.status_code == 200
    html = unescape(answer.text)
    rows = dict(re.findall(r'<tr data-aspect="([^"]+)">(.*?)</tr>', html, re.DOTALL))
    assert list(rows) == ["Complications", "Benefits", "Treats", "Acts on", "Approach",
                          "Anaesthesia", "Devices", "Recovery timeline"]
    cells = {aspect: row.split("<td>")[1:] for aspect, row in rows.items()}
    assert "osteoarthritis" in cells["Treats"][0] and "herniated disc" in cells["Treats"][1]
    assert "herniated disc" not in cells["Treats"][0]
    assert "A knee replacement is most often done for osteoarthritis." in cells["Treats"][0]
    assert "nothing stated" in cells["Approach"][0]
    assert "minimally invasive" in cells["Approach"][1]
    for side in cells["Complications"]:
        assert re.search(r'infection</a></span> <span class="tag both"', side), side
    assert 'class="tag both"' not in rows["Treats"]
    assert '<span class="tag frequency">rare</span>' in cells["Complications"][0]
    assert "6 weeks" in cells["Recovery timeline"][0]
    leaflet = '<a href="/doc/knee-leaflet">Knee replacement leaflet</a>'
    assert leaflet in cells["Recovery timeline"][0]
    assert "no durations stated" in cells["Recovery timeline"][1]
    assert f"/compare?a={quote(TKR, safe='')}&amp;b={quote(MICRO, safe='')}" in answer.text


def test_compare_waits_for_two_procedures(server: LiveServer) -> None:
    html = _get(server, "/compare", a="TKR").text
    assert "compare-table" not in html and 'value="total knee replacement"' in html


def test_concept_page_carries_its_picture_data(server: LiveServer) -> None:
    html = _get(server, "/id/total-knee-replacement").text
    data = re.search(r'<script id="picture-data" type="application/json">(.*?)</script>', html,
                     re.DOTALL)
    if data is None:
        pytest.skip("the drawing libraries are not installed (make web-deps)")
    picture = json.loads(data.group(1))
    groups = {(n["label"], n["group"]) for n in picture["nodes"]}
    assert {("osteoarthritis", "treats"), ("infection", "complication"),
            ("knee joint", "anatomy")} <= groups
    assert "/lib/cytoscape.min.js" in html and "/lib/chart.umd.min.js" in html


@pytest.mark.parametrize("path", [
    f"/ask/complications-of-procedure?procedure={quote(TKR, safe='')}",
    "/ask/procedures-treating-condition?condition=osteoarthritis",
    "/ask/label-search?key=Tibia",
    f"/compare?a={quote(TKR, safe='')}&b={quote(MICRO, safe='')}",
    "/search?q=knee",
    "/api/suggest?q=disc",
])
def test_store_and_kg_give_the_same_pages(path: str, server: LiveServer,
                                          kg_server: LiveServer) -> None:
    from_store = httpx.get(server.url(path), timeout=30)
    from_kg = httpx.get(kg_server.url(path), timeout=30)
    assert from_store.status_code == from_kg.status_code == 200
    assert from_store.text == from_kg.text
    assert "no answer" not in from_store.text.lower()


def test_drawing_libraries_only_from_the_table(server: LiveServer) -> None:
    for name in ("..%2Fpackage.json", "cytoscape.cjs.js", "chart.js"):
        assert _get(server, f"/lib/{name}").status_code == 404
    found = _get(server, "/lib/chart.umd.min.js")
    if found.status_code == 404:
        assert "make web-deps" in found.text
    else:
        assert found.headers["content-type"].startswith("text/javascript")



def test_an_update_on_the_results_page_is_not_run(server: LiveServer) -> None:
    answer = _get(server, "/results", query="DELETE WHERE { ?s ?p ?o }")
    assert answer.status_code == 400 and "does not parse" in answer.text
    still = _get(server, "/ask/complications-of-procedure", procedure=TKR)
    assert '<a href="/id/infection">infection</a>' in still.text


def test_limits_of_the_endpoint_hold_for_pages(strict_server: LiveServer) -> None:
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    slow = _get(strict_server, "/results", query=endless)
    assert slow.status_code == 503 and "No answer" in slow.text
    big = _get(strict_server, "/results", query="SELECT * WHERE { ?s ?p ?o }", format="csv")
    assert big.status_code == 413 and "more than 50 rows" in big.text
    health = _get(strict_server, "/health").json()
    assert health["status"] == "ok"


def test_the_link_of_a_question_about_everything_asks_it(server: LiveServer) -> None:
    empty = _get(server, "/ask/devices-and-implants").text
    assert 'class="answer"' not in empty
    asked = _get(server, "/ask/devices-and-implants", procedure="").text
    share = re.search(r'<a class="share-link" href="([^"]+)"', asked)
    assert share is not None and share.group(1) == "/ask/devices-and-implants?procedure="
    again = httpx.get(server.url(unescape(share.group(1))), timeout=30).text
    assert _answer_html(again) == _answer_html(asked)
    assert '<a href="/id/tibial-component">tibial component</a>' in _answer_html(again)


def test_compare_offers_procedures_for_a_partial_name(server: LiveServer) -> None:
    html = _get(server, "/compare", a="knee replacement", b="microdiscectomy").text
    assert "compare-table" not in html
    assert "no concept is named &#39;knee replacement&#39;; did you mean" in html
    choices = re.search(r'<ul class="choices">.*?</ul>', html, re.DOTALL)
    assert choices is not None
    offered = unescape(choices.group(0))
    assert f"/compare?a={quote(TKR, safe='')}&b={quote(MICRO, safe='')}" in offered
    assert f"/compare?a={quote(UKR, safe='')}&b={quote(MICRO, safe='')}" in offered
    assert "knee joint" not in offered, "only procedures are offered"


def test_a_concept_page_offers_its_questions_filled_in(server: LiveServer) -> None:
    procedure = unescape(_get(server, "/id/total-knee-replacement").text)
    iri = quote(TKR, safe="")
    assert f'href="/ask/complications-of-procedure?procedure={iri}"' in procedure
    assert f'href="/ask/recovery-timeline?procedure={iri}"' in procedure
    assert f'href="/compare?a={iri}"' in procedure
    assert "/ask/procedures-treating-condition" not in procedure
    condition = unescape(_get(server, "/id/osteoarthritis").text)
    oa = quote("https://w3id.org/orthokg/id/osteoarthritis", safe="")
    assert f'href="/ask/procedures-treating-condition?condition={oa}"' in condition
    assert "/ask/complications-of-procedure" not in condition
    structure = unescape(_get(server, "/id/tibial-plateau").text)
    assert "/ask/procedures-on-structure?structure=" in structure
    for page in (procedure, condition, structure):
        for href in re.findall(r'href="(/ask/[^"]+)"', page):
            answer = httpx.get(server.url(href), timeout=30)
            assert answer.status_code == 200 and 'class="answer"' in answer.text, href


def test_the_form_answers_compared_are_not_empty(engine: OxigraphEngine) -> None:
    empty = [name for name in WITH_FORMS
             if not engine.run(catalogue.get(name).sparql, required_params(name)).rows]
    assert len(empty) <= len(WITH_FORMS) // 4, f"empty on the fixture: {empty}"
