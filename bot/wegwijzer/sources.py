"""The matcher as the running assistant needs it: the subjects of gemeente.yml and the
burgerzaken words (of nlp/entity_patterns.yml, content/antwoorden.yml and gemeente.yml), built
again whenever one of those files changed."""
from __future__ import annotations

import re
import threading
from typing import Dict, Iterable, List, Optional, Set, Tuple

from bot.config.content import Content, get_content
from bot.config.gemeente import GemeenteConfig, get_gemeente
from bot.core.yaml_tree import strings
from bot.nlp.vocabulary import Vocabulary, vocabulary
from bot.wegwijzer.matcher import Owners, WegwijzerMatcher

# The booking conversation is about any product: a product named while booking is its evidence.
BOOKING_INTENTS = ("afspraak_maken", "afspraak_annuleren", "afspraak_wijzigen")
# A place of the assistant's own (the town hall, a pop-up) is asked about with these.
PLACE_INTENTS = ("popup_locaties", "openingstijden", "contactgegevens", *BOOKING_INTENTS)


def burgerzaken_words(config: GemeenteConfig, content: Content,
                      vocab: Optional[Vocabulary] = None) -> Dict[str, Owners]:
    """Every word that names something the assistant answers itself, with the intents that own it:
    documents and products (with the topics of content/antwoorden.yml that explain them and the
    booking intents), agencies (strong: they name the thing), the agencies' subject words
    of gemeente.yml ("ziek", "huur": only with the agency's intent) and the assistant's own
    places ("komt de gemeentebus ook bij een rolstoel" asks about the bus, not about Wmo)."""
    vocab = vocab or vocabulary()
    intents_of: Dict[str, Set[str]] = {}
    strong: Dict[str, bool] = {}

    def add(word: str, intents, names_it: bool = True) -> None:
        key = word.strip().lower()
        intents_of.setdefault(key, set()).update(intents)
        strong[key] = strong.get(key, False) or names_it

    by_product: Dict[str, Set[str]] = {}
    for intent, topic in content.topics.items():
        for product in topic.products:
            by_product.setdefault(product, set()).add(intent)
    for entity in ("document", "product"):
        for value, variants in vocab.entries.get(entity, {}).items():
            for word in (value, *variants):
                add(word, by_product.get(value, set()) | set(BOOKING_INTENTS))
    for code, config_product in config.producten.items():
        for word in {code.replace("_", " "), config_product.naam}:
            add(word, by_product.get(code, set()) | set(BOOKING_INTENTS))
    agency_intent = {code: intent for intent, code in (content.raw["organisaties"].get("intents") or {}).items()}
    for code, variants in vocab.entries.get("agency", {}).items():
        for word in (code, *variants):
            add(word, {agency_intent[code]} if code in agency_intent else set())
    for code, agency in config.uitvoeringsorganisaties.items():
        intents = {agency_intent[code]} if code in agency_intent else set()
        for word in (agency.naam, agency.volledige_naam):
            add(word, intents)
        for word in (w for subject in agency.onderwerpen.values() for w in subject.woorden):
            add(word, intents, names_it=False)
    areas = {config.gemeente.naam, *(p.wijk for p in config.locaties.values() if p.wijk),
             *(p.plaats for p in config.locaties.values() if p.plaats)}
    for place in config.locaties.values():
        for word in place_words(place.naam, areas):
            add(word, PLACE_INTENTS)
    return {word: Owners(frozenset(intents), strong[word]) for word, intents in intents_of.items()}


def place_words(name: str, areas: Iterable[str]) -> List[str]:
    """A place's name and its own longer words: "Gemeentebus De Weide" is named by "gemeentebus".
    The words of the municipality, a neighbourhood or a village ("in de weide", "oosterhout")
    name where the resident lives, which any subject can be about."""
    area_words = {w for area in areas for w in re.findall(r"\w+", area.lower())}
    own = [w for w in name.lower().split() if len(w) > 4 and w not in area_words]
    return [name.lower(), *own]


def answer_texts(content: Content) -> List[str]:
    """The assistant's own answers (burgerzaken, service, agencies): their words are common ground."""
    sections = ("onderwerpen", "afspraken", "organisaties", "standaard", "plekken")
    return [text for section in sections for _, text in strings(content.raw.get(section) or {})]


def build_matcher(config: GemeenteConfig, content: Content) -> WegwijzerMatcher:
    topics = {key: (list(topic.woorden), list(topic.voorbeelden)) for key, topic in config.wegwijzer.items()}
    return WegwijzerMatcher(topics, burgerzaken_words(config, content), answer_texts(content))


_lock = threading.Lock()
_built: Dict[str, Tuple[GemeenteConfig, Content, WegwijzerMatcher]] = {}


def current_matcher() -> WegwijzerMatcher:
    """The matcher for the files as they are now (an edit is picked up at the next message)."""
    config, content = get_gemeente(), get_content()
    with _lock:
        cached = _built.get("current")
        if cached and cached[0] is config and cached[1] is content:
            return cached[2]
        matcher = build_matcher(config, content)
        _built["current"] = (config, content, matcher)
        return matcher
