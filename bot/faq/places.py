"""The places residents go to: the town hall's counter and the pop-up locations of gemeente.yml.

A follow-up about a place just named ("kan ik daar parkeren?", "en op zaterdag?", "wat kan ik
daar regelen?") is answered about that place, from its own facts. Pure: no Rasa, no I/O.
"""
from __future__ import annotations

from typing import List, Sequence

from bot.config.content import Content, render
from bot.config.facts import Facts, place_facts
from bot.config.gemeente import GemeenteConfig
from bot.core.replies import Reply

# What a resident may ask about a place (see bot/faq/follow_up.py for the words).
PLACE_ASPECTS = ("adres", "parkeren", "open", "aanbod", "afspraak")


def main_counter(config: GemeenteConfig) -> str:
    """The code of the main counter (the first location of soort balie)."""
    return next(code for code, place in config.locaties.items() if place.soort == "balie")


def place_reply(content: Content, config: GemeenteConfig, facts: Facts, code: str,
                asks: Sequence[str], days: Sequence[str]) -> List[Reply]:
    """What was asked about one place: its address, parking, days and times, what can be
    arranged there, whether an appointment is needed. Nothing asked: where and when."""
    place = config.locaties[code]
    facts = {**facts, **place_facts(config, code, days)}
    texts = content.raw["plekken"]
    parts: List[str] = []
    wanted = [a for a in asks if a in PLACE_ASPECTS] or (["open"] if days else ["adres", "open"])
    if days and "open" not in wanted:
        wanted.append("open")
    for aspect in dict.fromkeys(wanted):
        if aspect == "adres":
            parts += [render(texts["adres"], facts), render(texts["omschrijving"], facts)]
        elif aspect == "parkeren":
            parts.append(render(texts["omschrijving"], facts) or render(texts["parkeren_onbekend"], facts))
            parts.append(render(texts["adres"], facts))
        elif aspect == "open":
            held = facts.get("plek.tijden_gevraagd") if days else facts.get("plek.tijden")
            parts.append(render(texts["open"], {**facts, "plek.tijden": held}) if held
                         else render(texts["niet_open"], facts))
        elif aspect == "aanbod":
            parts.append(render(texts["aanbod"], facts) or render(texts["geen_aanbod"], facts))
        elif aspect == "afspraak":
            parts.append(render(texts["afspraak"], facts))
    if place.soort == "popup" and "afspraak" not in wanted:
        parts.append(render(texts["afspraak"], facts))
    return [Reply(text) for text in dict.fromkeys(parts) if text]
