"""Rasa's tracker store with cheaper statements: the same table, the same rows and the same
reading as Rasa's SQLTrackerStore, on SQLite and PostgreSQL alike."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore, create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.utils.endpoints import read_endpoint_config
from sqlalchemy import create_engine, text

from bot.conversations.tracker_store import ConversationTrackerStore

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [paspoort_id_aanvragen]
slots:
  onderwerp: {type: text, influence_conversation: false, mappings: [{type: custom}]}
actions: [action_answer_topic]
""")


def run(coroutine):
    return asyncio.run(coroutine)


def turn(tracker, question: str, answer: str) -> None:
    tracker.update(UserUttered(question, {"name": "paspoort_id_aanvragen", "confidence": 0.9}))
    tracker.update(ActionExecuted("action_answer_topic"))
    tracker.update(BotUttered(answer))
    tracker.update(SlotSet("onderwerp", "paspoort"))
    tracker.update(ActionExecuted("action_listen"))


def start_session(tracker) -> None:
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))


@pytest.fixture
def url(database_url):
    return database_url


def stores(url):
    return (ConversationTrackerStore(domain=DOMAIN, host=url),
            SQLTrackerStore(domain=DOMAIN, host=url))


def test_endpoints_yml_names_this_store_and_rasa_loads_it(monkeypatch, tmp_path):
    """Rasa falls back to a memory store, silently but for a warning, when the class cannot be loaded."""
    monkeypatch.setenv("TRACKER_DIALECT", "sqlite")
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'rasa-tracker.db'}")
    for name in ("ACTIONS_HOST", "ACTIONS_PORT", "ACTIONS_SECRET"):
        monkeypatch.setenv(name, "x")
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    store = create_tracker_store(config, DOMAIN)
    assert isinstance(store._tracker_store if hasattr(store, "_tracker_store") else store, ConversationTrackerStore)


def test_what_one_stores_the_other_reads_event_for_event(url):
    ours, rasas = stores(url)
    tracker = run(ours.get_or_create_tracker("gesprek-1"))
    start_session(tracker)
    turn(tracker, "wat kost een paspoort", "€ 84,60")
    run(ours.save(tracker))
    read_by_rasa = run(rasas.retrieve("gesprek-1"))
    assert list(read_by_rasa.events) == list(run(ours.retrieve("gesprek-1")).events)
    turn(read_by_rasa, "en een id-kaart?", "€ 70,45")
    run(rasas.save(read_by_rasa))
    assert list(run(ours.retrieve("gesprek-1")).events) == list(read_by_rasa.events)


def test_the_rows_are_rasas_own(url):
    ours, rasas = stores(url)
    for store, sender in ((ours, "ons"), (rasas, "rasa")):
        tracker = run(store.get_or_create_tracker(sender))
        start_session(tracker)
        turn(tracker, "wat kost een paspoort", "€ 84,60")
        run(store.save(tracker))
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = {sender: connection.execute(text(
                "select type_name, timestamp, intent_name, action_name, data from events "
                "where sender_id = :sender order by id"), {"sender": sender}).all()
                for sender in ("ons", "rasa")}
    finally:
        engine.dispose()
    assert [r[0] for r in rows["ons"]] == [r[0] for r in rows["rasa"]]
    assert [(r[2], r[3]) for r in rows["ons"]] == [(r[2], r[3]) for r in rows["rasa"]]
    assert ("paspoort_id_aanvragen", None) in [(r[2], r[3]) for r in rows["ons"]]
    assert all(r[1] is not None and r[4].startswith("{") for r in rows["ons"])


def test_each_turn_stores_only_its_new_events(url):
    ours, rasas = stores(url)
    for store, sender in ((ours, "ons"), (rasas, "rasa")):
        tracker = run(store.get_or_create_tracker(sender))
        start_session(tracker)
        run(store.save(tracker))
        for question in ("wat kost een paspoort", "en een id-kaart?", "hoe lang duurt dat"):
            tracker = run(store.retrieve(sender))  # as Rasa does at every message
            turn(tracker, question, "antwoord")
            run(store.save(tracker))
        run(store.save(tracker))  # nothing new: nothing stored
    ons, rasa = run(ours.retrieve("ons")), run(rasas.retrieve("rasa"))
    assert [type(e) for e in ons.events] == [type(e) for e in rasa.events]
    assert [e.text for e in ons.events if isinstance(e, UserUttered)] == [
        "wat kost een paspoort", "en een id-kaart?", "hoe lang duurt dat"]


def test_only_the_latest_session_is_read_as_rasa_reads_it(url):
    ours, rasas = stores(url)
    tracker = run(ours.get_or_create_tracker("gesprek-3"))
    start_session(tracker)
    turn(tracker, "wat kost een paspoort", "€ 84,60")
    start_session(tracker)
    turn(tracker, "hoe laat zijn jullie open", "Van 9 tot 5.")
    run(ours.save(tracker))
    latest = run(ours.retrieve("gesprek-3"))
    assert latest.events == run(rasas.retrieve("gesprek-3")).events
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["hoe laat zijn jullie open"]
    assert len(run(ours.retrieve_full_tracker("gesprek-3")).events) == len(tracker.events)


def test_an_unknown_conversation_has_no_tracker(url):
    ours, _ = stores(url)
    assert run(ours.retrieve("onbekend")) is None
