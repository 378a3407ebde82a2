"""The website chat: the embeddable script (``GET /widget.js``), its style sheet under
``/static/widget/`` and a demo page of the municipality with the chat on it (``GET /``).

The script is a plain file in ``static/widget``; when served, its resident-facing texts from
``content/antwoorden.yml`` (section ``chatvenster`` and the greeting) are put in it, so a
content owner changes the chat's words without touching code, and the page that embeds it
needs one script tag. The demo page takes the municipality's facts from ``gemeente.yml``.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from string import Template
from typing import Dict, List, Union

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.config.content import Content, get_content, render
from bot.config.facts import base_facts
from bot.config.gemeente import GemeenteConfig, get_gemeente
from bot.core.settings import Settings

STATIC_DIR = Path(__file__).resolve().parents[1] / "static" / "widget"
DEMO_TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "widget_demo.html"
CONFIG_MARKER = "/*SERVER_CONFIG*/null"
# Placeholders the script fills itself: the name on the script tag, an employee's name.
SCRIPT_FILLED = ("gemeente.naam", "medewerker.naam")
_DEMO_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
}
_SCRIPT_HEADERS = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}


class WidgetPages:
    """The routes of the website chat, reading the current content and configuration."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def routes(self) -> List[Union[Route, Mount]]:
        return [Route("/", self.demo_page, methods=["GET", "HEAD"]),
                Route("/widget.js", self.script, methods=["GET", "HEAD"]),
                Mount("/static/widget", app=StaticFiles(directory=STATIC_DIR), name="widget-static")]

    async def demo_page(self, _request: Request) -> HTMLResponse:
        page = demo_page(DEMO_TEMPLATE.read_text(encoding="utf-8"), get_gemeente(self.settings.gemeente_config))
        return HTMLResponse(page, headers=_DEMO_HEADERS)

    async def script(self, _request: Request) -> Response:
        config = get_gemeente(self.settings.gemeente_config)
        texts = widget_texts(get_content(self.settings.content_file), config)
        source = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
        return Response(script_with_config(source, {"gemeente": config.gemeente.naam, "texts": texts}),
                        media_type="text/javascript; charset=utf-8", headers=_SCRIPT_HEADERS)


def widget_texts(content: Content, config: GemeenteConfig) -> Dict[str, str]:
    """The chat window's texts with the municipality's facts filled in; the placeholders of
    ``SCRIPT_FILLED`` stay for the script. ``welkom`` is the assistant's greeting."""
    facts = {**base_facts(config), **{name: "{" + name + "}" for name in SCRIPT_FILLED}}
    texts = {key: render(str(value), facts) for key, value in (content.raw.get("chatvenster") or {}).items()}
    texts["welkom"] = render(content.text("gesprek", "begroeting"), base_facts(config))
    return texts


def script_with_config(source: str, config: Dict[str, object]) -> str:
    """The script with ``config`` in place of its marker, as JSON that cannot end the script
    element or a JavaScript string early."""
    data = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    if CONFIG_MARKER not in source:
        raise ValueError("widget.js has lost its configuration marker")
    return source.replace(CONFIG_MARKER, data, 1)


def demo_page(template: str, config: GemeenteConfig) -> str:
    """The demo website of the municipality, every fact escaped for HTML."""
    g, balie = config.gemeente, config.balie
    facts = base_facts(config)
    esc = html.escape
    popups = "".join(f"<li>{esc(loc.naam)}, {esc(loc.adres)}, {esc(loc.plaats)}</li>" for _key, loc in config.popups())
    values = {
        "naam": esc(g.naam), "website": esc(str(g.website)), "telefoon": esc(g.telefoon),
        "telefoon_link": esc(re.sub(r"[^0-9+]", "", g.telefoon)), "email": esc(g.email),
        "postadres": esc(g.postadres), "balie_naam": esc(balie.naam), "balie_adres": esc(balie.volledig_adres),
        "openingstijden": _list_items(facts["balie.openingstijden"]),
        "telefoon_tijden": _list_items(facts["telefoon.tijden"]),
        "voorbeeld_hidden": "" if g.voorbeeld else " hidden", "popups": popups,
        "popups_hidden": "" if popups else " hidden",
    }
    return Template(template).substitute(values)


def _list_items(lines: object) -> str:
    return "".join(f"<li>{html.escape(line.lstrip('• '))}</li>" for line in str(lines or "").split("\n") if line)
