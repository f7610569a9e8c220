"""Starting and stopping the query workers with the ASGI server.

Written against the ASGI lifespan protocol directly rather than Starlette's lifespan
context: Starlette reports a start-up failure with its traceback, and a missing or
broken data file deserves one line naming the file (the CLI prints it as such).
"""

from __future__ import annotations

import asyncio
import logging

from starlette.types import Receive, Send

from orthokg.server.state import ServerState

log = logging.getLogger("orthokg.server")


async def run_lifespan(state: ServerState, receive: Receive, send: Send) -> None:
    """Answer ``lifespan.startup`` by starting the pool, ``lifespan.shutdown`` by
    closing it; a failure to start is kept in ``state.startup_error``."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            state.loop = asyncio.get_running_loop()
            try:
                await state.pool.start()
            except Exception as exc:
                state.startup_error = exc
                await send({"type": "lifespan.startup.failed", "message": str(exc)})
                return
            log.info("serving %s with %d query worker(s)", state.config.source.describe(),
                     state.pool.size)
            if not state.config.allow_service and not state.pool.sandboxed:
                log.warning("the query workers could not be denied network access on this "
                            "system; SERVICE and LOAD are still refused on the parsed request")
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await state.pool.close()
            await send({"type": "lifespan.shutdown.complete"})
            return
