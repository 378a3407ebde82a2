"""The inbox: each source of missed messages, masking, merging, grouping, what leaves the
inbox after a decision, and the CSV export. On seeded SQLite databases (ours and Rasa's)."""
from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest

from bot.content_tools import inbox
from bot.content_tools.inbox import Reason, misses_from_events, misses_from_feedback, misses_from_handovers
from bot.content_tools.tracker import collected_names, read_events
from bot.db.models import InboxAnnotationRow
from tests.support.content import NOW

SINCE = NOW - timedelta(days=30)


def events(seed):
    read = read_events(seed.tracker, SINCE)
    assert read.available
    return read.events


def by_text(misses):
    return {m.text: m for m in misses}


def test_a_fallback_is_missed_with_the_models_best_guess(seed):
    seed.user("c1", "wanneer wordt het grofvuil opgehaald", "nlu_fallback", 0.35, NOW,
              ranking=[("nlu_fallback", 0.35), ("popup_locaties", 0.21), ("openingstijden", 0.2)])
    seed.action("c1", "action_two_stage_fallback", NOW + timedelta(seconds=1))
    seed.user("c2", "wat kost een paspoort", "paspoort_id_aanvragen", 0.97, NOW)
    found = by_text(misses_from_events(events(seed)))
    assert set(found) == {"wanneer wordt het grofvuil opgehaald"}
    miss = found["wanneer wordt het grofvuil opgehaald"]
    assert miss.reasons == {Reason.FALLBACK}
    assert miss.guess == "popup_locaties"
    assert miss.conversation_id == "c1"


def test_the_core_fallback_action_counts_as_a_fallback_but_the_two_stage_loop_does_not(seed):
    seed.user("c1", "blabla vergunning", "parkeervergunning", 0.9, NOW)
    seed.action("c1", "action_default_fallback", NOW + timedelta(seconds=1))
    seed.user("c2", "ik bedoel mijn paspoort", "paspoort_id_aanvragen", 0.95, NOW)
    seed.action("c2", "action_two_stage_fallback", NOW + timedelta(seconds=1))
    found = by_text(misses_from_events(events(seed)))
    assert set(found) == {"blabla vergunning"}
    assert found["blabla vergunning"].reasons == {Reason.FALLBACK}


def test_a_low_confidence_prediction_is_missed_below_the_threshold_only(seed):
    seed.user("c1", "mag mijn buurman mijn pas halen", "reisdocument_ophalen", 0.45, NOW)
    seed.user("c2", "paspoort ophalen", "reisdocument_ophalen", 0.92, NOW)
    found = by_text(misses_from_events(events(seed), low_confidence=0.6))
    assert set(found) == {"mag mijn buurman mijn pas halen"}
    assert found["mag mijn buurman mijn pas halen"].reasons == {Reason.LOW_CONFIDENCE}
    assert found["mag mijn buurman mijn pas halen"].confidence == pytest.approx(0.45)
    assert set(by_text(misses_from_events(events(seed), low_confidence=0.4))) == set()


def test_the_typed_message_before_a_request_for_a_person_is_missed(seed):
    seed.user("c1", "wanneer komt de vuilniswagen", "verhuizing_doorgeven", 0.9, NOW)
    seed.user("c1", "/menselijk_contact", "menselijk_contact", 1.0, NOW + timedelta(seconds=5))
    seed.user("c2", "ik wil een mens spreken", "menselijk_contact", 0.99, NOW)  # nothing before it
    found = by_text(misses_from_events(events(seed)))
    assert set(found) == {"wanneer komt de vuilniswagen"}
    assert found["wanneer komt de vuilniswagen"].reasons == {Reason.BEFORE_PERSON}


def test_button_payloads_are_never_inbox_texts(seed):
    seed.user("c1", "/afspraak_maken", "afspraak_maken", 0.1, NOW)
    assert misses_from_events(events(seed)) == []


def test_the_message_before_a_handover_comes_from_the_gateways_own_record(seed):
    conversation = seed.conversation(NOW, [("resident", "mijn uitkering is gestopt", 1), ("bot", "Bedoelt u ...?", 1),
                                           ("resident", "Met een medewerker praten", 2), ("bot", "Even geduld", 3)])
    seed.handover(conversation, NOW + timedelta(minutes=2, seconds=30))
    with seed.sessions.begin() as session:
        found = misses_from_handovers(session, SINCE)
    assert [(m.text, m.reasons) for m in found] == [("mijn uitkering is gestopt", {Reason.BEFORE_PERSON})]


