"""The website chat: the embeddable script (``GET /widget.js``), the window's modules and
style sheet under ``/static/widget/`` (and ``/static/shared/``, the modules the staff console
uses too) and a demo page of the municipality with the chat on it (``GET /``).

``widget.js`` is a small loader in ``static/widget``; when served, the resident-facing texts
from ``content/antwoorden.yml`` (section ``chatvenster`` and the greeting) are put in it, so a
content owner changes the chat's words without touching code, and the page that embeds it
needs one script tag. It carries them in every language the assistant speaks (the English
ones from ``antwoorden.en.yml``): the window's words follow the conversation's language, which
each answer of the resident API names (``locale``). The loader imports the window's ES modules from the gateway, served as
they are (no build step); a module script on another origin needs CORS, so these public files
answer any origin. The demo page (a Jinja2 template) takes the municipality's facts from
``gemeente.yml``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Dict, List, Union

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send

from bot.config.content import Content, get_content, render
from bot.config.facts import base_facts
from bot.config.gemeente import GemeenteConfig, get_gemeente
from bot.core import language
from bot.core.settings import Settings
from bot.web.templates import render_page

STATIC_DIR = Path(__file__).resolve().parents[1] / "static" / "widget"
SHARED_DIR = Path(__file__).resolve().parents[1] / "static" / "shared"
DEMO_TEMPLATE = "widget_demo.html"
CONFIG_MARKER = "/*SERVER_CONFIG*/null"
# Placeholders the script fills itself: the name on the script tag, an employee's name.
SCRIPT_FILLED = ("gemeente.naam", "medewerker.naam")
_DEMO_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
}
_SCRIPT_HEADERS = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
# Public files without credentials: any page may load them, as it may any script by URL.
# no-cache: after an update a browser revalidates, so it never mixes old and new modules.
_STATIC_HEADERS = {"Access-Control-Allow-Origin": "*", **_SCRIPT_HEADERS}


class PublicFiles:
    """The window's static files (modules, style sheets) with ``_STATIC_HEADERS``, so the
    loader can import them into a page on the municipality's own origin."""

    def __init__(self, directory: Path):
        self.files = StaticFiles(directory=directory)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _STATIC_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.files(scope, receive, send_with_headers)


class WidgetPages:
    """The routes of the website chat, reading the current content and configuration."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def routes(self) -> List[Union[Route, Mount]]:
        return [Route("/", self.demo_page, methods=["GET", "HEAD"]),
                Route("/widget.js", self.script, methods=["GET", "HEAD"]),
                Mount("/static/widget", app=PublicFiles(STATIC_DIR), name="widget-static"),
                Mount("/static/shared", app=PublicFiles(SHARED_DIR), name="shared-static")]

    async def demo_page(self, _request: Request) -> HTMLResponse:
        return HTMLResponse(demo_page(get_gemeente(self.settings.gemeente_config)), headers=_DEMO_HEADERS)

    async def script(self, _request: Request) -> Response:
        config = get_gemeente(self.settings.gemeente_config)
        by_language = texts_by_language(self.settings, config)
        source = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
        # "texts" are the default language's (Dutch); "languages" the others', by code.
        served: Dict[str, object] = {"gemeente": config.gemeente.naam, "texts": by_language.pop(language.DEFAULT),
                                     "languages": by_language}
        return Response(script_with_config(source, served),
                        media_type="text/javascript; charset=utf-8", headers=_SCRIPT_HEADERS)


def texts_by_language(settings: Settings, config: GemeenteConfig) -> Dict[str, Dict[str, str]]:
    """The chat window's texts in each language the assistant speaks (``bot.core.language``);
    a text the English content lacks is the Dutch one (``make check-config`` lists it)."""
    by_language = {}
    for code in language.LANGUAGES:
        with language.using(code):
            by_language[code] = widget_texts(get_content(settings.content_file), config)
    return by_language


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


def demo_page(config: GemeenteConfig) -> str:
    """The demo website of the municipality; the template escapes every fact for HTML."""
    g, balie = config.gemeente, config.balie
    facts = base_facts(config)
    return render_page(
        DEMO_TEMPLATE, naam=g.naam, website=str(g.website), telefoon=g.telefoon,
        telefoon_link=re.sub(r"[^0-9+]", "", g.telefoon), email=g.email, postadres=g.postadres,
        balie_naam=balie.naam, balie_adres=balie.volledig_adres, voorbeeld=g.voorbeeld,
        openingstijden=_lines(facts["balie.openingstijden"]), telefoon_tijden=_lines(facts["telefoon.tijden"]),
        popups=[location for _key, location in config.popups()])


def _lines(lines: object) -> List[str]:
    """A fact of bulleted lines ("• maandag: ...") as the lines without their bullets."""
    return [line.lstrip("• ") for line in str(lines or "").split("\n") if line]
