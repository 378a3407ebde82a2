"""The answer editor in a real browser: from the content page to /kcc/antwoorden, find an
answer, type, and see the B1 score the server measures change while typing, with unknown
placeholders flagged; save, and the version with who and when appears; restore the old one.
axe-core finds no WCAG 2.1 AA violation, also with the errors shown."""
from __future__ import annotations

import shutil

import pytest
import yaml
from playwright.sync_api import expect

from bot.config.content import get_content
from bot.content_tools.editor.rules import answers_in, plain_language
from bot.core.settings import PROJECT_ROOT
from tests.support.browser import axe_violations
from tests.support.staff import PASSWORD, code, make_account

HARD = ("Teneinde een aanvraag tot verstrekking van een nationaal reisdocument te effectueren, dient de "
        "belanghebbende persoonlijk te verschijnen.")
TYPO = "Graag gedaan! Heeft u nog een vraag? Bel dan {gemeente.telfoon}."
GOOD = "Graag gedaan! Heeft u nog een vraag? Bel dan {gemeente.telefoon}."


@pytest.fixture(autouse=True)
def content_file(tmp_path, monkeypatch):
    target = tmp_path / "antwoorden.yml"
    shutil.copy(PROJECT_ROOT / "content" / "antwoorden.yml", target)
    monkeypatch.setenv("CONTENT_FILE", str(target))
    return target


def score(text: str) -> str:
    return f"{plain_language(text).flesch_douma:.0f}"


def test_the_live_b1_score_a_save_and_a_restore(live_gateway, page, content_file):
    make_account("redacteur", ["content"], name="Redacteur")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_gateway.url}/kcc/content")
    page.get_by_label("Gebruikersnaam").fill("redacteur")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code uit de authenticator-app").fill(code())
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Antwoorden bewerken").click()
    page.get_by_role("heading", name="Antwoorden bewerken").wait_for()
    shipped = len(answers_in(yaml.safe_load(content_file.read_text(encoding="utf-8"))))
    expect(page.locator("#zoeken-status")).to_have_text(f"{shipped} antwoorden.")

    page.get_by_label("Zoek in de antwoorden").fill("Graag gedaan")
    expect(page.locator("#zoeken-status")).to_have_text("1 antwoord gevonden.")
    page.get_by_role("link", name="bedankt").click()
    expect(page.get_by_role("heading", name="bedankt")).to_be_focused()
    live_text = get_content(content_file).text("gesprek", "bedankt")
    box = page.get_by_label("Tekst")
    expect(box).to_have_value(live_text)
    expect(page.locator("#score")).to_have_text(score(live_text))
    expect(page.locator("#score-oordeel")).to_have_text("B1 gehaald")
    assert axe_violations(page) == []

    box.fill(HARD)  # the score follows the typing, as the server measures it
    expect(page.locator("#score")).to_have_text(score(HARD))
    expect(page.locator("#score-oordeel")).to_have_text("onder B1 (minstens 60)")
    expect(page.locator("#meting-fouten li[data-code=below_b1]")).to_contain_text("Fout: De leesbaarheid is")
    box.fill(TYPO)
    expect(page.locator("#meting-fouten li[data-code=unknown_placeholder]")).to_contain_text("{gemeente.telfoon}")
    expect(page.locator("#score-oordeel")).to_have_text("B1 gehaald")
    assert axe_violations(page) == []  # with the errors shown

    page.get_by_role("button", name="Opslaan").click()  # refused: nothing changes
    expect(page.locator("#opslaan-status")).to_contain_text("Niet opgeslagen.")
    assert get_content(content_file).text("gesprek", "bedankt") == live_text

    box.fill(GOOD)
    expect(page.locator("#meting-fouten li")).to_have_count(0)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#opslaan-status")).to_have_text("Opgeslagen als versie 2. Inwoners zien de nieuwe tekst meteen.")
    assert get_content(content_file).text("gesprek", "bedankt") == GOOD
    rows = page.locator("#versies-lijst tr")
    expect(rows).to_have_count(2)
    assert rows.nth(0).locator("td").all_inner_texts()[2:4] == ["redacteur", "Bewerkt"]
    expect(rows.nth(0)).to_contain_text("Nu in gebruik")
    assert rows.nth(1).locator("td").all_inner_texts()[2:4] == ["–", "Stond in het bestand"]
    assert axe_violations(page) == []
    (PROJECT_ROOT / "reports").mkdir(exist_ok=True)
    page.screenshot(path=str(PROJECT_ROOT / "reports" / "answer-editor-1280.png"), full_page=False)

    page.get_by_role("button", name="Versie 1 terugzetten").click()
    expect(page.locator("#opslaan-status")).to_have_text("Versie 1 staat weer live, als versie 3.")
    expect(box).to_have_value(live_text)
    assert get_content(content_file).text("gesprek", "bedankt") == live_text
    expect(rows).to_have_count(3)

    box.fill("Nog niet opgeslagen.")  # another answer with unsaved text: asked first
    page.get_by_label("Zoek in de antwoorden").fill("Tot ziens")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("link", name="afscheid").click()
    expect(page.locator("#editor-title")).to_have_text("bedankt")
    expect(box).to_have_value("Nog niet opgeslagen.")
    assert asked == ["Uw wijzigingen zijn nog niet opgeslagen. Wilt u ze weggooien?"]
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="afscheid").click()
    expect(page.locator("#editor-title")).to_have_text("afscheid")

    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the index and the editor stack, nothing
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # wider than the screen
    page.screenshot(path=str(PROJECT_ROOT / "reports" / "answer-editor-390.png"), full_page=False)
    assert axe_violations(page) == []
    assert errors == []


def test_a_kcc_employee_is_told_the_editor_is_not_theirs(live_gateway, page):
    make_account("kees", ["kcc"], name="Kees")
    page.goto(f"{live_gateway.url}/kcc/antwoorden")
    page.get_by_label("Gebruikersnaam").fill("kees")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code uit de authenticator-app").fill(code())
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Geen toegang tot de antwoorden").wait_for()
    assert page.locator("#app").is_hidden()
