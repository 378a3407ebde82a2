"""What the conversation already tells a booking. "Ok, dan wil ik daar een afspraak voor" after an
answer about ID-kaarten books an ID-kaart; "can I book there" after the pop-up in Oosterhout books
there; "onze zoon is geboren, ik wil een afspraak" books a birth registration; and a message with a
product and a day or place ("dinsdagmiddag paspoort bij de bus") is a booking, whatever else.
Pure: the actions read the tracker and pass the messages in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Dict, List, Optional, Sequence, Tuple

from bot.appointments.nearby import offering, resident_whereabouts
from bot.appointments.places import places_named
from bot.config.content import Content
from bot.config.gemeente import GemeenteConfig
from bot.core.dates import parse_when
from bot.forms.turn import Slots, is_question

# "ik wil een afspraak", "kan ik een afspraak maken", "book an appointment"; not "moet ik een
# afspraak maken?", "is er een afspraak nodig", "zonder afspraak": those ask about the topic.
_APPOINTMENT = re.compile(r"\b(?:afspraak|afspraakje|appointment)\b", re.IGNORECASE)
_WANTS = re.compile(r"\b(?:wil|willen|wilde|zou|graag|kan ik|kunnen we|kunnen wij|mag ik|maken|maak|plannen|"
                    r"inplannen|boeken|book|make|schedule|i'?d like|want|would like|i need|need to)\b", re.IGNORECASE)
# "kan ik een afspraak maken voor de aangifte, mijn vader is overleden": the model reads a booking
# (0.51) and a topic close behind (0.46). A topic ranked at least this high is what it is about.
TOPIC_BESIDE = 0.2
# In English "need" also asks for one ("I need an appointment"): only the question asks about the topic.
_ONLY_ASKS = re.compile(r"\b(?:nodig|moet ik|moeten we|moeten wij|hoef|hoeft|verplicht|zonder|needed|required|necessary|"
                        r"without|(?:do|does|will) (?:i|we|you|one) (?:need|have to)|is (?:an? )?appointment)\b",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Said:
    """One resident message: what the model made of it and the words; ``beside`` holds the other
    intents the model ranked at least ``TOPIC_BESIDE``, most likely first."""
    intent: str
    entities: Dict[str, List[str]] = field(default_factory=dict)
    text: str = ""
    beside: Tuple[str, ...] = ()


def asks_for_appointment(text: str) -> bool:
    """Whether the message asks to make an appointment, besides what else it says."""
    return bool(_APPOINTMENT.search(text or "") and _WANTS.search(text or "") and not _ONLY_ASKS.search(text or ""))


def books_topic(said: Said, content: Content, config: GemeenteConfig) -> bool:
    """A topic's question that also asks for an appointment for the product the topic explains
    ("onze zoon is geboren, ik wil een afspraak"). A topic about something else that product
    concerns (collecting a passport needs no appointment) is answered instead."""
    product = product_in(said, content, config)
    return asks_for_appointment(said.text) and product is not None and content.topic_for(product) == said.intent


def bookable(config: GemeenteConfig) -> List[str]:
    return [code for code, product in config.producten.items() if product.afspraak]


def product_in(said: Said, content: Content, config: GemeenteConfig) -> Optional[str]:
    """The bookable product a message names, or else the one its topic is about."""
    codes = bookable(config)
    for name in ("product", "document"):
        named = next((value for value in said.entities.get(name, []) if value in codes), None)
        if named:
            return named
    for intent in (said.intent, *said.beside):
        topic = content.topics.get(intent)
        products = [code for code in (topic.products if topic else ()) if code in codes]
        if topic:
            return products[0] if len(products) == 1 else None
    return None


def booking_context(latest: Said, before: Optional[Said], content: Content, config: GemeenteConfig) -> Slots:
    """The product and place a booking asked for in ``latest`` can take from the message itself
    and from ``before``, the message just answered (None when it was no question answered). The
    form reads what ``latest`` names itself; this adds what it only points back to."""
    found: Slots = {}
    product = product_in(latest, content, config) or (product_in(before, content, config) if before else None)
    if product:
        found["product"] = product
    if before and not latest.entities.get("locatie") and not places_named(config, latest.text):
        place = _place_in(before.text, product, config) or _near_place(before.text, product, content, config)
        if place:
            found["locatie"] = place
    return found


def is_booking(said: Said, content: Content, config: GemeenteConfig, today: date) -> bool:
    """A message that is no question and names a product with a day or a place ("volgende week
    dinsdagmiddag paspoort bij de gemeentebus") asks for that appointment."""
    if is_question(said.text) or not any(said.entities.get(name) for name in ("product", "document")):
        return False
    if product_in(Said("", said.entities), content, config) is None:
        return False
    return not parse_when(said.text, today).is_empty or bool(places_named(config, said.text))


def _place_in(text: str, product: Optional[str], config: GemeenteConfig) -> Optional[str]:
    """The one place the text names that offers the product (or anything bookable)."""
    wanted: Sequence[str] = [product] if product else bookable(config)
    meant = [code for code in places_named(config, text)
             if any(p in config.locaties[code].producten for p in wanted)]
    return meant[0] if len(meant) == 1 else None


def _near_place(text: str, product: Optional[str], content: Content, config: GemeenteConfig) -> Optional[str]:
    """The one pop-up near where the text says the resident is ("ik woon in 9995", "kan slecht
    lopen") that offers the product: the place the near-home answer gave. A text that names a place
    itself is left to ``_place_in``."""
    if not product or places_named(config, text):
        return None
    meant = offering(config, resident_whereabouts(content, config, text).near, [product])
    return meant[0] if len(meant) == 1 else None
