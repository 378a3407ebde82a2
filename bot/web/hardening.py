"""HTTP hardening of every gateway response and request (pure ASGI, so streaming and the
lifespan pass through untouched):

- ``X-Content-Type-Options: nosniff`` on every response, and ``Cache-Control: no-store`` on
  every API response (they carry conversations, appointments and accounts) and on every other
  response that chose no caching of its own, except the public files under ``/static/``: no
  browser or proxy keeps a copy of personal data.
- ``Strict-Transport-Security`` when the request came over HTTPS: the connection's own scheme,
  or ``X-Forwarded-Proto`` only when TRUST_FORWARDED_PROTO says a reverse proxy sets it.
- A deadline for reading a request's body (READ_TIMEOUT_S): a client that declares 100 bytes
  and sends 1 gets ``408`` when the deadline passes, and the connection is closed. The
  deadline for the request head is the server's (``bot.web.server``).
"""
from __future__ import annotations

import asyncio
import time
from typing import List, Tuple

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.web.errors import ApiError

HSTS = "max-age=31536000"  # a year; no includeSubDomains: the municipality's other hosts are not ours to bind
NO_STORE = "no-store"
PUBLIC_PREFIX = "/static/"


def _forwarded_proto(headers: List[Tuple[bytes, bytes]]) -> str:
    """The last X-Forwarded-Proto value: the one the (one) trusted proxy set."""
    values = [v.decode("latin-1") for k, v in headers if k == b"x-forwarded-proto"]
    parts = [p.strip().lower() for p in ",".join(values).split(",") if p.strip()]
    return parts[-1] if parts else ""


def came_over_https(scope: Scope, trust_forwarded_proto: bool) -> bool:
    if scope.get("scheme") == "https":
        return True
    return trust_forwarded_proto and _forwarded_proto(scope.get("headers") or []) == "https"


class SecurityHeaders:
    """Adds the headers above to every HTTP response."""

    def __init__(self, app: ASGIApp, trust_forwarded_proto: bool = False):
        self.app = app
        self.trust_forwarded_proto = trust_forwarded_proto

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        api = path.startswith("/api/") or path == "/openapi.json"
        public = path.startswith(PUBLIC_PREFIX)
        https = came_over_https(scope, self.trust_forwarded_proto)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                if api:
                    headers["Cache-Control"] = NO_STORE
                elif not public and "cache-control" not in headers:
                    headers["Cache-Control"] = NO_STORE
                if https:
                    headers["Strict-Transport-Security"] = HSTS
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyDeadline:
    """Reading a request's body must end within ``timeout_s`` of the request's start; when
    it does not, reading raises an ``ApiError`` that the error handlers answer with ``408``
    and ``Connection: close``, so the server drops the connection."""

    def __init__(self, app: ASGIApp, timeout_s: float):
        self.app = app
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        deadline = time.monotonic() + self.timeout_s
        body_done = False

        async def receive_in_time() -> Message:
            nonlocal body_done
            if body_done:
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(deadline - time.monotonic(), 0.0))
            except asyncio.TimeoutError:
                raise ApiError(408, "request_timeout", f"The request was not complete within {self.timeout_s:g} "
                                                       "seconds.", headers={"Connection": "close"}) from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        await self.app(scope, receive_in_time, send)
