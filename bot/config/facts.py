"""The municipality's facts as the placeholders of ``content/antwoorden.yml`` name them.

Answers never read ``gemeente.yml`` directly: they get this flat ``{"gemeente.naam": ...}``
view, so the content file and the configuration can change independently.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Dict, List, Optional, Sequence, Tuple

from bot.config.content import get_content
from bot.config.gemeente import WEEKDAYS, GemeenteConfig, Locatie, ProductConfig
from bot.core import language
from bot.core.clock import local_now
from bot.core.formatting import day_and_date, day_name, euro, join_dutch, week_lines

Facts = Dict[str, Optional[str]]
# The sentences this module builds from the schedule, by language.
_PHRASES = {
    language.DUTCH: {"pilot": "in het {naam}, {adres}, op {dagen}", "popup": "• {naam}, {adres}. Open {tijden}. Voor: {producten}.",
                     "volgende": " De volgende keer is {dag}.", "rooster": "{elke} {dag} van {tijd}",
                     "elke": "elke", "even": "in even weken op", "oneven": "in oneven weken op"},
    language.ENGLISH: {"pilot": "at {naam}, {adres}, on {dagen}", "popup": "• {naam}, {adres}. Open {tijden}. For: {producten}.",
                       "volgende": " The next time is {dag}.", "rooster": "{elke} {dag} from {tijd}",
                       "elke": "every", "even": "in even weeks on", "oneven": "in odd weeks on"},
}


def _phrase(name: str) -> str:
    return _PHRASES.get(language.current(), _PHRASES[language.DUTCH])[name]


def fact(text: Optional[str]) -> Optional[str]:
    """A text of gemeente.yml in the conversation's language (the English content's ``feiten``)."""
    if not text or language.current() == language.DUTCH:
        return text
    return get_content().fact(text)


def resident_texts(config: GemeenteConfig) -> List[Tuple[str, str]]:
    """Every Dutch text of gemeente.yml that reaches a resident, as (path, text): each goes through
    ``fact`` where a resident reads it, and ``make check-config`` asks the English content's ``feiten`` for
    each. Names of places and agencies (Gemeentehuis Wilgendaal, UWV), addresses, phone numbers and
    links stay as they are in every language; an address's note in brackets, an agency's name with
    its article ("het UWV") and its full Dutch name do not. Of ``verantwoording``, the sentences of
    the resident's privacy statement count; the rest is for staff and the Algoritmeregister."""
    texts: List[Tuple[str, str]] = []
    for code, product in config.producten.items():
        texts.append((f"producten.{code}.naam", product.naam))
        if product.levertijd:
            texts.append((f"producten.{code}.levertijd", product.levertijd))
        texts += [(f"producten.{code}.tarieven[{i}].voor", t.voor) for i, t in enumerate(product.tarieven)]
    for code, place in config.locaties.items():
        if "(" in place.adres:  # a note in brackets: "Weidepad 30 (in het wijkcentrum)"
            texts.append((f"locaties.{code}.adres", place.adres))
        if place.omschrijving:
            texts.append((f"locaties.{code}.omschrijving", place.omschrijving))
    for code, agency in config.uitvoeringsorganisaties.items():
        if agency.met_lidwoord != agency.naam:
            texts.append((f"uitvoeringsorganisaties.{code}.lidwoord", agency.met_lidwoord))
        texts.append((f"uitvoeringsorganisaties.{code}.volledige_naam", agency.volledige_naam))
        texts += [(f"uitvoeringsorganisaties.{code}.onderwerpen.{key}.naam", page.naam)
                  for key, page in agency.onderwerpen.items()]
    if config.spreekuur is not None:
        texts.append(("spreekuur.naam", config.spreekuur.naam))
    for key, topic in config.wegwijzer.items():
        texts += [(f"wegwijzer.{key}.naam", topic.naam), (f"wegwijzer.{key}.uitleg", topic.uitleg)]
    if config.levensgebeurtenissen is not None:
        texts += [(f"levensgebeurtenissen.organisaties.{code}.naam", organisation.naam)
                  for code, organisation in config.levensgebeurtenissen.organisaties.items()]
    if config.verantwoording is not None:
        privacy = config.verantwoording.privacy
        texts += [("verantwoording.privacy.grondslag", privacy.grondslag),
                  ("verantwoording.privacy.bewaartermijn_afspraken", privacy.bewaartermijn_afspraken)]
    return texts


def address(place: Locatie) -> str:
    """A place's full address in the conversation's language (its note in brackets translated)."""
    return f"{fact(place.adres) or place.adres}, {place.postcode} {place.plaats}"


def today() -> date:
    return local_now().date()


def base_facts(config: GemeenteConfig, on: Optional[date] = None) -> Facts:
    """The facts every answer may use."""
    g = config.gemeente
    balie = config.balie
    return {
        "gemeente.naam": g.naam,
        "gemeente.telefoon": g.telefoon,
        "gemeente.email": g.email,
        "gemeente.website": str(g.website),
        "gemeente.postadres": g.postadres,
        "gemeente.klachten_link": str(g.klachten_link),
        "balie.naam": balie.naam,
        "balie.adres": address(balie),
        "balie.openingstijden": "\n".join(week_lines(balie.openingstijden, WEEKDAYS)),
        "telefoon.tijden": "\n".join(week_lines(config.telefonisch_bereikbaar, WEEKDAYS)),
        "popup.overzicht": popup_overview(config, on or today()),
    }


