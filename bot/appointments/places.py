"""Which place a resident means. Names are shared: "de weide" is both the servicepunt and the
bus in De Weide, "balie" or "stadhuis" any counter. A word in only one place's name tells it
apart; a shared word leaves every place that has it. What the place offers then decides
(``narrow``): a product is never refused at a place that offers it, and when several places
that offer it remain, the resident is asked which one is meant.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Set

from bot.config.gemeente import GemeenteConfig

# Words for any counter of the municipality, whatever its name.
COUNTER_WORDS = ("gemeentehuis", "stadhuis", "raadhuis", "balie", "gemeentekantoor",
                 "town hall", "townhall", "city hall", "municipal office", "council office", "counter")
# What an English writer calls the kinds of place in a name ("the library" for Bibliotheek Oosterhout).
ENGLISH_NAME_WORDS = {"bibliotheek": ("library",), "zorgcentrum": ("care centre", "care center", "care home"),
                      "servicepunt": ("service point", "service desk"), "gemeentebus": ("municipal bus",),
                      "gemeentehuis": ("town hall", "townhall", "city hall")}
COUNTER_KIND = "balie"
_STOPWORDS = {"gemeente", "de", "het", "van", "in", "op", "bij", "the", "of", "at"}
_COMPOUND_HEAD = "gemeente"  # "gemeentebus": residents also say "de bus"
SEPARATOR = "|"  # several places meant: a slot value "a|b" makes the form ask which one


def name_words(name: str, municipality: str = "") -> List[str]:
    """The words of a place's name a resident would type: "Gemeentebus De Weide" gives
    gemeentebus and weide. The municipality's own name tells no place apart."""
    return [w for w in re.findall(r"[\w'-]+", name.lower())
            if w not in _STOPWORDS and w != municipality.lower() and len(w) > 3]


def _with_english(words: List[str]) -> List[str]:
    """A name's words and what an English writer calls them ("library" beside "bibliotheek")."""
    return words + [english for w in words for english in ENGLISH_NAME_WORDS.get(w, ())]


def _short_words(words: Sequence[str]) -> List[str]:
    """What residents say for a "gemeente-" compound: "de bus" for the gemeentebus."""
    return [w[len(_COMPOUND_HEAD):] for w in words if w.startswith(_COMPOUND_HEAD) and len(w) - len(_COMPOUND_HEAD) >= 3]


def places_named(config: GemeenteConfig, text: str, only: Optional[Iterable[str]] = None) -> List[str]:
    """The places the text names, by their own words first: a word in only one place's name
    ("gemeentebus", "bibliotheek") names that place; otherwise every place with a shared word
    ("weide"), its neighbourhood ("in de weide") or, for a counter, a word for any counter.
    ``only`` limits the places considered (the pop-up locations, say)."""
    lowered = (text or "").lower()
    allowed = set(only) if only is not None else set(config.locaties)
    own: Dict[str, List[str]] = {code: _with_english(name_words(place.naam, config.gemeente.naam))
                                 for code, place in config.locaties.items() if code in allowed}
    counts = Counter(word for words in own.values() for word in set(words))
    distinct, shared = [], []
    for code, place in config.locaties.items():
        if code not in allowed:
            continue
        unique = [w for w in own[code] if counts[w] == 1]
        common = [w for w in own[code] if counts[w] > 1] + _short_words(own[code]) \
            + ([place.wijk.lower()] if place.wijk else [])
        if place.soort == COUNTER_KIND:
            common += COUNTER_WORDS
        if _mentions(lowered, unique):
            distinct.append(code)
        elif _mentions(lowered, common):
            shared.append(code)
    return distinct or shared


def narrow(candidates: Sequence[str], offers: Callable[[str], bool]) -> List[str]:
    """The places meant, told apart by what they offer: those that offer it when any does,
    else all of them (the check then says the place does not offer it)."""
    offering = [code for code in candidates if offers(code)]
    return offering or list(candidates)


def joined(codes: Sequence[str]) -> Optional[str]:
    """One place's code, several joined for the form to ask which one, or None."""
    return SEPARATOR.join(codes) if codes else None


def split(value: object, known: Set[str]) -> List[str]:
    """The places a slot value stands for (one code, or several to choose from)."""
    return [code for code in str(value or "").split(SEPARATOR) if code in known]


def _mentions(lowered: str, words: Sequence[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", lowered) for w in words if w)
