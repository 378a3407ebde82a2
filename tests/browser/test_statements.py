"""The accountability pages in a real browser: axe-core finds nothing against WCAG 2.1 AA on
the privacy and accessibility statements, and each can be read and left by keyboard."""
from __future__ import annotations

import pytest

from tests.support.browser import axe_violations


@pytest.mark.parametrize("path, heading", [("/privacy", "Privacy in de chat"),
                                           ("/toegankelijkheid", "Toegankelijkheid van de chat")])
def test_axe_finds_nothing_on_the_statements(live_gateway_shared, page, path, heading):
    page.goto(live_gateway_shared.url + path)
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert axe_violations(page) == []


def test_the_statements_are_linked_from_the_demo_page_by_keyboard(live_gateway_shared, page):
    page.goto(live_gateway_shared.url + "/")
    link = page.get_by_role("link", name="Privacy in de chat")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/privacy")
    assert page.get_by_role("heading", level=1).inner_text() == "Privacy in de chat"
