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
    seed.user("c1", "kan ik mijn hond registreren", "out_of_scope", 0.8, NOW)
    seed.user("c1", "/menselijk_contact", "menselijk_contact", 1.0, NOW + timedelta(seconds=5))
    seed.user("c2", "ik wil een mens spreken", "menselijk_contact", 0.99, NOW)  # nothing before it
    found = by_text(misses_from_events(events(seed)))
    assert set(found) == {"kan ik mijn hond registreren"}
    assert found["kan ik mijn hond registreren"].reasons == {Reason.BEFORE_PERSON}


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
    assert shown["reasons"] == {"fallback": 1, "low_confidence": 0, "before_person": 0, "not_helpful": 1}


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
