"""The content owners' inbox and retrain controls in a real browser (issue 13): only real
misses arrive (no form answers, no clicks; out-of-scope messages and rejected answers do), a
page of groups at a time with "Meer tonen", the focus stays in place after a decision, no
intent is chosen for the content owner when the model was unsure, and the rollback waits
until there is a model to go back to while "Opnieuw trainen" says how long it takes. axe-core
finds no WCAG 2.1 AA violation on the filled page."""
from __future__ import annotations

import json
import shutil
import time
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from bot.conversations.tracker_events import tracker_store_url
from bot.core.clock import utcnow
from bot.core.settings import PROJECT_ROOT, get_settings
from bot.db.models import ConversationMessageRow
from bot.retraining import live, runs
from tests.support.browser import axe_violations
from tests.support.content import Seed
from tests.support.retrain import model
from tests.support.staff import PASSWORD, code, make_account


@pytest.fixture(autouse=True)
def isolated_files(tmp_path, monkeypatch):
    """Annotations go to a copy of data/nlu, models to an empty folder (set before the gateway starts)."""
    shutil.copytree(PROJECT_ROOT / "data" / "nlu", tmp_path / "nlu")
    monkeypatch.setenv("TRAINING_DATA_DIR", str(tmp_path / "nlu"))
    monkeypatch.setenv("NEW_TOPICS_FILE", str(tmp_path / "review" / "nieuwe_onderwerpen.yml"))
    monkeypatch.setenv("MODELS_DIR", str(tmp_path / "models"))
    (tmp_path / "models").mkdir()
    return tmp_path


def _seed() -> Seed:
    url = get_settings().database_url
    return Seed(url, tracker_store_url(url))


def _log_in(page, base: str) -> None:
    make_account("redacteur", ["content"], name="Redacteur")
    page.goto(f"{base}/kcc/content")
    page.get_by_label("Gebruikersnaam").fill("redacteur")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code uit de authenticator-app").fill(code())
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Inhoud beheren").wait_for()


