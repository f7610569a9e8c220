"""Paging of the question pages and their downloads, over the real HTTP server.

A page is a slice of the whole answer in one total order: the pages of every catalogue
question, fetched one by one with ``limit``/``offset``, are the whole download in the
same order, none twice, none left out; the HTML pages show the rows of the matching
slice and link to their neighbours with the question's parameters kept; a bad page
number or size is refused with one line naming it.
"""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from orthokg.queries import catalogue
from tests.server.fixture_params import required_params
from tests.server.live import LiveServer

TKR = "https://w3id.org/orthokg/id/total-knee-replacement"
#: Every column a literal, so the page shows exactly the values of the rows.
LITERALS = ("SELECT (STR(?s) AS ?a) (STR(?p) AS ?b) (STR(?o) AS ?c) "
            "WHERE { ?s ?p ?o FILTER(isIRI(?s) && !isBlank(?o)) }")


def _get(live: LiveServer, path: str, **params: str) -> httpx.Response:
    url = live.url(path) + ("?" + urlencode(params) if params else "")
    return httpx.get(url, timeout=30)


def _bindings(answer: httpx.Response) -> list[dict[str, Any]]:
    assert answer.status_code == 200, answer.text
    return list(json.loads(answer.content)["results"]["bindings"])


def _given(name: str) -> dict[str, str]:
    return {p: str(t) for p, t in required_params(name).items()}


