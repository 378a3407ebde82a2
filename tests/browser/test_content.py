"""The content owners' page in a real browser: log in, see the inbox, the check and the
figures, annotate a group; axe-core finds no WCAG 2.1 AA violation on the filled page."""
from __future__ import annotations

import shutil
import time
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from bot.conversations.tracker_events import tracker_store_url
from bot.core.clock import utcnow
from bot.core.settings import PROJECT_ROOT, get_settings
from tests.support.browser import axe_violations
from tests.support.content import Seed
from tests.support.staff import PASSWORD, code, make_account


def _wait_until(page, predicate: str, timeout_s: float = 10) -> None:
    """Polls from Python: the console's Content Security Policy forbids the eval that
    Playwright's wait_for_function needs inside the page."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, f"not true within {timeout_s} s: {predicate}"
        time.sleep(0.1)


@pytest.fixture(autouse=True)
def training_copy(tmp_path, monkeypatch):
    shutil.copytree(PROJECT_ROOT / "data" / "nlu", tmp_path / "nlu")
    monkeypatch.setenv("TRAINING_DATA_DIR", str(tmp_path / "nlu"))
    monkeypatch.setenv("NEW_TOPICS_FILE", str(tmp_path / "review" / "nieuwe_onderwerpen.yml"))
    return tmp_path / "nlu"


def test_content_page_logs_in_annotates_and_has_no_axe_violations(live_gateway, page, training_copy):
    url = get_settings().database_url
    seed = Seed(url, tracker_store_url(url))
    now = utcnow()
    for number in range(2):
        seed.user(f"c{number}", "ik ben mijn rijbewijs verloren bij het zwembad", "nlu_fallback", 0.3,
                  now - timedelta(hours=number + 1),
                  ranking=[("nlu_fallback", 0.35), ("reisdocument_kwijt", 0.3)])
    seed.user("c9", "wanneer komt de vuilniswagen", "nlu_fallback", 0.3, now - timedelta(hours=2))
    seed.conversation(now - timedelta(hours=1), [("resident", "ik ben mijn rijbewijs verloren bij het zwembad")])
    make_account("redacteur", ["content"], name="Redacteur")

    page.goto(f"{live_gateway.url}/kcc/content")
    page.get_by_label("Gebruikersnaam").fill("redacteur")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code uit de authenticator-app").fill(code())
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_selector("#inbox-groepen article")
    expect(page.locator("#per-dag-tabel tbody tr")).to_have_count(30)
    expect(page.locator("#controle-status")).to_contain_text("Geen fouten gevonden")  # the check may come last
    _wait_until(page, "() => document.getElementById('trainen-status').textContent.length > 0"
                      " || !document.getElementById('trainen-run').hidden")

    assert page.locator("#inbox-groepen article").count() == 2
    first = page.locator("#inbox-groepen article").first
    assert first.locator("h3").inner_text() == "ik ben mijn rijbewijs verloren bij het zwembad"
    assert first.get_by_label("Onderwerp (intent)").input_value() == ""  # the model fell back: no choice made for them
    first.get_by_label("Onderwerp (intent)").select_option("reisdocument_kwijt")
    assert page.locator("#cijfers-tegels li").first.inner_text().startswith("1")
    assert page.locator("svg.chart[role=img]").count() == 1
    assert axe_violations(page) == []

    first.get_by_role("button", name="Toevoegen aan onderwerp").click()
    expect(first.get_by_role("status")).to_contain_text("toegevoegd")  # said in place, on the decided card
    assert page.locator("#inbox-groepen article:not(.decided)").count() == 1
    assert (training_copy / "reisdocument_kwijt.yml").read_text().endswith(
        "    - ik ben mijn rijbewijs verloren bij het zwembad\n")
    assert axe_violations(page) == []


def _log_in(page, base, username, path="/kcc/content"):
    page.goto(base + path)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code uit de authenticator-app").fill(code())
    page.get_by_role("button", name="Inloggen").click()


def test_the_content_page_has_the_consoles_header_menu_and_log_out(live_gateway, page):
    make_account("beheer", ["admin"], name="Beheerder")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/api/content/retrain", lambda route: route.fulfill(
        status=404, json={"error": "not_found", "detail": "Not found."}))  # the retrain API may be absent
    page.goto(f"{live_gateway.url}/kcc/content")
    page.get_by_role("heading", name="Inloggen").wait_for()
    assert axe_violations(page) == []

    _log_in(page, live_gateway.url, "beheer")
    page.get_by_role("heading", name="Inhoud beheren").wait_for()
    assert page.locator("#who").inner_text() == "Beheerder"
    menu = page.get_by_role("navigation", name="Onderdelen van de console")
    # an administrator also sees the audit log
    assert menu.get_by_role("link").all_inner_texts() == ["Chats", "Afspraken", "Inhoud", "Auditlog", "Sessies"]
    assert menu.get_by_role("link", name="Inhoud").get_attribute("aria-current") == "page"
    expect(page.locator("#trainen-status")).to_have_text("Opnieuw trainen is hier nog niet beschikbaar.")
    csv = page.locator("#inbox-csv").get_attribute("href")
    assert page.evaluate("async (path) => (await fetch(path, {credentials: 'same-origin'})).status", csv) == 200

    menu.get_by_role("link", name="Chats").click()  # the same session on the other console pages
    page.get_by_role("heading", name="Chats").wait_for()
    page.get_by_role("navigation", name="Onderdelen van de console").get_by_role("link", name="Inhoud").click()
    page.get_by_role("heading", name="Inhoud beheren").wait_for()

    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_text("U bent uitgelogd.").wait_for()
    assert page.locator("#app").is_hidden() and page.locator("#account").is_hidden()
    assert page.evaluate("async () => (await fetch('/api/content/inbox', {credentials: 'same-origin'})).status") == 401
    assert errors == []


def test_a_kcc_employee_is_told_the_content_page_is_not_theirs(live_gateway, page):
    make_account("kees", ["kcc"], name="Kees")
    _log_in(page, live_gateway.url, "kees")
    page.get_by_role("heading", name="Geen toegang tot de inhoud").wait_for()
    assert page.locator("#app").is_hidden()
    menu = page.get_by_role("navigation", name="Onderdelen van de console")
    assert menu.get_by_role("link").all_inner_texts() == ["Chats", "Afspraken", "Sessies"]
    assert axe_violations(page) == []
