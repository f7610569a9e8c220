"""Turning outcomes and refusals into HTTP responses, one way everywhere."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import PlainTextResponse, Response

from orthokg.server.jobs import Outcome


def plain(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """A one-line plain-text answer: what was wrong and what to do instead."""
    return PlainTextResponse(message + "\n", status_code=status, headers=dict(headers or {}))


def outcome_response(outcome: Outcome) -> Response:
    """The response a worker prepared (body already serialised)."""
    headers = {"Vary": "Accept", **dict(outcome.headers)}
    return Response(outcome.body, status_code=outcome.status, headers=headers,
                    media_type=outcome.content_type)
