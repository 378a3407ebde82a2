"""Offering a person: the KCC queue in office hours, an honest answer outside them."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.conversations import transcript
from bot.conversations.types import Status
from bot.core.clock import TIMEZONE
from bot.db.engine import session_factory
from bot.db.migrate import upgrade
from bot.faq.answers import Question
from bot.handover.offer import Offer, is_staffed, offer_person

MONDAY_MORNING = datetime(2026, 11, 23, 10, 0, tzinfo=TIMEZONE)
FRIDAY_AFTERNOON = datetime(2026, 11, 27, 14, 0, tzinfo=TIMEZONE)  # the phone line closes at 12:30
SUNDAY = datetime(2026, 11, 29, 10, 0, tzinfo=TIMEZONE)


@pytest.mark.parametrize("moment, staffed", [(MONDAY_MORNING, True), (FRIDAY_AFTERNOON, False), (SUNDAY, False)])
def test_office_hours_come_from_the_configuration(config, moment, staffed):
    assert is_staffed(config, moment) is staffed


@pytest.fixture
def chat(tmp_path):
    url = f"sqlite:///{tmp_path / 'person.db'}"
    upgrade(url)
    with session_factory(url).begin() as session:
        conversation_id, _token = transcript.create_conversation(session, "nl")
    return url, conversation_id


def test_in_office_hours_the_chat_joins_the_queue(config, chat):
    url, conversation_id = chat
    offer = offer_person(config, conversation_id, "vraag_uwv", now=lambda: MONDAY_MORNING, database_url=url)
    assert offer is Offer.QUEUED
    with session_factory(url)() as session:
        assert transcript.status_of(session, conversation_id) is Status.WAITING


def test_outside_office_hours_nobody_is_queued(config, chat):
    url, conversation_id = chat
    assert offer_person(config, conversation_id, None, now=lambda: SUNDAY, database_url=url) is Offer.OUTSIDE_HOURS
    with session_factory(url)() as session:
        assert transcript.status_of(session, conversation_id) is Status.BOT


def test_a_conversation_outside_the_website_gets_the_phone_number(config, chat):
    url, _ = chat
    assert offer_person(config, "terminal-user", None, now=lambda: MONDAY_MORNING, database_url=url) is Offer.NO_CHAT


@pytest.mark.parametrize("offer, expected", [("queued", "medewerker om dit gesprek over te nemen"),
                                             ("outside_hours", "geen medewerker beschikbaar"),
                                             ("no_chat", "Bel")])
def test_what_the_resident_is_told(answers, offer, expected):
    text = " ".join(r.text for r in answers.person(offer))
    assert expected in text


def test_a_complaint_offers_a_person(answers):
    [reply] = answers.reply_to(Question("klacht"))
    assert reply.buttons[0].payload == "/menselijk_contact"
