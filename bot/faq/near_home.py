"""Near home: a product question that says where the resident is ("ik woon in 9995", "in de linde",
"bij de bus", "kan slecht lopen") is answered with the pop-up places near them that offer the
product, their next dates and times and a button that books there; a pop-up that does not offer it
is named, with the counter and its hours. Places, areas and dates come from gemeente.yml, the words
and texts from the content file's ``dichtbij``. Pure: no Rasa, no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Dict, List, Optional, Sequence, Tuple

from bot.appointments.nearby import SECTION, offering, resident_whereabouts
from bot.appointments.schedule import next_windows
from bot.config.content import BUTTON_TARGETS, Content, render
from bot.config.facts import Facts, address, product_facts
from bot.config.gemeente import WEEKDAYS, GemeenteConfig
from bot.core.formatting import day_and_date, local_word
from bot.core.replies import Button, Reply, payload
from bot.faq.places import main_counter

DATES_SHOWN = 3
BOOKING_BUTTONS = 3


@dataclass(frozen=True)
class NearAnswer:
    """The reply, and the one place it leads to (for "kan ik daar ..." and "dan wil ik daar een
    afspraak"): the one pop-up that offers it, or the counter when none near does."""
    replies: List[Reply]
    place: Optional[str]


def products_asked(content: Content, config: GemeenteConfig, intent: str, named: Sequence[Optional[str]]) -> List[str]:
    """The products a question is about: the one it names, else those its topic explains. A topic
    that is about something else a product concerns (a lost passport) has none."""
    for value in named:
        if value in config.producten and (intent not in content.topics or content.topic_for(value) == intent):
            return [value]
    topic = content.topics.get(intent)
    if topic is None:
        return []
    return [code for code in topic.products if code in config.producten and content.topic_for(code) == intent]


def near_home(content: Content, config: GemeenteConfig, facts: Facts, intent: str, text: str,
              named: Sequence[Optional[str]], now: datetime) -> Optional[NearAnswer]:
    """The near-home answer to a product question, or None when the question says nothing about
    where the resident is (or names no product)."""
    if not content.has(SECTION):
        return None
    products = products_asked(content, config, intent, named)
    where = resident_whereabouts(content, config, text)
    if not products or not where.says_where:
        return None
    texts = content.raw[SECTION]
    facts = {**facts, **product_facts([config.producten[p] for p in products])}
    all_popups = not where.near and not where.postcode
    candidates = list(where.near) if not all_popups else [code for code, _ in config.popups()]
    offered = offering(config, candidates, products)
    parts: List[str] = []
    buttons: List[Button] = []
    if where.postcode and not where.near:
        parts.append(render(texts["geen_plek"], {**facts, "plek.postcode": where.postcode}))
    refused = [code for code in candidates if code not in offered and (code in where.named or not offered)]
    if all_popups and not offered:
        parts.append(render(texts["nergens"], facts))
    else:
        parts += [render(texts["niet_op_plek"], {**facts, **_place(config, code)}) for code in refused]
    for code in offered:
        template = texts["niet_reizen"] if where.cannot_travel and config.locaties[code].zorglocatie else texts["plek"]
        parts.append(render(template, {**facts, **_place(config, code), "plek.data": _dates(config, code, now)}))
    if offered:
        buttons += [_booking_button(texts, facts, config, code, products) for code in offered[:BOOKING_BUTTONS]]
        if all_popups:
            parts.append(render(texts["waar"], facts))
        counter = main_counter(config)
        if where.postcode and config.locaties[counter].postcode[:4] == where.postcode and "ook_balie" in texts:
            parts.append(render(texts["ook_balie"], facts))  # the town hall is in the resident's own area
            if any(p in config.locaties[counter].producten for p in products):
                buttons.append(_booking_button(texts, facts, config, counter, products))
        place = offered[0] if len(offered) == 1 else None
    else:
        parts += _counter(texts, facts, config, products)
        counter = main_counter(config)
        if any(p in config.locaties[counter].producten and config.producten[p].afspraak for p in products):
            buttons.append(_booking_button(texts, facts, config, counter, products))
        place = counter
    buttons += _closing(content, facts, intent, products, named[0] if named else None)
    return NearAnswer([Reply(_join(parts), tuple(buttons))], place)


def _place(config: GemeenteConfig, code: str) -> Facts:
    place = config.locaties[code]
    return {"plek.naam": place.naam, "plek.adres": address(place)}


def _dates(config: GemeenteConfig, code: str, now: datetime) -> Optional[str]:
    """The next times the place is there: "• vrijdag 27 november, 10:00 tot 12:00"."""
    lines = [f"• {day_and_date(start.date(), WEEKDAYS)}, {start:%H:%M} {local_word('tot')} {end:%H:%M}"
             for start, end in next_windows(config.locaties[code], now, DATES_SHOWN)]
    return "\n".join(lines) or None


def _counter(texts: Dict[str, str], facts: Facts, config: GemeenteConfig, products: Sequence[str]) -> List[str]:
    """Where it can be done instead: the counter with its hours, and online when it can."""
    parts = [render(texts["balie"], facts)]
    if all(config.producten[p].online for p in products):
        parts.append(render(texts["online"], facts))
    return parts


def _booking_button(texts: Dict[str, str], facts: Facts, config: GemeenteConfig, code: str,
                    products: Sequence[str]) -> Button:
    """Books straight at that place: the form starts with the product and the place filled in."""
    entities = {"locatie": code}
    if len(products) == 1:
        entities = {"product": products[0], **entities}
    return Button(render(texts["knop_afspraak"], {**facts, **_place(config, code)}), payload("afspraak_maken", entities))


def _closing(content: Content, facts: Facts, intent: str, products: Sequence[str],
             document: Optional[str]) -> Tuple[Button, ...]:
    """The whole answer about the product one click away, and another question."""
    topic = intent if intent in content.topics else content.topic_for(products[0])
    buttons = []
    if topic and content.has("standaard", "meer_over"):
        entities = {"document": document} if document and list(products) == [document] else None
        buttons.append(Button(render(content.text("standaard", "meer_over"), facts), payload(topic, entities)))
    buttons.append(Button(content.raw["knoppen"]["andere_vraag"], payload(BUTTON_TARGETS["andere_vraag"])))
    return tuple(buttons)


def _join(parts: Sequence[str]) -> str:
    return "\n\n".join(part for part in parts if part)