def test_the_question_under_a_thumbs_down_is_missed_and_a_thumbs_up_is_not(seed):
    conversation = seed.conversation(NOW, [("resident", "mijn naam is Jan Smit, wat kost trouwen op zondag"),
                                           ("bot", "Trouwen kost ..."), ("resident", "hoe laat open"),
                                           ("bot", "Wij zijn open ...")])
    seed.thumbs(conversation, 2, helpful=False)
    seed.thumbs(conversation, 4, helpful=True)
    with seed.sessions.begin() as session:
        found = misses_from_feedback(session, SINCE)
    assert [(m.text, m.reasons) for m in found] == [("mijn naam is [NAAM], wat kost trouwen op zondag",
                                                     {Reason.NOT_HELPFUL})]


def test_texts_are_masked_before_anyone_sees_them(seed):
    seed.user("c1", "mijn bsn is 123456782 en mijn mail piet@voorbeeld.nl", "nlu_fallback", 0.3, NOW)
    (miss,) = misses_from_events(events(seed))
    assert miss.text == "mijn bsn is [BSN] en mijn mail [E-MAIL]"


def test_one_message_from_several_sources_is_one_miss_with_all_reasons(seed):
    conversation = seed.conversation(NOW, [("resident", "hondenbelasting betalen", 1), ("bot", "Sorry", 1)])
    seed.user(conversation, "hondenbelasting betalen", "nlu_fallback", 0.3, NOW + timedelta(minutes=1))
    seed.thumbs(conversation, 2, helpful=False)
    with seed.sessions.begin() as session:
        groups = inbox.inbox(session, events(seed), SINCE)
    (group,) = groups
    shown = group.as_json()
    assert shown["count"] == 1
    assert shown["reasons"] == {"fallback": 1, "low_confidence": 0, "before_person": 0, "not_helpful": 1,
                                "out_of_scope": 0, "denied": 0}


def test_similar_texts_are_grouped_with_counts_and_dates(seed):
    texts = ["Wat kost een hondenpenning?", "wat kost een hondenpenning", "wat kost n hondenpenning",
             "wanneer komt de vuilniswagen"]
    for number, text in enumerate(texts):
        seed.user(f"c{number}", text, "nlu_fallback", 0.3, NOW + timedelta(hours=number))
    with seed.sessions.begin() as session:
        groups = [g.as_json() for g in inbox.inbox(session, events(seed), SINCE)]
    assert [(g["count"], g["conversations"]) for g in groups] == [(3, 3), (1, 1)]
    first = groups[0]
    assert first["first_seen"] == "2026-11-20T12:00:00.000+00:00"
    assert first["last_seen"] == "2026-11-20T14:00:00.000+00:00"
    assert sorted(e["text"] for e in first["examples"]) == ["Wat kost een hondenpenning?", "wat kost een hondenpenning",
                                                          "wat kost n hondenpenning"]
    assert groups[1]["text"] == "wanneer komt de vuilniswagen"


def test_decided_texts_leave_the_inbox_and_come_back_when_missed_again(seed):
    seed.user("c1", "hondenbelasting", "nlu_fallback", 0.3, NOW)
    seed.user("c2", "wat is dit voor ding", "nlu_fallback", 0.3, NOW)
    with seed.sessions.begin() as session:
        session.add(InboxAnnotationRow(text_key=inbox.text_key("Hondenbelasting!"), text="hondenbelasting",
                                       decision="new_topic", topic="honden", outcome="added",
                                       annotated_at=NOW + timedelta(hours=1)))
        session.add(InboxAnnotationRow(text_key=inbox.text_key("wat is dit voor ding"), text="wat is dit voor ding",
                                       decision="ignore", outcome="ignored", annotated_at=NOW + timedelta(hours=1)))
    with seed.sessions.begin() as session:
        assert inbox.inbox(session, events(seed), SINCE) == []
    seed.user("c3", "hondenbelasting", "nlu_fallback", 0.3, NOW + timedelta(days=2))  # missed again after retraining
    seed.user("c4", "wat is dit voor ding", "nlu_fallback", 0.3, NOW + timedelta(days=2))  # ignored for good
    with seed.sessions.begin() as session:
        groups = [g.as_json() for g in inbox.inbox(session, events(seed), SINCE)]
    assert [(g["text"], g["count"]) for g in groups] == [("hondenbelasting", 1)]


