"""The browser tests' harness: the real gateway served by uvicorn on a free loopback port (a
temporary SQLite database, the fake Rasa of test_web_api), and Debian's Chromium driven by
Playwright. Without a Chromium the browser tests skip and say how to get one.

``axe_violations(page)`` runs axe-core (shipped inside axe-playwright-python) on the page as
it is and returns what WCAG 2.1 AA rules it breaks, as readable lines.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, List

import httpx
import pytest

from bot.db.migrate import upgrade
from bot.settings import get_settings
from bot.web.app import create_app
from tests.test_web_api import FakeRasa

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser") or ""


@dataclass
class LiveGateway:
    """A running gateway: its base URL and the fake Rasa behind it (set ``rasa.mode``)."""
    url: str
    rasa: FakeRasa


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _serving(database_path, patch) -> Iterator[LiveGateway]:
    import uvicorn

    patch.setenv("DATABASE_URL", f"sqlite:///{database_path}")
    patch.setenv("RASA_URL", "http://rasa.test:5005")
    patch.setenv("RASA_TIMEOUT_S", "0.5")
    patch.setenv("STAFF_COOKIE_SECURE", "false")  # the test server speaks plain HTTP on loopback
    get_settings.cache_clear()
    upgrade(get_settings().database_url)
    rasa = FakeRasa()
    app = create_app(rasa_transport=httpx.MockTransport(rasa))
    port = _free_port()
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


@pytest.fixture
def live_gateway(tmp_path, monkeypatch, cheap_hashing) -> Iterator[LiveGateway]:
    with _serving(tmp_path / "gateway.db", monkeypatch) as gateway:
        yield gateway


@pytest.fixture(scope="module")
def module_gateway(tmp_path_factory) -> Iterator[LiveGateway]:
    """One live gateway for a whole test module, for browser tests that each work in their own
    conversation (starting a server per test costs more than most such tests). Each test gets
    the fake Rasa back answering and with no requests: use ``live_gateway_shared``."""
    from bot.web import passwords

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "SCRYPT_N", 2 ** 4)
        patch.setattr(passwords, "SCRYPT_P", 1)
        patch.setenv("RATE_LIMIT_PER_ADDRESS", "1000")  # every test's browser comes from 127.0.0.1
        with _serving(tmp_path_factory.mktemp("gateway") / "gateway.db", patch) as gateway:
            yield gateway


@pytest.fixture
def live_gateway_shared(module_gateway) -> LiveGateway:
    module_gateway.rasa.mode = "ok"
    module_gateway.rasa.requests.clear()
    module_gateway.rasa.during_call = None
    module_gateway.rasa.attachment = None
    return module_gateway


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module: Playwright's sync API runs an event loop on the main
    thread while it is open, which would break ``asyncio.run`` in the test modules after it."""
    path = chromium_path()
    if not path:
        pytest.skip("no Chromium: install Debian's chromium package (make test does, as root) or set CHROMIUM_PATH")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL")
    opened = context.new_page()
    yield opened
    context.close()


def axe_violations(page) -> List[str]:
    """What axe-core finds against WCAG 2.1 A and AA on the page now, one line per rule."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})"
            for v in results.response["violations"]]
