"""The staff console's pages: ``/kcc`` (log-in, queue, chats), ``/kcc/afspraken``
(appointments), ``/kcc/content`` (the content owners' inbox, check and figures), ``/kcc/antwoorden``
(the answer editor) and
``/kcc/audit`` (the audit log, for administrators), ``/kcc/sessies`` (one's sessions, or
everyone's for an administrator, each with a button to end it), and their
static files under ``/static/kcc/``.

The pages are Jinja2 templates in ``templates/kcc/`` that hold no data: their scripts fetch
everything from the staff API with the session cookie, so a page can be served to anyone. The
parts every page shares (the header with its menu, the log-in form) are written once there and
included with ``{% include "kcc/<name>.html" %}``, so the pages cannot drift apart. A strict Content Security
Policy allows only the project's own scripts and styles, so text that a resident typed can
never run as script, even if a renderer made a mistake.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Union

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.core.clock import TIMEZONE
from bot.web.templates import render_page

STATIC_DIR = Path(__file__).resolve().parents[1] / "static" / "kcc"
PAGES: Dict[str, str] = {"/kcc": "console.html", "/kcc/afspraken": "afspraken.html", "/kcc/content": "content.html",
                         "/kcc/antwoorden": "antwoorden.html",
                         "/kcc/audit": "audit.html", "/kcc/sessies": "sessies.html"}
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


def page_html(name: str) -> str:
    """The page ``templates/kcc/<name>`` with the shared parts included; its times are shown
    in the municipality's zone (``data-tijdzone``, read by static/kcc/time.js)."""
    return render_page(f"kcc/{name}", tijdzone=TIMEZONE.key)


def _page(name: str):
    async def serve(_request: Request) -> HTMLResponse:
        return HTMLResponse(page_html(name), headers=PAGE_HEADERS)

    return serve