def test_events_before_the_period_are_left_out(seed):
    seed.user("c1", "oude vraag", "nlu_fallback", 0.3, SINCE - timedelta(days=1))
    assert misses_from_events(events(seed)) == []


def test_without_rasas_events_the_inbox_still_works_and_says_so(seed):
    read = read_events(seed.tracker, SINCE)  # Rasa never ran: no file
    assert read.available is False and read.events == []


def test_csv_has_one_row_per_text_and_defuses_formulas(seed):
    seed.user("c1", "=HYPERLINK(\"http://x\") paspoort", "nlu_fallback", 0.3, NOW)
    seed.user("c2", "hondenbelasting", "nlu_fallback", 0.3, NOW)
    seed.user("c3", "hondenbelasting", "nlu_fallback", 0.3, NOW)
    with seed.sessions.begin() as session:
        text = inbox.as_csv(inbox.inbox(session, events(seed), SINCE))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["tekst"], r["aantal"], r["gesprekken"], r["fallback"]) for r in rows] == [
        ("hondenbelasting", "2", "2", "2"), ("'=HYPERLINK(\"http://x\") paspoort", "1", "1", "1")]


def test_many_decided_texts_are_looked_up_in_batches(seed):
    texts = [f"vraag nummer {'x' * (n % 7)} {chr(97 + n % 26)}{chr(97 + n // 26 % 26)}{chr(97 + n // 676)}"
             for n in range(1200)]
    misses = [inbox.Miss(f"c{n}", text, NOW, {Reason.FALLBACK}) for n, text in enumerate(texts)]
    with seed.sessions.begin() as session:
        for text in texts[::2]:
            session.add(InboxAnnotationRow(text_key=inbox.text_key(text), text=text, decision="ignore",
                                           outcome="ignored", annotated_at=NOW))
    with seed.sessions.begin() as session:
        kept = inbox.not_yet_decided(session, misses)
    assert [m.text for m in kept] == texts[1::2]


def test_a_malformed_event_row_is_skipped_not_fatal(seed):
    seed.user("c1", "hondenbelasting", "nlu_fallback", 0.3, NOW)
    seed._insert("c2", "user", NOW, "nlu_fallback", None, "not an object")  # data that is valid JSON, not a dict
    with seed._tracker_engine().begin() as connection:
        connection.exec_driver_sql("update events set data = '{broken' where sender_id = 'c2'")
    found = misses_from_events(events(seed))
    assert [m.text for m in found] == ["hondenbelasting"]


def _offer_buttons(seed, conversation_id, seq, *titles):
    """Gives bot message ``seq`` buttons, as the gateway stores them."""
    from sqlalchemy import update

    from bot.db.models import ConversationMessageRow

    buttons = json.dumps([{"title": title, "payload": f"/{title.lower()}"} for title in titles])
    with seed.sessions.begin() as session:
        session.execute(update(ConversationMessageRow).where(ConversationMessageRow.conversation_id == conversation_id,
                                                             ConversationMessageRow.seq == seq).values(buttons=buttons))


def test_a_button_click_before_a_handover_is_no_question_the_typed_message_before_it_is(seed):
    conversation = seed.conversation(NOW, [("resident", "mijn uitkering is gestopt", 1), ("bot", "Bedoelt u WW?", 1),
                                           ("resident", "Ja", 2), ("resident", "Met een medewerker praten", 3)])
    _offer_buttons(seed, conversation, 2, "Ja", "Nee")
    seed.handover(conversation, NOW + timedelta(minutes=3, seconds=30))
    with seed.sessions.begin() as session:
        found = misses_from_handovers(session, SINCE)
    assert [m.text for m in found] == ["mijn uitkering is gestopt"]


def test_a_thumbs_down_under_the_answer_to_a_click_names_no_question(seed):
    conversation = seed.conversation(NOW, [("resident", "paspoort"), ("bot", "Wat wilt u weten?"),
                                           ("resident", "Kosten"), ("bot", "Een paspoort kost ...")])
    _offer_buttons(seed, conversation, 2, "Kosten", "Levertijd")
    seed.thumbs(conversation, 4, helpful=False)
    with seed.sessions.begin() as session:
        assert misses_from_feedback(session, SINCE) == []


