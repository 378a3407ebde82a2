"""The checklist: the municipal part first, each other organisation with its own page, and the
buttons to book at the municipality, to read more and to meet an agency at a pilot location."""
from __future__ import annotations

from bot.config.facts import base_facts
from bot.core.readability import B1_FLOOR, measure
from bot.core.replies import payload
from bot.life_events.checklist import checklist, organisation_name


def _checklist(config, content, key):
    replies = checklist(key, content, config, base_facts(config))
    assert len(replies) == 1  # a checklist first; details one click away
    return replies[0]


def test_death_lists_the_municipality_then_svb_pension_belastingdienst_and_notary(config, content):
    reply = _checklist(config, content, "overlijden")
    lines = reply.text.splitlines()
    event = config.levensgebeurtenissen.gebeurtenissen["overlijden"]
    assert lines[0] == content.text("levensgebeurtenissen", "overlijden", "kop")
    assert content.text("levensgebeurtenissen", "overlijden", "gemeente") in lines[1]
    for key, point in event.elders.items():
        line = next(line for line in lines if str(point.link) in line)
        assert line.index(organisation_name(config, point.organisatie)) < line.index(
            content.text("levensgebeurtenissen", "overlijden", "elders", key))
    assert {p.organisatie for p in event.elders.values()} >= {"svb", "pensioenfonds", "belastingdienst", "notaris"}


def test_buttons_book_the_municipal_product_show_its_answer_and_meet_the_agency(config, content):
    reply = _checklist(config, content, "overlijden")
    payloads = [b.payload for b in reply.buttons]
    assert payloads == [payload("afspraak_maken", {"product": "overlijden"}), payload("overlijden_aangifte"),
                        payload("afspraak_maken", {"agency": "svb"})]
    assert reply.buttons[1].title == f"Meer over {config.producten['overlijden'].naam}"


def test_an_agency_without_a_pilot_location_gets_its_page_but_no_appointment_button(config, content):
    pilots = [p.copy(update={"organisaties": {c: d for c, d in p.organisaties.items() if c != "uwv"}})
              for p in config.pilot_locaties]
    without_uwv = config.copy(update={"pilot_locaties": pilots})
    reply = _checklist(without_uwv, content, "werkloos")
    assert "https://www.uwv.nl/particulieren/werkloos" in reply.text
    assert payload("afspraak_maken", {"agency": "uwv"}) not in [b.payload for b in reply.buttons]
    assert payload("afspraak_maken", {"agency": "uwv"}) in [b.payload for b in
                                                           _checklist(config, content, "werkloos").buttons]


def test_an_event_without_a_bookable_product_has_no_municipal_booking(config, content):
    reply = _checklist(config, content, "achttien")
    assert not any(b.payload.startswith("/afspraak_maken") and "product" in b.payload for b in reply.buttons)
    assert payload("afspraak_maken", {"agency": "duo"}) in [b.payload for b in reply.buttons]


def test_every_shipped_checklist_is_short_and_plain(config, content):
    for key in config.levensgebeurtenissen.gebeurtenissen:
        reply = _checklist(config, content, key)
        assert len(reply.text.splitlines()) <= 8
        assert measure(reply.text).flesch_douma >= B1_FLOOR


def test_an_unknown_event_or_missing_texts_give_no_checklist(config, content):
    assert checklist("pensioen", content, config, base_facts(config)) == []
    raw = {k: v for k, v in content.raw.items() if k != "levensgebeurtenissen"}
    bare = content.__class__(raw, content.topics)
    assert checklist("overlijden", bare, config, base_facts(config)) == []
