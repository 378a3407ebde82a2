"""Lets the municipality's own website, on another origin than the gateway, call the resident
API from the chat widget: CORS for the resident paths only, for the origins in
``WIDGET_ORIGINS``. Staff paths never answer another origin, so a page elsewhere cannot use a
KCC employee's session."""
from __future__ import annotations

import re
from typing import Sequence

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

# /api/conversations, /{id}, /{id}/messages, /{id}/messages/{seq}/attachment, /{id}/feedback;
# not /{id}/transcript (staff).
RESIDENT_PATH = re.compile(r"/api/conversations(/[^/]+(/(messages(/[0-9]+/attachment)?|feedback|events))?)?/?")


class ResidentCors:
    """Wraps the app; requests to resident paths go through Starlette's CORS handling."""

    def __init__(self, app: ASGIApp, origins: Sequence[str]):
        self.app = app
        self.cors = CORSMiddleware(app, allow_origins=list(origins), allow_methods=["GET", "POST", "DELETE"],
                                   allow_headers=["Authorization", "Content-Type"], allow_credentials=False,
                                   max_age=600) if origins else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.cors is not None and scope["type"] == "http" and RESIDENT_PATH.fullmatch(scope["path"]):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
