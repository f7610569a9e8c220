"""What every handler shares: the configuration, the worker pool, caches, templates."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request

from orthokg.server.config import ServerConfig
from orthokg.server.pool import QueryPool
from orthokg.server.stats import StatsCache

WEB_DIR = Path(__file__).parent / "web"
YASGUI_BUILD = Path("node_modules") / "@zazuko" / "yasgui" / "build"


def templates() -> Environment:
    """Jinja templates of the package; every value is HTML-escaped unless marked safe."""
    return Environment(loader=PackageLoader("orthokg.server", "templates"),
                       autoescape=select_autoescape(["html"], default=True),
                       trim_blocks=True, lstrip_blocks=True)


@dataclass(slots=True)
class ServerState:
    """Shared by all requests of one app."""

    config: ServerConfig
    pool: QueryPool
    stats: StatsCache
    templates: Environment
    examples: list[dict[str, Any]]
    started_at: float = field(default_factory=time.monotonic)
    startup_error: BaseException | None = None
    loop: asyncio.AbstractEventLoop | None = None
    """The event loop serving the app, once started (signal handlers and tests reach
    the pool through it from other threads)."""

    @property
    def yasgui_dir(self) -> Path:
        """Where the YASGUI build is served from (installed by ``make web-deps``)."""
        return (self.config.web_dir or WEB_DIR) / YASGUI_BUILD

    @property
    def yasgui_installed(self) -> bool:
        """True when the YASGUI bundle is on disk (checked per request: installing it
        while the server runs is enough)."""
        return (self.yasgui_dir / "yasgui.min.js").is_file()


def get_state(request: Request) -> ServerState:
    """The :class:`ServerState` of the app serving ``request``."""
    found: ServerState = request.app.state.orthokg
    return found