def test_names_the_forms_collected_are_masked_wherever_the_resident_typed_them(seed):
    seed.slot("c1", "naam", "Jan Testpersoon", NOW - timedelta(minutes=2))
    seed.user("c1", "Jan Testpersoon", "nlu_fallback", 0.3, NOW - timedelta(minutes=1))  # the answer to "Wat is uw naam?"
    seed.user("c1", "kan jan zijn paspoort ophalen of moet testpersoon zelf komen", "nlu_fallback", 0.3, NOW)
    seed.slot("c2", "terugbel_naam", "Anouk", NOW)
    seed.user("c2", "Jan Testpersoon", "nlu_fallback", 0.3, NOW)  # another conversation: not known there
    names = collected_names(seed.tracker, SINCE)
    assert names == {"c1": {"Jan Testpersoon"}, "c2": {"Anouk"}}
    with seed.sessions.begin() as session:
        groups = inbox.inbox(session, events(seed), SINCE, names=names)
    texts = {m.text for g in groups for m in g.misses}
    assert "[NAAM]" in texts and "kan [NAAM] zijn paspoort ophalen of moet [NAAM] zelf komen" in texts
    assert "Jan Testpersoon" in texts  # c2's forms never collected it; only the known names are masked


def test_the_content_api_masks_the_names_the_forms_collected(seed):
    from bot.content_tools import service
    seed.slot("c1", "naam", "Jan Testpersoon", NOW - timedelta(minutes=2))
    seed.user("c1", "Jan Testpersoon", "nlu_fallback", 0.3, NOW - timedelta(minutes=1))
    groups, available = service.misses(seed.sessions, seed.tracker, 3650, 0.6)
    assert available and "Testpersoon" not in json.dumps([g.as_json() for g in groups])


# -- real misses only (issue 13): no form answers, no clicks; out of scope and rejected answers do come in --

def test_a_message_outside_what_the_assistant_knows_is_missed_however_sure_the_model_was(seed):
    seed.user("c1", "hondenbelasting", "out_of_scope", 0.97, NOW)
    seed.action("c1", "action_reply_conversation", NOW + timedelta(seconds=1))
    seed.user("c2", "asdfgh", "out_of_scope", 0.91, NOW)
    seed.action("c2", "action_reply_conversation", NOW + timedelta(seconds=1))
    found = by_text(misses_from_events(events(seed)))
    assert set(found) == {"hondenbelasting", "asdfgh"}
    assert found["hondenbelasting"].reasons == {Reason.OUT_OF_SCOPE}


def test_the_answers_a_form_took_are_no_misses(seed):
    seed.user("c1", "ik wil een afspraak maken", "afspraak_maken", 0.98, NOW)
    seed.action("c1", "afspraak_form", NOW + timedelta(seconds=1))
    seed.form_turn("c1", "afspraak_form", "dag", "maandagochtend", NOW + timedelta(seconds=2))
    seed.form_turn("c1", "afspraak_form", "naam", "Pietje", NOW + timedelta(seconds=10), intent="out_of_scope",
                   confidence=0.8)
    seed.form_turn("c1", "afspraak_form", "bevestigd", "ja doe maar", NOW + timedelta(seconds=20), intent="bevestigen",
                   confidence=0.4)
    seed.active_loop("c1", None, NOW + timedelta(seconds=30))
    seed.user("c1", "/bevestigen", "bevestigen", 1.0, NOW + timedelta(seconds=40))
    seed.user("c1", "/menselijk_contact", "menselijk_contact", 1.0, NOW + timedelta(seconds=50))
    assert misses_from_events(events(seed)) == []


def test_a_question_in_the_middle_of_a_form_that_the_form_did_not_take_is_missed(seed):
    seed.form_turn("c1", "afspraak_form", "dag", "maandagochtend", NOW)
    seed.user("c1", "hondenbelasting", "out_of_scope", 0.9, NOW + timedelta(seconds=20))  # a rule answers it
    seed.action("c1", "action_reply_conversation", NOW + timedelta(seconds=21))
    seed.action("c1", "afspraak_form", NOW + timedelta(seconds=22))
    seed.user("c1", "blabla", "nlu_fallback", 0.2, NOW + timedelta(seconds=30))  # the core fallback answered it
    seed.action("c1", "action_default_fallback", NOW + timedelta(seconds=31))
    found = by_text(misses_from_events(events(seed)))
    assert {text: m.reasons for text, m in found.items()} == {"hondenbelasting": {Reason.OUT_OF_SCOPE},
                                                              "blabla": {Reason.FALLBACK}}


