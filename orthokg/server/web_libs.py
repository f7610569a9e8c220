"""The browser libraries the pages draw with, served from the npm install (no CDN).

``orthokg/server/web/package.json`` pins them and ``make web-deps`` (``npm ci``)
installs them; only the files listed here are served, looked up by name in this
table, so no path a client sends ever reaches the file system.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from orthokg.server.responses import plain
from orthokg.server.state import WEB_DIR, get_state

#: Served name -> file under node_modules.
LIBRARIES: dict[str, Path] = {
    "cytoscape.min.js": Path("cytoscape") / "dist" / "cytoscape.min.js",
    "chart.umd.min.js": Path("chart.js") / "dist" / "chart.umd.min.js",
}


def library_path(web_dir: Path | None, name: str) -> Path | None:
    """Where the library file ``name`` is installed, ``None`` if unknown or missing."""
    relative = LIBRARIES.get(name)
    if relative is None:
        return None
    path = (web_dir or WEB_DIR) / "node_modules" / relative
    return path if path.is_file() else None


def libraries_installed(web_dir: Path | None) -> bool:
    """True when every drawing library is on disk (checked per request)."""
    return all(library_path(web_dir, name) is not None for name in LIBRARIES)


async def library_file(request: Request) -> Response:
    """/lib/<name>: one of :data:`LIBRARIES`; 404 with the install command if missing."""
    state = get_state(request)
    name = request.path_params["name"]
    path = library_path(state.config.web_dir, name)
    if path is None:
        return plain(404, f"{name}: not an installed drawing library; run 'make web-deps' "
                          "(npm ci in orthokg/server/web) to install them")
    return FileResponse(path, media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=3600"})
