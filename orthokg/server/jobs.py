"""The messages between the web process and a query worker process.

Plain frozen dataclasses, so they pickle through a pipe and a worker imports nothing
of the web stack. A worker answers every job with one :class:`Outcome`: the status,
body and Content-Type of the HTTP response, already serialised, so the web process
never holds the rows themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from orthokg.server.negotiation import Format


@dataclass(frozen=True, slots=True)
class QueryJob:
    """A read-only query and how to answer it.

    ``result_format`` serves SELECT/ASK and ``graph_format`` CONSTRUCT/DESCRIBE; the
    worker learns the query form only when it parses the query, and answers 406 if the
    matching one is ``None``. ``substitutions`` bind variables to IRIs (never pasted
    into the text). Without protocol graphs the query reads the union of all graphs
    (how OrthoKG stores are meant to be read) unless it names its own with ``FROM``.
    ``base_iri`` resolves relative IRIs; ``allow_service`` lets it call other servers.
    """

    text: str
    result_format: Format | None
    graph_format: Format | None
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    substitutions: tuple[tuple[str, str], ...] = ()
    base_iri: str | None = None
    allow_service: bool = False


@dataclass(frozen=True, slots=True)
class UpdateJob:
    """A SPARQL Update, already authorised by the web process, with the protocol's
    ``using-graph-uri`` / ``using-named-graph-uri`` graphs."""

    text: str
    using_graphs: tuple[str, ...] = ()
    using_named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None
    allow_service: bool = False


Job = QueryJob | UpdateJob


@dataclass(frozen=True, slots=True)
class Outcome:
    """The HTTP answer to a job."""

    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        """True for a 2xx answer."""
        return 200 <= self.status < 300

    @classmethod
    def error(cls, status: int, message: str, **headers: str) -> Outcome:
        """A plain-text error answer.

        >>> Outcome.error(400, "bad").body
        b'bad\\n'
        """
        return cls(status, (message + "\n").encode("utf-8"),
                   headers=tuple((k.replace("_", "-"), v) for k, v in headers.items()))
