"""What the endpoint serves and the limits it enforces, fixed at start-up.

Kept apart from the app so the CLI, the tests and the worker processes share one
picklable description of the dataset (:class:`Source`) and the limits
(:class:`ServerConfig`), and nothing else travels between processes.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from orthokg.errors import StoreError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_BODY_BYTES = 1_048_576
"""A SPARQL request larger than 1 MiB is refused (413): no real query is that long."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where the worker processes read the graph from: an Oxigraph store or RDF files.

    ``store_dir`` is opened in place (read-only unless ``writable``); ``kg_files`` are
    loaded into an in-memory store inside each worker.

    >>> Source(kg_files=(Path("kg.ttl"),)).describe()
    'kg.ttl'
    """

    store_dir: Path | None = None
    kg_files: tuple[Path, ...] = ()
    writable: bool = False

    def __post_init__(self) -> None:
        if (self.store_dir is None) == (not self.kg_files):
            raise StoreError("give either an Oxigraph store directory or RDF files, not both")

    @property
    def in_memory(self) -> bool:
        """True when every worker holds its own copy loaded from files."""
        return self.store_dir is None

    def describe(self) -> str:
        """One line naming the data, for logs and /health."""
        if self.store_dir is not None:
            return str(self.store_dir)
        return ", ".join(str(p) for p in self.kg_files)

    @property
    def label(self) -> str:
        """The data's file or directory names without their folders: what /health may
        show to anyone (an absolute path tells a visitor about the machine).

        >>> Source(store_dir=Path("/srv/data/kg-store")).label
        'kg-store'
        """
        if self.store_dir is not None:
            return self.store_dir.name
        return ", ".join(p.name for p in self.kg_files)

    def check(self) -> None:
        """Fail early, with the path, when the data cannot be there."""
        if self.store_dir is not None and not self.store_dir.is_dir():
            raise StoreError(f"{self.store_dir}: no Oxigraph store directory here")
        for path in self.kg_files:
            if not path.is_file():
                raise StoreError(f"{path}: no such RDF file")


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach.

    >>> [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "10.1.2.3")]
    [True, True, True, False, False]
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Every switch of ``orthokg serve``; defaults are the safe ones (read-only, local)."""

    source: Source
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_rows: int = DEFAULT_MAX_ROWS
    allow_update: bool = False
    token: str | None = None
    allow_service: bool = False
    cors_origins: tuple[str, ...] = ()
    workers: int = 2
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    web_dir: Path | None = None
    base_url: str | None = None
    allow_remote: bool = False
    max_waiting: int = 16
    """Requests that may wait for a worker; the next one gets 503 at once."""
    per_client: int | None = None
    """Workers one client address may hold at once; default: all but one."""
    header_timeout_s: float = 10.0
    """Time a connection has to send a request's line and headers."""
    body_timeout_s: float = 30.0
    """Time a request has to send its whole body."""
    max_connections: int = 512
    max_connections_per_client: int = 32

    def __post_init__(self) -> None:
        if not self.allow_remote and not is_loopback(self.host):
            raise StoreError(f"--host {self.host} would accept connections from other "
                             "machines; add --allow-remote (and put a reverse proxy with "
                             "authentication in front, see the README)")
        if not 0 < self.port < 65536:
            raise StoreError(f"--port {self.port}: a TCP port is between 1 and 65535")
        if self.base_url is not None:
            parts = urlsplit(self.base_url)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
                raise StoreError(f"--base-url {self.base_url!r}: give the absolute http(s) URL "
                                 "clients use to reach this server, e.g. https://kg.example.org/")
        if self.allow_update and not self.token:
            raise StoreError("--allow-update needs --token (or ORTHOKG_UPDATE_TOKEN)")
        if self.timeout_s <= 0 or self.max_rows <= 0 or self.workers <= 0:
            raise StoreError("--timeout, --max-rows and --workers must be positive")
        if self.max_waiting < 0 or (self.per_client is not None and self.per_client <= 0):
            raise StoreError("--queue must be 0 or more and --per-client positive")
        if min(self.header_timeout_s, self.body_timeout_s, self.max_connections,
               self.max_connections_per_client) <= 0:
            raise StoreError("read timeouts and connection limits must be positive")
        if "*" in self.cors_origins:
            raise StoreError("CORS origins must be listed one by one; '*' is not accepted")

    @property
    def public_url(self) -> str:
        """The server's root URL as clients reach it, ending in ``/``: ``--base-url``, else
        the address it listens on. Every absolute IRI the server sends is built on it,
        never on the request's Host header (which any client can set)."""
        if self.base_url is not None:
            return self.base_url.rstrip("/") + "/"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def endpoint_url(self) -> str:
        """The SPARQL endpoint's URL; also the base IRI of relative IRIs in requests."""
        return f"{self.public_url}sparql"

    @property
    def pool_size(self) -> int:
        """Workers that run queries; one when updates are on, so every read sees them."""
        return 1 if self.allow_update else self.workers
