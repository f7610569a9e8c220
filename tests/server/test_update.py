"""SPARQL Update: only with --allow-update and the bearer token, and never lost.

The server here keeps the data in memory (files loaded by the worker), so a worker
killed at the time limit must come back with the updates applied so far.
"""

from __future__ import annotations

import httpx
import pytest

from tests.server.conftest import TOKEN
from tests.server.live import LiveServer, wait_healthy

BEARER = f"Bearer {TOKEN}"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _insert(value: str) -> str:
    return f'INSERT DATA {{ <urn:x:a> <urn:x:p> "{value}" }}'


def _values(live: LiveServer) -> set[str]:
    answer = httpx.get(live.sparql, params={"query": "SELECT ?o { <urn:x:a> <urn:x:p> ?o }"},
                       timeout=10)
    assert answer.status_code == 200
    return {b["o"]["value"] for b in answer.json()["results"]["bindings"]}


def _update(live: LiveServer, text: str, authorization: str | None, *, form: bool = True
            ) -> httpx.Response:
    headers = {"Authorization": authorization} if authorization is not None else {}
    if form:
        return httpx.post(live.sparql, data={"update": text}, headers=headers, timeout=10)
    headers["Content-Type"] = "application/sparql-update"
    return httpx.post(live.sparql, content=text, headers=headers, timeout=10)


@pytest.mark.parametrize("authorization", [
    None, "Bearer wrong", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", "Bearer", f"Token {TOKEN}",
    TOKEN])
def test_update_without_the_right_token_is_403(authorization: str | None,
                                               update_server: LiveServer) -> None:
    answer = _update(update_server, _insert("intruder"), authorization)
    assert answer.status_code == 403
    assert "Bearer" in answer.text
    assert "intruder" not in _values(update_server)


def test_basic_auth_is_not_a_bearer_token(update_server: LiveServer) -> None:
    answer = httpx.post(update_server.sparql, data={"update": _insert("basic")},
                        auth=("user", BEARER), timeout=10)
    assert answer.status_code == 403


@pytest.mark.parametrize("form", [True, False], ids=["form", "body"])
def test_update_with_the_token_is_applied(form: bool, update_server: LiveServer) -> None:
    value = f"applied-{'form' if form else 'body'}"
    answer = _update(update_server, _insert(value), BEARER, form=form)
    assert answer.status_code == 204, answer.text
    assert value in _values(update_server)


def test_bad_update_is_400(update_server: LiveServer) -> None:
    answer = _update(update_server, "INSERT DATA { <urn:x:a> }", BEARER)
    assert answer.status_code == 400
    assert "does not parse" in answer.text


def test_load_is_refused_without_allow_service(update_server: LiveServer) -> None:
    answer = _update(update_server, "LOAD <http://example.org/data.ttl>", BEARER)
    assert answer.status_code == 403
    assert "--allow-service" in answer.text


def test_updates_survive_a_worker_killed_at_the_time_limit(update_server: LiveServer) -> None:
    assert _update(update_server, _insert("kept"), BEARER).status_code == 204
    slow = httpx.get(update_server.sparql, params={"query": SLOW}, timeout=20)
    assert slow.status_code == 503
    wait_healthy(update_server.base, timeout=20, workers=1)
    assert "kept" in _values(update_server)


def test_service_description_says_updates_are_on(update_server: LiveServer) -> None:
    answer = httpx.get(update_server.sparql, timeout=10)
    assert answer.status_code == 200
    assert "sd:SPARQL11Update" in answer.text
