"""The public accountability pages, from configuration: the chat's privacy statement
(``/privacy``), its accessibility statement with the latest automatic test
(``/toegankelijkheid``) and ``/.well-known/security.txt`` (RFC 9116).

The municipality's own facts come from ``verantwoording`` in gemeente.yml; the rest is read
from what the assistant really does: the retention period the purge uses
(TRANSCRIPT_RETENTION_DAYS), the log-in session's length, and the axe-core result that the
browser tests (tests/browser) store in ``reports/axe.json``. A page never states a period
other than the one in force.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Optional

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.config.gemeente import GemeenteConfig, get_gemeente
from bot.core.clock import TIMEZONE
from bot.core.settings import PROJECT_ROOT, Settings
from bot.web.templates import render_page

AXE_REPORT = PROJECT_ROOT / "reports" / "axe.json"
_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
}


@dataclass(frozen=True)
class AxeResult:
    """The latest axe-core run of the browser tests: when, which version, what it checked and
    which rules it found broken (none when the pages passed)."""
    checked_at: datetime
    axe_version: str
    standard: str
    checks: int
    violations: List[str]

    @property
    def checked_at_local(self) -> str:
        return f"{self.checked_at.astimezone(TIMEZONE):%d-%m-%Y %H:%M}"


def read_axe_result(path: Path) -> Optional[AxeResult]:
    """The stored result, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        checks = data["checks"]
        return AxeResult(datetime.fromisoformat(data["checked_at"]), str(data.get("axe_version") or "onbekend"),
                         str(data["standard"]), len(checks),
                         sorted({rule for check in checks for rule in check["violations"]}))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record_axe_result(path: Path, checked_at: datetime, axe_version: str, standard: str, page: str,
                      violations: List[str], fresh: bool) -> None:
    """Adds one axe check of ``page`` to the stored result; ``fresh`` starts a new run."""
    data: Dict[str, Any] = {"checks": []}
    if not fresh:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    data.update(checked_at=checked_at.isoformat(), axe_version=axe_version, standard=standard)
    data.setdefault("checks", []).append({"page": page, "violations": sorted(set(violations))})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def security_txt(config: GemeenteConfig) -> Optional[str]:
    """The RFC 9116 file, or None when the municipality has not filled in ``beveiliging``."""
    if config.verantwoording is None:
        return None
    security = config.verantwoording.beveiliging
    lines = [f"# Kwetsbaarheid gevonden in de chat van gemeente {config.gemeente.naam}? Meld het ons.",
             *(f"Contact: {contact}" for contact in security.contact),
             f"Expires: {security.verloopt.isoformat()}T00:00:00Z",
             f"Policy: {security.beleid}",
             f"Preferred-Languages: {', '.join(security.talen)}"]
    return "\n".join(lines) + "\n"


def _telefoon_link(number: str) -> str:
    return re.sub(r"[^0-9+]", "", number)


class StatementPages:
    """The routes of the accountability pages, reading the current configuration."""

    def __init__(self, settings: Settings, axe_report: Optional[Path] = None):
        self.settings = settings
        self.axe_report = axe_report  # default: AXE_REPORT, looked up on each request

    def routes(self) -> List[Route]:
        return [Route("/privacy", self.privacy, methods=["GET", "HEAD"]),
                Route("/toegankelijkheid", self.accessibility, methods=["GET", "HEAD"]),
                Route("/.well-known/security.txt", self.security, methods=["GET", "HEAD"])]

    def _common(self, config: GemeenteConfig) -> Dict[str, Any]:
        g = config.gemeente
        return {"naam": g.naam, "website": str(g.website), "email": g.email, "telefoon": g.telefoon,
                "telefoon_link": _telefoon_link(g.telefoon), "postadres": g.postadres,
                "verantwoording": config.verantwoording}

    async def privacy(self, _request: Request) -> HTMLResponse:
        config = get_gemeente(self.settings.gemeente_config)
        page = render_page("statements/privacy.html", **self._common(config),
                           bewaardagen=self.settings.transcript_retention_days,
                           agencies=[a.met_lidwoord for a in config.uitvoeringsorganisaties.values()])
        return HTMLResponse(page, headers=_PAGE_HEADERS)

    async def accessibility(self, _request: Request) -> HTMLResponse:
        config = get_gemeente(self.settings.gemeente_config)
        page = render_page("statements/toegankelijkheid.html", **self._common(config),
                           axe=read_axe_result(self.axe_report or AXE_REPORT))
        return HTMLResponse(page, headers=_PAGE_HEADERS)

    async def security(self, _request: Request) -> Response:
        text = security_txt(get_gemeente(self.settings.gemeente_config))
        if text is None:
            return PlainTextResponse("Not found\n", status_code=404)
        return PlainTextResponse(text, headers={"X-Content-Type-Options": "nosniff"})
