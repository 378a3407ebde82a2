"""The browser harness itself: the live gateway answers, and axe-core catches a real fault, so
an empty violation list from it means something."""
from __future__ import annotations

import httpx

from tests.support.browser import axe_violations


def test_live_gateway_serves_the_api(live_gateway):
    made = httpx.post(f"{live_gateway.url}/api/conversations", json={})
    assert made.status_code == 201
    assert set(made.json()) == {"conversation_id", "token", "locale"}


def test_axe_reports_a_missing_label_and_low_contrast(page):
    page.set_content('<html lang="nl"><head><title>t</title></head><body><main>'
                     '<input type="text"><p style="color:#bbb;background:#fff">grijs op wit</p></main></body></html>')
    found = " ".join(axe_violations(page))
    assert "label" in found
    assert "color-contrast" in found


def test_axe_passes_a_clean_page(page):
    page.set_content('<html lang="nl"><head><title>t</title></head><body><main><h1>Hallo</h1>'
                     '<label for="v">Vraag</label><input id="v" type="text"></main></body></html>')
    assert axe_violations(page) == []
