"""The staff console's pages: ``/kcc`` (log-in, queue, chats), ``/kcc/afspraken``
(appointments) and ``/kcc/content`` (the content owners' inbox, check and figures), and their
static files under ``/static/kcc/``.

The pages are plain HTML that hold no data: their scripts fetch everything from the staff
API with the session cookie, so a page can be served to anyone. The parts every page shares
(the header with its menu, the log-in form) are written once in ``templates/kcc/`` and put
in where a page says ``<!-- include kcc/<name>.html -->``, so the pages cannot drift apart. A strict Content Security
Policy allows only the project's own scripts and styles, so text that a resident typed can
never run as script, even if a renderer made a mistake.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Union

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parents[1] / "static" / "kcc"
TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
_INCLUDE = re.compile(r"^[ \t]*<!-- include (kcc/[a-z_-]+\.html) -->[ \t]*\n", re.MULTILINE)
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


def page_html(name: str) -> str:
    """The page ``name`` of ``STATIC_DIR`` with its include lines replaced by the shared parts.
    Read on every request (the files are small), so an edited page shows without a restart."""
    source = (STATIC_DIR / name).read_text(encoding="utf-8")
    return _INCLUDE.sub(lambda found: (TEMPLATES_DIR / found.group(1)).read_text(encoding="utf-8"), source)


def _page(name: str):
    async def serve(_request: Request) -> HTMLResponse:
        return HTMLResponse(page_html(name), headers=PAGE_HEADERS)

    return serve
