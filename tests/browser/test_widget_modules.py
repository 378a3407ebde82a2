"""The widget as ES modules in a real browser: /widget.js loads them into a page on another
origin listed in WIDGET_ORIGINS (module scripts need CORS there) and the chat works there, and
on the demo page the strict Content Security Policy lets every module run."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator, Tuple

import pytest

from tests.support.browser import LiveGateway
from tests.support.browser import serving as _serving

QUESTION = "Wilt u een afspraak maken?"


@pytest.fixture
def site_and_gateway(tmp_path, monkeypatch, cheap_hashing) -> Iterator[Tuple[str, LiveGateway]]:
    """The municipality's own site (a real server on loopback, another port: another origin;
    Chromium refuses loopback requests from pages it does not know to be local) listed in
    WIDGET_ORIGINS, and the gateway. The site's page embeds the gateway's /widget.js."""
    gateway_url = []

    class Site(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server name)
            body = ('<!DOCTYPE html><html lang="nl"><head><title>Gemeente</title></head><body><main><h1>Site</h1>'
                    f'</main><script src="{gateway_url[0]}/widget.js" data-gemeente-naam="Zandhoven" async></script>'
                    '</body></html>').encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    site = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("WIDGET_ORIGINS", site)
    try:
        with _serving(tmp_path / "gateway.db", monkeypatch) as gateway:
            gateway_url.append(gateway.url)
            yield site, gateway
    finally:
        server.shutdown()
        server.server_close()


def test_the_loader_works_on_a_listed_site_of_another_origin(site_and_gateway, page):
    site, _gateway = site_and_gateway
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    modules = []
    page.on("response", lambda answer: modules.append(answer) if "/static/" in answer.url else None)
    page.goto(f"{site}/")
    page.locator(".gc-launcher").click()
    assert page.locator(".gc-title").inner_text().endswith("Zandhoven")
    page.locator("#gc-input").fill("wat kost een paspoort?")
    page.keyboard.press("Enter")
    page.get_by_text(QUESTION).wait_for()  # the API answered across origins too
    scripts = [answer for answer in modules if answer.url.endswith(".js")]
    assert any(answer.url.endswith("/static/widget/main.js") for answer in scripts)
    assert any(answer.url.endswith("/static/shared/dom.js") for answer in scripts)
    assert all(answer.headers["access-control-allow-origin"] == "*" for answer in scripts)
    assert problems == []


def test_every_module_runs_under_the_demo_pages_policy(live_gateway, page):
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    answer = page.goto(live_gateway.url + "/")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    page.locator(".gc-launcher").click()
    page.locator("#gc-input").wait_for(state="visible")
    assert problems == []  # a refused script or a failed import shows up here
