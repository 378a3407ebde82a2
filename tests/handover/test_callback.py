"""Callback requests without Rasa: when the KCC calls (from the phone hours of gemeente.yml),
the questions of the form, and storing and handling a request on SQLite and PostgreSQL. The
phone number and moment cleaners are tested in tests/forms/test_fields.py."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from bot.conversations import transcript
from bot.core.clock import TIMEZONE
from bot.db.engine import session_factory
from bot.db.migrate import upgrade
from bot.db.models import CallbackRequestRow
from bot.forms.fields import InvalidInput
from bot.forms.turn import Marker, Turn
from bot.handover.callback import AlreadyHandled, CallbackNotFound, callbacks, mark_done, next_call_moment, request_callback
from bot.handover.callback_dialogue import NO_PREFERENCE, CallbackDialogue
from bot.staff import accounts as staff_accounts
from tests.support.staff import PASSWORD

FRIDAY_EVENING = datetime(2026, 11, 27, 19, 0, tzinfo=TIMEZONE)  # phone line: Monday 08:30 again
MONDAY_EARLY = datetime(2026, 11, 30, 7, 0, tzinfo=TIMEZONE)
TUESDAY_MORNING = datetime(2026, 12, 1, 10, 0, tzinfo=TIMEZONE)
VALID_BSN = "111222333"  # passes the 11-proef


@pytest.mark.parametrize("now, expected", [
    (FRIDAY_EVENING, datetime(2026, 11, 30, 8, 30, tzinfo=TIMEZONE)),
    (MONDAY_EARLY, datetime(2026, 11, 30, 8, 30, tzinfo=TIMEZONE)),
    (TUESDAY_MORNING, TUESDAY_MORNING),
    (datetime(2026, 11, 27, 12, 45, tzinfo=TIMEZONE), datetime(2026, 11, 30, 8, 30, tzinfo=TIMEZONE)),
])
def test_the_kcc_calls_in_its_next_phone_hours(config, now, expected):
    assert next_call_moment(config, now) == expected


def test_the_call_moment_follows_the_configuration(config):
    saturday = config.copy(deep=True)
    saturday.telefonisch_bereikbaar["zaterdag"] = saturday.telefonisch_bereikbaar["maandag"]
    assert next_call_moment(saturday, FRIDAY_EVENING) == datetime(2026, 11, 28, 8, 30, tzinfo=TIMEZONE)


# The form's questions and checks

def dialogue(config, content, now=FRIDAY_EVENING):
    return CallbackDialogue(config, content, now=lambda: now)


@pytest.mark.parametrize("intent, requested, text, found", [
    ("informeren", "terugbel_naam", " Jan de Vries ", {"terugbel_naam": "Jan de Vries"}),
    ("begroeting", "terugbel_naam", "Hallo", {"terugbel_naam": "Hallo"}),  # a name the model took for a greeting
    ("informeren", "terugbel_telefoon", "0612345678", {"terugbel_telefoon": "0612345678"}),
    ("bevestigen", "terugbel_moment", "/bevestigen", {"terugbel_moment": NO_PREFERENCE}),
    ("informeren", "terugbel_moment", "woensdagmiddag", {"terugbel_moment": "woensdagmiddag"}),
    ("bevestigen", "terugbel_bevestigd", "ja", {"terugbel_bevestigd": True}),
    ("informeren", "terugbel_bevestigd", "misschien", {"terugbel_bevestigd": Marker.UNCLEAR}),  # the summary again
    ("informeren", "terugbel_bevestigd", "06 87654321", {"terugbel_telefoon": "06 87654321"}),  # a correction
    ("paspoort_id_aanvragen", "terugbel_telefoon", "wat kost een paspoort", {}),  # a question: for the rules
    ("informeren", "naam", "Jan", {}),  # another form's question
    ("klacht", "terugbel_telefoon", "111222333", {"terugbel_telefoon": "111222333"}),  # digits: checked (a BSN)
    ("out_of_scope", "terugbel_telefoon", "06-12 34 56 78", {"terugbel_telefoon": "06-12 34 56 78"}),
    ("informeren", "terugbel_moment", "0611223344", {"terugbel_telefoon": "0611223344"}),  # a number, not a moment
    ("informeren", "terugbel_bevestigd", "nee, mijn naam is Jan Smit",
     {"terugbel_naam": "Jan Smit", "terugbel_bevestigd": None}),  # a correction: the summary comes again
    ("informeren", "terugbel_moment", "na 3 uur", {"terugbel_moment": "na 3 uur"}),
])
def test_which_message_answers_the_question(config, content, intent, requested, text, found):
    assert dialogue(config, content).extract(Turn(text, intent, {}, requested), {}) == found


@pytest.mark.parametrize("text, requested, stops", [
    ("stop", "terugbel_telefoon", True), ("Stoppen!", "terugbel_naam", True), ("laat maar", "terugbel_moment", True),
    ("stop", None, False), ("stop", "naam", False), ("Stoppelmans", "terugbel_naam", False),
])
def test_stop_words_leave_the_form(config, content, text, requested, stops):
    assert dialogue(config, content).wants_to_stop(text, requested) is stops


def test_not_knowing_when_means_any_moment_anything_else_is_asked_again(config, content):
    flow = dialogue(config, content)
    assert flow.unknown("terugbel_moment", {}).slots == {"terugbel_moment": NO_PREFERENCE}
    assert flow.unknown("terugbel_naam", {}).slots == {"terugbel_naam": None}
    ended = flow.unknown("terugbel_telefoon", {})  # nobody can call: the request ends, nothing is kept
    assert ended.slots == {"terugbel_bevestigd": False} and ended.replies[0].text == flow.text("telefoon_onbekend")


def test_another_answer_to_the_summary_says_how_to_go_on(config, content):
    flow = dialogue(config, content)
    outcome = flow.validate("terugbel_bevestigd", Marker.UNCLEAR, {})
    assert outcome.slots == {"terugbel_bevestigd": None}
    assert [r.text for r in outcome.replies] == [flow.text("bevestig_kiezen")]


def test_a_bsn_instead_of_a_phone_number_is_refused_and_not_kept(config, content):
    outcome = dialogue(config, content).validate("terugbel_telefoon", VALID_BSN, {})
    assert outcome.slots == {"terugbel_telefoon": None}
    [reply] = outcome.replies
    assert "burgerservicenummer" in reply.text and "niet nodig" in reply.text and VALID_BSN not in reply.text


@pytest.mark.parametrize("slot, value, key", [
    ("terugbel_naam", "<b>Jan</b>", "naam_fout"), ("terugbel_naam", "a" * 120, "naam_te_lang"),
    ("terugbel_telefoon", "12345", "telefoon_fout"), ("terugbel_telefoon", "0900 1234567", "telefoon_servicenummer"),
    ("terugbel_moment", "x" * 200, "moment_te_lang"),
])
def test_bad_input_gets_a_clear_reply_and_an_empty_slot(config, content, slot, value, key):
    flow = dialogue(config, content)
    outcome = flow.validate(slot, value, {})
    assert outcome.slots == {slot: None}
    assert [r.text for r in outcome.replies] == [flow.text(key)]


def test_the_summary_reads_back_what_will_be_kept(config, content):
    flow = dialogue(config, content)
    slots = {"terugbel_naam": "Jan de Vries", "terugbel_telefoon": "0612345678", "terugbel_moment": "dinsdagochtend"}
    [summary] = flow.ask("terugbel_bevestigd", slots)
    assert "Jan de Vries" in summary.text and "06 12345678" in summary.text and "dinsdagochtend" in summary.text
    assert [b.payload for b in summary.buttons] == ["/bevestigen", "/ontkennen"]
    [no_preference] = flow.ask("terugbel_bevestigd", {**slots, "terugbel_moment": NO_PREFERENCE})
    assert "Voorkeur" not in no_preference.text  # the line without a fact is left out


@pytest.mark.parametrize("now, when", [
    (FRIDAY_EVENING, "maandag 30 november vanaf 08:30"),
    (MONDAY_EARLY, "vandaag vanaf 08:30"),
    (TUESDAY_MORNING, "vandaag"),
])
def test_the_confirmation_says_when_the_kcc_calls(config, content, now, when):
    flow = dialogue(config, content, now)
    replies = flow.confirmation({"terugbel_naam": "Jan", "terugbel_telefoon": "0612345678",
                                 "terugbel_moment": "na 14:00"})
    assert f"belt u {when}." in replies[0].text and "06 12345678" in replies[0].text
    assert "na 14:00" in replies[1].text


# Storing and handling

@pytest.fixture
def sessions(database_url):
    upgrade(database_url)
    return session_factory(database_url)


def store(session, **overrides):
    values = {"name": "Jan de Vries", "phone": "06-12345678", "preferred_time": "dinsdagochtend",
              "topic": "paspoort_id_aanvragen", "conversation_id": None, "at": FRIDAY_EVENING, **overrides}
    return request_callback(session, **values)


def test_a_request_is_stored_cleaned_and_linked_to_its_chat(sessions):
    with sessions.begin() as session:
        conversation_id, _ = transcript.create_conversation(session)
    with sessions.begin() as session:
        stored = store(session, conversation_id=conversation_id)
        other = store(session, conversation_id="terminal-user", preferred_time="geen voorkeur", topic=None)
    assert (stored.phone, stored.conversation_id, stored.status) == ("0612345678", conversation_id, "open")
    assert stored.requested_at == datetime(2026, 11, 27, 18, 0)  # UTC, as every table stores times
    assert (other.conversation_id, other.preferred_time, other.topic) == (None, None, None)
    with sessions.begin() as session:
        assert [c.id for c in callbacks(session, "open")] == [stored.id, other.id]


@pytest.mark.parametrize("bad", [{"phone": VALID_BSN}, {"name": "1234"}, {"preferred_time": "x" * 101}])
def test_unchecked_values_are_never_stored(sessions, bad):
    with pytest.raises(InvalidInput):
        with sessions.begin() as session:
            store(session, **bad)
    with sessions.begin() as session:
        assert session.execute(select(func.count()).select_from(CallbackRequestRow)).scalar() == 0


def test_a_request_is_done_once_and_the_chats_deletion_keeps_it(sessions):
    with sessions.begin() as session:
        account = staff_accounts.create_account(session, "kees", "Kees", PASSWORD, frozenset({"kcc"}))
        conversation_id, _ = transcript.create_conversation(session)
    with sessions.begin() as session:
        first = store(session, at=FRIDAY_EVENING, conversation_id=conversation_id)
        second = store(session, at=MONDAY_EARLY)
    with sessions.begin() as session:
        done = mark_done(session, second.id, account.id, "Gebeld, vraag beantwoord.", datetime(2026, 11, 30, 9, 0))
    assert (done.status, done.handled_by, done.note) == ("done", "Kees", "Gebeld, vraag beantwoord.")
    with pytest.raises(AlreadyHandled):
        with sessions.begin() as session:
            mark_done(session, second.id, account.id, "nog eens", datetime(2026, 11, 30, 10, 0))
    with pytest.raises(CallbackNotFound):
        with sessions.begin() as session:
            mark_done(session, 9999, account.id, None, datetime(2026, 11, 30, 10, 0))
    with sessions.begin() as session:
        [kept] = callbacks(session, "done")
        assert (kept.note, kept.handled_at) == ("Gebeld, vraag beantwoord.", datetime(2026, 11, 30, 9, 0))
        assert [c.id for c in callbacks(session, "open")] == [first.id]
        from bot.conversations.retention import delete_conversations

        delete_conversations(session, "sqlite:///does-not-exist.db", [conversation_id])
    with sessions.begin() as session:
        [still_open] = callbacks(session, "open")
        assert (still_open.id, still_open.conversation_id) == (first.id, None)


def test_handled_requests_are_purged_with_the_conversations_open_ones_stay(sessions, database_url):
    from bot.conversations.retention import purge

    with sessions.begin() as session:
        account = staff_accounts.create_account(session, "kees", "Kees", PASSWORD, frozenset({"kcc"}))
        old_done, recent_done = store(session, at=FRIDAY_EVENING), store(session, at=FRIDAY_EVENING)
        old_open = store(session, at=datetime(2026, 7, 1, 9, 0))  # never called back: still waits
    with sessions.begin() as session:
        mark_done(session, old_done.id, account.id, None, datetime(2026, 8, 1, 9, 0))
        mark_done(session, recent_done.id, account.id, None, datetime(2026, 11, 20, 9, 0))
    counts = purge(datetime(2026, 11, 23, 3, 0), database_url, "sqlite:///does-not-exist.db", retention_days=90)
    assert counts.callback_requests == 1
    with sessions.begin() as session:
        assert [c.id for c in callbacks(session, "done")] == [recent_done.id]
        assert [c.id for c in callbacks(session, "open")] == [old_open.id]