def _cells(html: str) -> list[tuple[str, ...]]:
    """The cells of the answer table, as text (the sources column has none here)."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.DOTALL)
    assert body, "the page has no answer table"
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.DOTALL)
    return [tuple(unescape(re.sub(r"<[^>]+>", "", c)).strip()
                  for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)) for row in rows]


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', html)
    return unescape(found.group(1)) if found else None


@pytest.mark.parametrize("name", catalogue.names())
def test_the_slices_of_every_question_are_its_whole_download(name: str,
                                                             server: LiveServer) -> None:
    given = _given(name)
    whole = _bindings(_get(server, f"/ask/{name}", **given, format="json"))
    size = max(1, len(whole) // 3)  # three pages or four, the last maybe short
    pages: list[dict[str, Any]] = []
    for offset in range(0, len(whole) + size, size):
        pages += _bindings(_get(server, f"/ask/{name}", **given, format="json",
                                limit=str(size), offset=str(offset)))
    assert pages == whole  # in order, none twice, none left out


def test_page_one_and_two_are_the_first_rows_of_the_answer(server: LiveServer) -> None:
    whole = [(b["a"]["value"], b["b"]["value"], b["c"]["value"])
             for b in _bindings(_get(server, "/results", query=LITERALS, format="json"))]
    size = 7
    assert len(whole) > 3 * size
    first = _get(server, "/results", query=LITERALS, size=str(size))
    second = _get(server, "/results", query=LITERALS, size=str(size), page="2")
    assert first.status_code == second.status_code == 200
    assert _cells(first.text) + _cells(second.text) == whole[:2 * size]
    assert "rows 8–14 of the answer" in second.text
    as_csv = _get(server, "/results", query=LITERALS, format="csv", limit=str(size),
                  offset=str(size))
    assert as_csv.text.splitlines()[1:] == [",".join(row) for row in whole[size:2 * size]]


def test_next_and_previous_links_keep_the_question(server: LiveServer) -> None:
    path = "/ask/procedure-overview"
    first = _get(server, path, procedure=TKR, size="2")
    assert first.status_code == 200 and _link(first.text, "prev") is None
    following = _link(first.text, "next")
    assert following == f"{path}?{urlencode({'procedure': TKR, 'page': '2', 'size': '2'})}"
    second = httpx.get(server.url(following), timeout=30)
    assert second.status_code == 200 and "rows 3–4 of the answer" in second.text
    assert _link(second.text, "prev") == (
        f"{path}?{urlencode({'procedure': TKR, 'page': '1', 'size': '2'})}")
    assert _cells(second.text) != _cells(first.text)
    whole = _bindings(_get(server, path, procedure=TKR, format="json"))
    assert len(whole) > 4
    this_page = [unescape(h) for h in
                 re.findall(r'<a class="page-download" href="([^"]+)"', second.text)]
    asked = [parse_qs(urlsplit(href).query) for href in this_page]
    assert [(a["format"], a["limit"], a["offset"], a["procedure"]) for a in asked] == [
        ([f], ["2"], ["2"], [TKR]) for f in ("csv", "tsv", "json")]
    shown = httpx.get(server.url(this_page[-1]), timeout=30)
    assert _bindings(shown) == whole[2:4]


def test_the_last_page_has_no_next_link(server: LiveServer) -> None:
    whole = _bindings(_get(server, "/results", query=LITERALS, format="json"))
    size = 10
    last = -(-len(whole) // size)
    page = _get(server, "/results", query=LITERALS, size=str(size), page=str(last))
    assert page.status_code == 200
    assert _link(page.text, "next") is None and _link(page.text, "prev") is not None
    assert len(_cells(page.text)) == len(whole) - (last - 1) * size


def test_a_fact_split_by_the_boundary_is_marked(server: LiveServer) -> None:
    text = ("SELECT ?c (STR(?l) AS ?n) ?document WHERE { VALUES ?document { 1 2 3 } "
            "?c rdfs:label ?l } ORDER BY ?l ?c ?document")
    first = _get(server, "/results", query=text, size="2")
    second = _get(server, "/results", query=text, size="2", page="2")
    assert "(continues on the next page)" in first.text
    assert "(continued from the previous page)" in second.text


def test_an_answer_on_one_page_says_how_many_facts(server: LiveServer) -> None:
    html = _get(server, "/ask/complications-of-procedure", procedure=TKR).text
    assert re.search(r'<strong class="count">\d+ facts?</strong>', html)
    assert 'rel="next"' not in html and 'class="page-download"' not in html


@pytest.mark.parametrize(("params", "message"), [
    ({"page": "0"}, "page=0: a page number is a whole number from 1"),
    ({"page": "two"}, "page='two': a page number is a whole number from 1"),
    ({"page": "-1"}, "page='-1': a page number is a whole number from 1"),
    ({"page": "1e3"}, "page='1e3': a page number is a whole number from 1"),
    ({"size": "0"}, "size=0: a page size is a whole number from 1 to 10000"),
    ({"size": "10001"}, "size=10001: a page size is a whole number from 1 to 10000 "
                        "(the server's row limit, --max-rows)"),
    ({"page": "999", "size": "100"}, "page=999: the answer ends before this page"),
])
def test_a_bad_page_is_refused_in_one_line(params: dict[str, str], message: str,
                                           server: LiveServer) -> None:
    answer = _get(server, "/ask/complications-of-procedure", procedure=TKR, **params)
    assert answer.status_code == (404 if "ends before" in message else 400)
    notice = re.search(r'<div class="notice error" role="alert">(.*?)</div>', answer.text,
                       re.DOTALL)
    assert notice is not None and message in unescape(notice.group(1))
    assert "\n" not in notice.group(1)


@pytest.mark.parametrize(("params", "message"), [
    ({"limit": "ten"}, "limit='ten': a limit is a whole number from 0 to 10000"),
    ({"limit": "10001"}, "limit=10001: a limit is a whole number from 0 to 10000 "
                         "(the server's row limit, --max-rows)"),
    ({"offset": "-3"}, "offset='-3': an offset is a whole number from 0"),
])
def test_a_bad_slice_of_a_download_is_refused_in_one_line(params: dict[str, str],
                                                          message: str,
                                                          server: LiveServer) -> None:
    answer = _get(server, "/ask/complications-of-procedure", procedure=TKR, format="csv",
                  **params)
    assert answer.status_code == 400 and answer.text == message + "\n"


def test_a_query_with_its_own_limit_is_paged_from_its_whole_answer(
        server: LiveServer) -> None:
    text = f"{LITERALS} ORDER BY ?a ?b ?c LIMIT 60"
    first = _get(server, "/results", query=text).text
    second = _get(server, "/results", query=text, page="2").text
    assert "rows 1–50 of the answer" in first and "rows 51–60 of the answer" in second
    assert 'rel="next"' in first and 'rel="next"' not in second
    whole = _bindings(_get(server, "/results", query=text, format="json"))
    assert len(_cells(first)) + len(_cells(second)) == len(whole) == 60
    sliced = _get(server, "/results", query=text, format="csv", limit="5")
    assert sliced.status_code == 400
    assert sliced.text == "limit/offset: the query has its own LIMIT or OFFSET; page it there\n"


def test_a_page_of_an_answer_over_the_row_limit_is_shown(strict_server: LiveServer) -> None:
    everything = "SELECT * WHERE { ?s ?p ?o }"
    whole = _get(strict_server, "/results", query=everything, format="json")
    assert whole.status_code == 413 and "more than 50 rows" in whole.text
    page = _get(strict_server, "/results", query=everything, page="3")
    assert page.status_code == 200 and "rows 101–150 of the answer" in page.text
    full = _get(strict_server, "/results", query=everything, size="50", page="2")
    assert full.status_code == 200 and _link(full.text, "next") is not None
    too_big = _get(strict_server, "/results", query=everything, size="51")
    assert too_big.status_code == 400 and "size=51" in too_big.text
