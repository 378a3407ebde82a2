"""The gateway's HTTP server: uvicorn, with what it lacks for a public address.

- A deadline for a request's head: a connection must deliver a whole request line and its
  headers within READ_TIMEOUT_S of opening (or of the previous answer, on a kept-alive
  connection), else it is closed. uvicorn's keep-alive timeout stops counting at the first
  byte, so without this a client sending one byte at a time holds a connection for ever.
  (The body's deadline is ``bot.web.hardening.BodyDeadline``.)
- No proxy headers: uvicorn would otherwise take the client's address and scheme from
  X-Forwarded-For and X-Forwarded-Proto of any client on 127.0.0.1. The gateway reads them
  itself, and only when TRUST_FORWARDED_FOR / TRUST_FORWARDED_PROTO say so.
- Access log lines name the route (``/api/conversations/{id}/messages``), never a
  conversation id or a query string (``bot.core.access_log``).
"""
from __future__ import annotations

import asyncio
import re
from typing import Any, Optional, Type

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from bot.core.access_log import redact_access_log, redact_ids
from bot.core.settings import Settings


def with_head_deadline(base: Type[asyncio.Protocol], timeout_s: float) -> Type[asyncio.Protocol]:
    """uvicorn's HTTP protocol ``base``, closing a connection whose request head is not
    complete ``timeout_s`` after it opened or after its previous response."""

    class HeadDeadline(base):  # type: ignore[valid-type, misc]
        _head_timer: Optional[asyncio.TimerHandle] = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm_head_deadline()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm_head_deadline()

        def connection_lost(self, exc: Optional[Exception]) -> None:
            self._disarm_head_deadline()
            super().connection_lost(exc)

        def _arm_head_deadline(self) -> None:
            self._disarm_head_deadline()
            if not self.transport.is_closing():
                self._head_timer = asyncio.get_running_loop().call_later(timeout_s, self._head_deadline_passed)

        def _disarm_head_deadline(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_deadline_passed(self) -> None:
            self._head_timer = None
            cycle = self.cycle
            waiting_for_a_head = cycle is None or cycle.response_complete
            if waiting_for_a_head and not self.transport.is_closing():
                self.transport.close()

    HeadDeadline.__name__ = HeadDeadline.__qualname__ = f"HeadDeadline{base.__name__}"
    return HeadDeadline


def route_path(app: Starlette):
    """The function that logs a path as its route's template, or with ids hidden when no
    route serves it."""
    templates = [(route.path_regex, re.sub(r"\{(\w+)(:\w+)?\}", r"{\1}", route.path))
                 for route in app.routes if isinstance(route, Route)]

    def redact(path: str) -> str:
        for pattern, template in templates:
            if pattern.match(path):
                return template
        return path if path.startswith("/static/") else redact_ids(path)

    return redact


def server_config(app: Starlette, settings: Settings) -> uvicorn.Config:
    return uvicorn.Config(app, host=settings.web_host, port=settings.web_port, log_level=settings.log_level.lower(),
                          server_header=False, ws="none", proxy_headers=False,
                          http=with_head_deadline(AutoHTTPProtocol, settings.read_timeout_s))


def serve(app: Starlette, settings: Settings) -> None:
    config = server_config(app, settings)  # sets up uvicorn's loggers
    redact_access_log("uvicorn.access", route_path(app))
    uvicorn.Server(config).run()
