"""The browser tests' harness: the real gateway served by uvicorn on a free loopback port (a
temporary SQLite database, the fake Rasa of the resident API tests), and where Debian's
Chromium is.

``axe_violations(page)`` runs axe-core (shipped inside axe-playwright-python) on the page as
it is and returns what WCAG 2.1 AA rules it breaks, as readable lines. Each run is also stored
in reports/axe.json (the first of a test process starts it afresh), which the accessibility
statement (/toegankelijkheid) shows.
"""
from __future__ import annotations

import os
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, List
from urllib.parse import urlsplit

import httpx

from bot.core.clock import utcnow
from bot.core.settings import get_settings
from bot.db.migrate import upgrade
from bot.web.app import create_app
from bot.web.resident import statements
from tests.support.network import free_port
from tests.support.resident import FakeRasa

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser") or ""


@dataclass
class LiveGateway:
    """A running gateway: its base URL and the fake Rasa behind it (set ``rasa.mode``)."""
    url: str
    rasa: FakeRasa


@contextmanager
def serving(database_path, patch) -> Iterator[LiveGateway]:
    import uvicorn

    patch.setenv("DATABASE_URL", f"sqlite:///{database_path}")
    patch.setenv("RASA_URL", "http://rasa.test:5005")
    patch.setenv("RASA_TIMEOUT_S", "0.5")
    patch.setenv("STAFF_COOKIE_SECURE", "false")  # the test server speaks plain HTTP on loopback
    get_settings.cache_clear()
    upgrade(get_settings().database_url)
    rasa = FakeRasa()
    app = create_app(rasa_transport=httpx.MockTransport(rasa))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test gateway did not start")
        time.sleep(0.02)
    yield LiveGateway(f"http://127.0.0.1:{port}", rasa)
    server.should_exit = True
    thread.join(timeout=10)
    get_settings.cache_clear()


def axe_violations(page) -> List[str]:
    """What axe-core finds against WCAG 2.1 A and AA on the page now, one line per rule."""
    from axe_playwright_python.sync_playwright import Axe

    global _AXE_RECORDED
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}})
    violations = results.response["violations"]
    engine = results.response.get("testEngine") or {}
    statements.record_axe_result(statements.AXE_REPORT, utcnow(), str(engine.get("version") or ""), "WCAG 2.1 AA",
                                 urlsplit(page.url).path or "/", [v["id"] for v in violations],
                                 fresh=not _AXE_RECORDED)
    _AXE_RECORDED = True
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})" for v in violations]


_AXE_RECORDED = False  # whether this test process stored an axe run yet
