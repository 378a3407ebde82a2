"""The reply to a life event: a short checklist first, details one click away.

One message: the event's first line, what the municipality does, and per organisation elsewhere
one sentence with the organisation's own page. Its buttons: an appointment at the municipality
when the event's product is booked there, "Meer over ..." for the municipal topic's whole answer,
and "Afspraak met een medewerker van ..." for each agency of the list that receives residents at
a pilot location (the existing agency appointment flow).
"""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from bot.agencies.locations import locations_for
from bot.config.content import Content, render
from bot.config.facts import Facts, agency_facts, fact, product_facts
from bot.config.gemeente import GemeenteConfig, Levensgebeurtenis, ProductConfig
from bot.core.replies import Button, Reply, payload

SECTION = "levensgebeurtenissen"


def organisation_name(config: GemeenteConfig, code: str) -> str:
    """How the checklist names an organisation: an agency's name, or one of the section's own (in the
    conversation's language: "Zorgverzekeraar" is a health insurer)."""
    agency = config.uitvoeringsorganisaties.get(code)
    if agency is not None:
        return agency.naam
    life = config.levensgebeurtenissen
    return (fact(life.organisaties[code].naam) or code) if life is not None else code


def agencies_with_appointments(config: GemeenteConfig, event: Levensgebeurtenis) -> List[str]:
    """The agencies of the event's list that an employee represents at a pilot location."""
    codes = dict.fromkeys(p.organisatie for p in event.elders.values())
    return [code for code in codes if code in config.uitvoeringsorganisaties and locations_for(config, [code])]


def topic_products(content: Content, config: GemeenteConfig, event: Levensgebeurtenis) -> List[ProductConfig]:
    """The products the event's municipal topic explains (for "Meer over <product>")."""
    topic = content.topics.get(event.onderwerp or "")
    if topic is None:
        return []
    return [config.producten[p] for p in topic.products if p in config.producten]


def checklist(key: str, content: Content, config: GemeenteConfig, facts: Facts) -> List[Reply]:
    """The checklist for the event ``key`` of gemeente.yml; empty when there is none."""
    life = config.levensgebeurtenissen
    event = life.gebeurtenissen.get(key) if life is not None else None
    needed = ((key, "kop"), (key, "gemeente"), ("gemeente",), ("elders",))
    if event is None or not all(content.has(SECTION, *keys) for keys in needed):
        return []  # make check-config names what is missing
    lines = [content.text(SECTION, key, "kop"),
             f"{content.text(SECTION, 'gemeente')} {content.text(SECTION, key, 'gemeente')}",
             content.text(SECTION, "elders")]
    for point_key, point in event.elders.items():
        sentence = _sentence(content, key, point_key)
        if sentence:
            lines.append(f"- {organisation_name(config, point.organisatie)}: {sentence} {point.link}")
    return [Reply("\n".join(lines), _buttons(content, config, facts, event))]


def _sentence(content: Content, key: str, point_key: str) -> Optional[str]:
    return content.text(SECTION, key, "elders", point_key) if content.has(SECTION, key, "elders", point_key) else None


def _buttons(content: Content, config: GemeenteConfig, facts: Facts, event: Levensgebeurtenis) -> Tuple[Button, ...]:
    buttons: List[Button] = []
    product = config.producten.get(event.product or "")
    if product is not None and product.afspraak and content.has(SECTION, "knop_afspraak"):
        buttons.append(Button(render(content.text(SECTION, "knop_afspraak"), {**facts, **product_facts([product])}),
                              payload("afspraak_maken", {"product": str(event.product)})))
    products = topic_products(content, config, event)
    if products and content.has("standaard", "meer_over"):
        buttons.append(Button(render(content.text("standaard", "meer_over"), {**facts, **product_facts(products)}),
                              payload(str(event.onderwerp))))
    for code in agencies_with_appointments(config, event):
        agency: Dict[str, Optional[str]] = {**facts, **agency_facts(config, code)}
        buttons.append(Button(render(content.text("spreekuur", "knop_afspraak"), agency),
                              payload("afspraak_maken", {"agency": code})))
    return tuple(buttons)