def _wait_until(page, predicate: str, timeout_s: float = 10) -> None:
    """Polls from Python: the console's Content Security Policy forbids Playwright's eval."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, f"not true within {timeout_s} s: {predicate}"
        time.sleep(0.1)


def _card(page, title: str):
    return page.locator("#inbox-groepen article").filter(has=page.get_by_role("heading", name=title, exact=True))


def test_only_real_misses_arrive_and_no_intent_is_chosen_when_the_model_was_unsure(live_gateway, page):
    seed = _seed()
    at = utcnow() - timedelta(hours=2)
    # a booking: its form took "maandagochtend", "Ja, maak de afspraak" was a click, thumbs under its questions
    seed.user("boek", "ik wil een afspraak maken", "afspraak_maken", 0.97, at)
    seed.action("boek", "afspraak_form", at + timedelta(seconds=1))
    seed.form_turn("boek", "afspraak_form", "dag", "maandagochtend", at + timedelta(seconds=2))
    seed.user("boek", "/bevestigen", "bevestigen", 1.0, at + timedelta(seconds=30))
    booking = seed.conversation(at, [("resident", "ik wil een afspraak maken"), ("bot", "Welke dag past u?"),
                                     ("resident", "maandagochtend"), ("bot", "Zal ik de afspraak maken?"),
                                     ("resident", "Ja, maak de afspraak"), ("bot", "Uw afspraak staat.")])
    with seed.sessions.begin() as session:
        for seq, kind in ((2, "question"), (4, "question"), (6, "confirmation")):
            session.execute(update(ConversationMessageRow).where(ConversationMessageRow.conversation_id == booking,
                                                                 ConversationMessageRow.seq == seq).values(kind=kind))
        session.execute(update(ConversationMessageRow).where(ConversationMessageRow.conversation_id == booking,
                                                             ConversationMessageRow.seq == 4)
                        .values(buttons=json.dumps([{"title": "Ja, maak de afspraak", "payload": "/bevestigen"}])))
    for seq in (2, 4, 6):
        seed.thumbs(booking, seq, helpful=False, at=at + timedelta(minutes=7))
    seed.handover(booking, at + timedelta(minutes=6, seconds=30))
    # real misses
    seed.user("oos", "hondenbelasting", "out_of_scope", 0.97, at)
    seed.action("oos", "action_reply_conversation", at + timedelta(seconds=1))
    seed.user("gibberish", "asdfgh", "out_of_scope", 0.91, at)
    seed.action("gibberish", "action_reply_conversation", at + timedelta(seconds=1))
    seed.user("afwijzing", "wanneer komt de vuilniswagen", "verhuizing_doorgeven", 0.93, at)
    seed.action("afwijzing", "action_answer_topic", at + timedelta(seconds=1))
    seed.user("afwijzing", "nee dat bedoel ik niet", "ontkennen", 0.9, at + timedelta(seconds=20))
    seed.user("terugval", "ik ben mijn rijbewijs verloren bij het zwembad", "nlu_fallback", 0.3, at,
              ranking=[("nlu_fallback", 0.3), ("reisdocument_kwijt", 0.28)])
    seed.user("twijfel", "mag mijn buurman mijn pas halen", "reisdocument_ophalen", 0.45, at)

    _log_in(page, live_gateway.url)
    page.wait_for_selector("#inbox-groepen article")
    titles = page.locator("#inbox-groepen article h3").all_inner_texts()
    assert sorted(titles) == sorted(["hondenbelasting", "asdfgh", "wanneer komt de vuilniswagen",
                                     "ik ben mijn rijbewijs verloren bij het zwembad",
                                     "mag mijn buurman mijn pas halen"])
    assert "buiten ons aanbod: 1" in _card(page, "hondenbelasting").locator(".tags").inner_text()
    rejected = _card(page, "wanneer komt de vuilniswagen")
    assert "inwoner: dat bedoel ik niet: 1" in rejected.locator(".tags").inner_text()
    assert "de inwoner wees dat af" in rejected.locator(".meta").inner_text()
    # no intent chosen for them when the model was unsure or the resident turned its answer down
    assert _card(page, "ik ben mijn rijbewijs verloren bij het zwembad").get_by_label(
        "Onderwerp (intent)").input_value() == ""
    assert "twijfelde" in _card(page, "ik ben mijn rijbewijs verloren bij het zwembad").locator(".meta").inner_text()
    assert rejected.get_by_label("Onderwerp (intent)").input_value() == ""
    assert _card(page, "hondenbelasting").get_by_label("Onderwerp (intent)").input_value() == ""
    # answered, only a little unsure, and not turned down: the model's intent is offered
    assert _card(page, "mag mijn buurman mijn pas halen").get_by_label(
        "Onderwerp (intent)").input_value() == "reisdocument_ophalen"
    assert axe_violations(page) == []


_WORDS = ["grofvuil", "hondenpenning", "kerstboom", "bladkorf", "stoeptegel", "lantaarnpaal", "speeltuin",
          "zwerfkat", "fietswrak", "snoeiafval", "boomwortel", "geluidsoverlast", "parkeerschijf", "bouwvergunning",
          "marktkraam", "evenement", "zonnepaneel", "dakkapel", "kapvergunning", "ligplaats", "standplaats",
          "bijenkast", "kippenhok", "schutting", "oprit"]


def test_a_page_at_a_time_and_the_focus_stays_in_place_after_a_decision(live_gateway, page):
    seed = _seed()
    at = utcnow() - timedelta(hours=3)
    for number, word in enumerate(_WORDS):
        for repeat, text in enumerate((word, f"{word}?", f"een {word}")):  # a few examples each
            seed.user(f"c{number}-{repeat}", text, "nlu_fallback", 0.3, at + timedelta(minutes=number))
    page.set_viewport_size({"width": 1280, "height": 800})
    _log_in(page, live_gateway.url)
    page.wait_for_selector("#inbox-groepen article")
    cards = page.locator("#inbox-groepen article")
    expect(cards).to_have_count(10)
    more = page.get_by_role("button", name="Meer tonen")
    expect(more).to_have_text("Meer tonen (nog 15)")
    height = page.evaluate("() => Math.round(document.getElementById('inbox').getBoundingClientRect().height)")
    print(f"inbox section with 25 groups, first page shown: {height} px at 1280x800")  # pytest -s shows it
    assert height < 6000

    third, fourth = cards.nth(2), cards.nth(3)
    fourth_title = fourth.locator("h3").inner_text()
    third.get_by_role("button", name="Negeren").scroll_into_view_if_needed()
    before = page.evaluate("() => window.scrollY")
    third.get_by_role("button", name="Negeren").click()
    expect(third.get_by_role("status")).to_contain_text("Genegeerd.")
    expect(third.get_by_role("status")).to_contain_text("Nog 9 groep(en) open.")
    _wait_until(page, "() => document.activeElement && document.activeElement.tagName === 'H3'")
    assert page.evaluate("() => document.activeElement.textContent") == fourth_title
    assert third.get_by_role("button", name="Negeren").count() == 0  # the card shrank to its outcome, in place
    assert abs(page.evaluate("() => window.scrollY") - before) < 600  # not thrown back to the top
    assert page.evaluate("() => window.scrollY") > 300

    more.click()
    expect(page.locator("#inbox-groepen article:not(.decided)")).to_have_count(19)
    expect(page.locator("#inbox-meer-status")).to_have_text("19 van 24 groepen getoond.")
    expect(more).to_have_text("Meer tonen (nog 5)")
    titles = page.locator("#inbox-groepen article h3").all_inner_texts()
    assert len(titles) == len(set(titles)) == 20  # nothing shown twice, nothing skipped
    _wait_until(page, "() => document.activeElement === document.querySelectorAll('#inbox-groepen article h3')[10]")
    assert axe_violations(page) == []

    more.click()
    expect(page.locator("#inbox-groepen article:not(.decided)")).to_have_count(24)
    expect(more).to_be_hidden()
    assert sorted(page.locator("#inbox-groepen article h3").all_inner_texts()) == sorted(
        {t for t in page.locator("#inbox-groepen article h3").all_inner_texts()})


def test_the_last_open_card_keeps_the_focus_on_its_outcome(live_gateway, page):
    seed = _seed()
    seed.user("c1", "hondenbelasting", "out_of_scope", 0.97, utcnow() - timedelta(hours=1))
    _log_in(page, live_gateway.url)
    card = _card(page, "hondenbelasting")
    card.get_by_role("button", name="Negeren").click()
    expect(card.get_by_role("status")).to_have_text("Genegeerd. Geen groepen meer open op deze pagina.")
    _wait_until(page, "() => document.activeElement && document.activeElement.getAttribute('role') === 'status'")


def test_the_rollback_waits_for_a_model_to_go_back_to_and_retraining_says_how_long(live_gateway, page,
                                                                                  isolated_files):
    _log_in(page, live_gateway.url)
    rollback = page.get_by_role("button", name="Vorig model terugzetten")
    expect(page.locator("#trainen-duur")).to_contain_text("naar schatting 2 minuten")
    expect(rollback).to_be_disabled()
    assert page.locator("#terugdraaien-uitleg").inner_text() == "Er is nog geen vorig model om terug te zetten."
    assert rollback.get_attribute("aria-describedby") == "terugdraaien-uitleg"
    assert page.get_by_role("button", name="Opnieuw trainen").get_attribute("aria-describedby") == "trainen-duur"
    assert axe_violations(page) == []

    models = isolated_files / "models"
    old, new = model(models, "oud"), model(models, "nieuw")
    live.make_live(models, old)
    live.make_live(models, new)
    sessions = _seed().sessions
    with sessions.begin() as session:
        run_id = runs.start(session, "redacteur").id
    with sessions.begin() as session:
        runs.finish(session, run_id, "deployed", {"seconds": 184.2})
    page.reload()
    page.get_by_role("heading", name="Inhoud beheren").wait_for()
    expect(rollback).to_be_enabled()
    expect(page.locator("#trainen-duur")).to_contain_text(
        f"Opnieuw trainen duurt ongeveer 3 minuten: zo lang duurde de vorige training (training {run_id}).")
    expect(page.locator("#terugdraaien-uitleg")).to_contain_text(old.name)
    assert axe_violations(page) == []