def test_a_retyped_question_in_the_two_stage_fallback_is_no_form_answer(seed):
    seed.active_loop("c1", "action_two_stage_fallback", NOW)
    seed.user("c1", "ik bedoel de grijze container", "nlu_fallback", 0.2, NOW + timedelta(seconds=5))
    seed.action("c1", "action_two_stage_fallback", NOW + timedelta(seconds=6))
    assert set(by_text(misses_from_events(events(seed)))) == {"ik bedoel de grijze container"}


def test_the_last_message_of_a_form_with_no_action_after_it_yet_is_its_answer(seed):
    seed.active_loop("c1", "terugbel_form", NOW)
    seed.slot("c1", "requested_slot", "terugbel_moment", NOW + timedelta(milliseconds=1))
    seed.user("c1", "dinsdagmiddag na drieen", "nlu_fallback", 0.2, NOW + timedelta(seconds=5))
    assert misses_from_events(events(seed)) == []


@pytest.mark.parametrize("denial", ["nee dat bedoel ik niet", "nee", "dat is niet wat ik zoek"])
def test_a_denial_right_after_a_confident_answer_puts_the_question_in_the_inbox(seed, denial):
    seed.user("c1", "wanneer komt de vuilniswagen", "verhuizing_doorgeven", 0.93, NOW)
    seed.action("c1", "action_answer_topic", NOW + timedelta(seconds=1))
    seed.user("c1", denial, "ontkennen" if denial != "dat is niet wat ik zoek" else "informeren", 0.9,
              NOW + timedelta(seconds=10))
    seed.action("c1", "action_reply_conversation", NOW + timedelta(seconds=11))
    found = by_text(misses_from_events(events(seed)))
    assert set(found) == {"wanneer komt de vuilniswagen"}
    miss = found["wanneer komt de vuilniswagen"]
    assert miss.reasons == {Reason.DENIED} and miss.guess == "verhuizing_doorgeven"


def test_no_thanks_a_denial_in_a_form_or_after_a_fallback_is_no_rejected_answer(seed):
    seed.user("c1", "wat kost een paspoort", "paspoort_id_aanvragen", 0.95, NOW)
    seed.user("c1", "nee dank u", "ontkennen", 0.9, NOW + timedelta(seconds=10))
    seed.user("c2", "ik wil een afspraak", "afspraak_maken", 0.95, NOW)
    seed.action("c2", "afspraak_form", NOW + timedelta(seconds=1))
    seed.form_turn("c2", "afspraak_form", "bevestigd", "nee", NOW + timedelta(seconds=2), intent="ontkennen",
                   confidence=0.95)
    seed.user("c3", "grijze bak", "nlu_fallback", 0.2, NOW)  # "Bedoelt u ...?", then "nee": a fallback only
    seed.user("c3", "nee dat bedoel ik niet", "ontkennen", 0.9, NOW + timedelta(seconds=10))
    found = by_text(misses_from_events(events(seed)))
    assert {text: m.reasons for text, m in found.items()} == {"grijze bak": {Reason.FALLBACK}}


def test_a_form_answer_or_a_greeting_before_a_request_for_a_person_is_no_miss(seed):
    seed.form_turn("c1", "afspraak_form", "dag", "maandagochtend", NOW)
    seed.user("c1", "ik wil een medewerker", "menselijk_contact", 0.95, NOW + timedelta(seconds=20))
    seed.user("c2", "hallo", "begroeting", 0.99, NOW)
    seed.user("c2", "/menselijk_contact", "menselijk_contact", 1.0, NOW + timedelta(seconds=20))
    assert misses_from_events(events(seed)) == []


def _messages(seed, rows):
    """A conversation of the gateway: (sender, text[, kind]) rows, a minute apart."""
    from sqlalchemy import update

    from bot.db.models import ConversationMessageRow

    conversation = seed.conversation(NOW, [(row[0], row[1]) for row in rows])
    with seed.sessions.begin() as session:
        for seq, row in enumerate(rows, start=1):
            if len(row) > 2:
                session.execute(update(ConversationMessageRow)
                                .where(ConversationMessageRow.conversation_id == conversation,
                                       ConversationMessageRow.seq == seq).values(kind=row[2]))
    return conversation


