"""The staff console's pages: ``/kcc`` (log-in, queue, chats), ``/kcc/afspraken``
(appointments) and ``/kcc/content`` (the content owners' inbox, check and figures), and their
static files under ``/static/kcc/``.

The pages are plain HTML that hold no data: their scripts fetch everything from the staff
API with the session cookie, so a page can be served to anyone. A strict Content Security
Policy allows only the project's own scripts and styles, so text that a resident typed can
never run as script, even if a renderer made a mistake.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Union

from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent / "static" / "kcc"
PAGES: Dict[str, str] = {"/kcc": "console.html", "/kcc/afspraken": "afspraken.html", "/kcc/content": "content.html"}
PAGE_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                                "frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def console_routes() -> List[Union[Route, Mount]]:
    routes: List[Union[Route, Mount]] = [Route(path, _page(name), methods=["GET", "HEAD"])
                                         for path, name in PAGES.items()]
    routes.append(Mount("/static/kcc", app=StaticFiles(directory=STATIC_DIR), name="kcc-static"))
    return routes


def _page(name: str):
    path = STATIC_DIR / name

    async def serve(_request: Request) -> FileResponse:
        return FileResponse(path, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)

    return serve