def product_facts(products: Sequence[ProductConfig], lead: Sequence[str] = ()) -> Facts:
    """One product, or several named together ("paspoort of ID-kaart"); the fees of the groups in
    ``lead`` (a child, spoed, zaterdag), in that order, come first."""
    levertijden = {p.levertijd for p in products}
    levertijd = levertijden.pop() if len(levertijden) == 1 else None  # None when they differ
    return {
        "product.naam": join_dutch([fact(p.naam) or p.naam for p in products], "of"),
        "product.link": join_dutch([str(p.link) for p in products]),
        "product.levertijd": _capitalise(fact(levertijd) or levertijd) if levertijd is not None else None,
        "product.kosten": fee_lines(products, lead),
    }


def fee_lines(products: Sequence[ProductConfig], lead: Sequence[str] = ()) -> Optional[str]:
    lines: List[str] = []
    for product in products:
        if not product.tarieven:
            continue
        if len(products) > 1:
            lines.append(f"{_capitalise(fact(product.naam) or product.naam)}:")
        # the groups of the case in its order first; stable, so otherwise in the file's order
        ordered = sorted(product.tarieven, key=lambda t: lead.index(t.groep) if t.groep in lead else len(lead))
        lines += [f"• {fact(t.voor)}: {euro(t.bedrag)}" for t in ordered]
    return "\n".join(lines) or None


def agency_facts(config: GemeenteConfig, code: str) -> Facts:
    agency = config.uitvoeringsorganisaties.get(code)
    if agency is None:
        return {}
    return {
        "organisatie.naam": agency.naam,
        "organisatie.met_lidwoord": fact(agency.met_lidwoord),
        "organisatie.volledige_naam": fact(agency.volledige_naam),
        "organisatie.telefoon": agency.telefoon,
        "organisatie.website": str(agency.website),
        "organisatie.spreekuur": agency_hours(config, code),
    }


def agency_hours(config: GemeenteConfig, code: str) -> Optional[str]:
    """Where and on which days the agency receives residents at a pilot location."""
    places = []
    for pilot in config.pilot_locaties:
        days = pilot.organisaties.get(code)
        if days:
            location = config.locaties[pilot.locatie]
            places.append(_phrase("pilot").format(naam=location.naam, adres=address(location),
                                                  dagen=join_dutch([day_name(d) for d in days])))
    return join_dutch(places, "of") or None


def next_popup_day(location: Locatie, after: date, horizon_days: int = 42) -> Optional[date]:
    for offset in range(horizon_days):
        day = after + timedelta(days=offset)
        if day in location.gesloten:
            continue
        if any(slot.is_held_on(day) for slot in location.rooster):
            return day
    return None


def popup_overview(config: GemeenteConfig, on: date, only: Optional[Sequence[str]] = None) -> Optional[str]:
    lines = []
    for code, location in config.popups():
        if only is not None and code not in only:
            continue
        times = join_dutch([_rooster_text(slot) for slot in location.rooster])
        products = join_dutch([fact(config.producten[p].naam) or p for p in location.producten])
        line = _phrase("popup").format(naam=location.naam, adres=address(location), tijden=times, producten=products)
        upcoming = next_popup_day(location, on)
        if upcoming:
            line += _phrase("volgende").format(dag=day_and_date(upcoming, WEEKDAYS))
        lines.append(line)
    return "\n".join(lines) or None


def _rooster_text(slot) -> str:
    return _phrase("rooster").format(elke=_phrase(slot.weken), dag=day_name(slot.dag), tijd=slot.tijd)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def place_facts(config: GemeenteConfig, code: str, days: Sequence[str] = ()) -> Facts:
    """One location of gemeente.yml as ``plek.*``: where it is, what it says about getting there,
    when it is open (all week, and on the ``days`` asked) and what can be arranged there."""
    place = config.locaties[code]
    if place.soort == "popup":
        every = [f"• {_rooster_text(slot)}" for slot in place.rooster]
        asked = [f"• {_rooster_text(slot)}" for slot in place.rooster if slot.dag in days]
    else:
        every = week_lines(place.openingstijden, WEEKDAYS)
        asked = week_lines(place.openingstijden, [day for day in WEEKDAYS if day in days])
    products = [fact(config.producten[p].naam) or p for p in place.producten if p in config.producten]
    return {
        "plek.naam": place.naam,
        "plek.adres": address(place),
        "plek.omschrijving": fact(place.omschrijving),
        "plek.tijden": "\n".join(every) or None,
        "plek.tijden_gevraagd": "\n".join(asked) or None,
        "plek.dagen": join_dutch([day_name(d) for d in days], "of") or None,
        "plek.producten": join_dutch(products) or None,
    }