def test_without_rasas_events_an_answer_to_a_forms_question_is_no_miss(seed):
    conversation = _messages(seed, [("resident", "ik wil een afspraak"), ("bot", "Welke dag?", "question"),
                                    ("resident", "maandagochtend"), ("bot", "Hoe heet u?", "question"),
                                    ("resident", "mag ik een medewerker")])
    seed.handover(conversation, NOW + timedelta(minutes=5, seconds=30))
    seed.thumbs(conversation, 4, helpful=False)  # a thumb under the form's question
    with seed.sessions.begin() as session:
        assert misses_from_handovers(session, SINCE) == []
        assert misses_from_feedback(session, SINCE) == []


def test_a_thumb_under_a_confirmation_is_no_verdict_on_an_answer(seed):
    conversation = _messages(seed, [("resident", "wat kost een paspoort"), ("bot", "Uw afspraak staat", "confirmation")])
    seed.thumbs(conversation, 2, helpful=False)
    with seed.sessions.begin() as session:
        assert misses_from_feedback(session, SINCE) == []


def test_rasas_events_say_when_a_message_after_a_forms_question_was_a_question_after_all(seed):
    conversation = _messages(seed, [("resident", "ik wil een afspraak"), ("bot", "Welke dag?", "question"),
                                    ("resident", "wanneer komt de vuilniswagen"), ("bot", "U verhuist ..."),
                                    ("bot", "Welke dag?", "question"), ("resident", "maandagochtend"),
                                    ("bot", "Hoe laat?", "question")])
    seed.thumbs(conversation, 4, helpful=False)
    seed.thumbs(conversation, 7, helpful=False)
    seed.active_loop(conversation, "afspraak_form", NOW)
    seed.user(conversation, "wanneer komt de vuilniswagen", "verhuizing_doorgeven", 0.9, NOW + timedelta(minutes=3))
    seed.action(conversation, "action_answer_topic", NOW + timedelta(minutes=3, seconds=1))  # a rule, not the form
    seed.action(conversation, "afspraak_form", NOW + timedelta(minutes=4))
    seed.user(conversation, "maandagochtend", "nlu_fallback", 0.3, NOW + timedelta(minutes=6))
    seed.action(conversation, "afspraak_form", NOW + timedelta(minutes=6, seconds=1))
    with seed.sessions.begin() as session:
        groups = inbox.inbox(session, events(seed), SINCE)
    assert [(g.text, {r for m in g.misses for r in m.reasons}) for g in groups] == [
        ("wanneer komt de vuilniswagen", {Reason.NOT_HELPFUL})]


def test_the_intent_is_suggested_only_when_the_model_was_sure_and_not_turned_down(seed):
    seed.user("c1", "grijze container", "nlu_fallback", 0.3, NOW,
              ranking=[("nlu_fallback", 0.3), ("verhuizing_doorgeven", 0.25)])  # asked "Bedoelt u ...?"
    seed.user("c2", "mag mijn buurman mijn pas halen", "reisdocument_ophalen", 0.45, NOW)  # answered, a bit unsure
    seed.user("c3", "wanneer komt de vuilniswagen", "verhuizing_doorgeven", 0.93, NOW)
    seed.user("c3", "nee dat bedoel ik niet", "ontkennen", 0.9, NOW + timedelta(seconds=10))
    seed.user("c4", "hondenbelasting", "out_of_scope", 0.95, NOW)
    with seed.sessions.begin() as session:
        shown = {g["text"]: g for g in (g.as_json() for g in inbox.inbox(session, events(seed), SINCE))}
    assert {text: (g["suggested_intent"], g["model_guess"], g["model_unsure"], g["answer_rejected"])
            for text, g in shown.items()} == {
        "grijze container": (None, "verhuizing_doorgeven", True, False),
        "mag mijn buurman mijn pas halen": ("reisdocument_ophalen", "reisdocument_ophalen", False, False),
        "wanneer komt de vuilniswagen": (None, "verhuizing_doorgeven", False, True),
        "hondenbelasting": (None, "out_of_scope", False, False)}
    with seed.sessions.begin() as session:
        rows = list(csv.DictReader(io.StringIO(inbox.as_csv(inbox.inbox(session, events(seed), SINCE)))))
    assert {r["tekst"]: r["voorgestelde_intent"] for r in rows}["grijze container"] == ""
