"""The browser tests' fixtures: a live gateway (tests.support.browser) per test or per module,
and Debian's Chromium driven by Playwright. Without a Chromium the browser tests skip and say
how to get one."""
from __future__ import annotations

from typing import Iterator

import pytest

from tests.support.browser import LiveGateway, chromium_path, serving


@pytest.fixture
def live_gateway(tmp_path, monkeypatch, cheap_hashing) -> Iterator[LiveGateway]:
    with serving(tmp_path / "gateway.db", monkeypatch) as gateway:
        yield gateway


@pytest.fixture(scope="module")
def module_gateway(tmp_path_factory) -> Iterator[LiveGateway]:
    """One live gateway for a whole test module, for browser tests that each work in their own
    conversation (starting a server per test costs more than most such tests). Each test gets
    the fake Rasa back answering and with no requests: use ``live_gateway_shared``."""
    from bot.staff import passwords
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "SCRYPT_N", 2 ** 4)
        patch.setattr(passwords, "SCRYPT_P", 1)
        patch.setenv("RATE_LIMIT_PER_ADDRESS", "1000")  # every test's browser comes from 127.0.0.1
        with serving(tmp_path_factory.mktemp("gateway") / "gateway.db", patch) as gateway:
            yield gateway


@pytest.fixture
def live_gateway_shared(module_gateway) -> LiveGateway:
    module_gateway.rasa.mode = "ok"
    module_gateway.rasa.requests.clear()
    module_gateway.rasa.during_call = None
    module_gateway.rasa.attachment = None
    module_gateway.rasa.replies = None
    module_gateway.rasa.parsed = None
    module_gateway.rasa.parses.clear()
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
