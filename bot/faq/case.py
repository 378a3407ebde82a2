"""The case a question is about: for whom (a child, an adult, someone of 75 or older), how
urgent (spoed), and for which day ("trouwen op een zaterdag").

The case decides what leads an answer: the fee of that group (``Tarief.groep`` in gemeente.yml)
comes first, and the pieces of the content file for it (``gevallen`` of an extra, the ``kind``
piece, the delivery time for a rush) are shown. Residents rarely name a case the way the file
does: "mijn zoon van 10", "voor een kind van 7 jaar", "mijn vader wordt 76", "ik vlieg volgende
week", "over 3 dagen op vakantie", "kan het sneller?". Pure text rules: no Rasa, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from bot.config.gemeente import CASES, WEEKDAYS

SENIOR_AGE = 75  # from this age a driving licence needs a health declaration (CBR)
ADULT_AGE = 18

_NUMBER_WORDS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
                 "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
                 "zestien": 16, "zeventien": 17, "achttien": 18, "a": 1, "one": 1, "two": 2, "three": 3, "four": 4,
                 "five": 5, "six": 6, "seven": 7, "ten": 10}
_NUMBER = r"(\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"

# An age: "van 10", "is 15", "wordt 76", "ben 17", "10 jaar oud", "76-jarige", "aged 12", "12 years old".
# Not "van 10 tot 12", "van 10 uur", "over 3 dagen": a unit after the number makes it no age.
_NOT_AN_AGE_AFTER = r"(?!\s*(?:[.:,]\d|uur|u\b|tot\b|-\s*\d|euro|€|dagen|dag\b|weken|week\b|maanden|maand\b|minuten|" \
                    r"keer|x\b|%|km|cm|kilo|jaar\s+(?:geldig|in|al|lang|getrouwd|geleden|terug|woon|hier|na)))"
_AGE_PATTERNS = (
    re.compile(r"\b(?:van|is|wordt|word|ben|bent|zijn|werd|aged?|turns?|turning)\s+(\d{1,3})\b" + _NOT_AN_AGE_AFTER,
               re.IGNORECASE),
    re.compile(r"\b(\d{1,3})\s*(?:jaar|jr|years?)\s*(?:oud|old)\b", re.IGNORECASE),
    re.compile(r"\b(\d{1,3})\s*-?\s*(?:jarige?|jarig|year-old|year old)\b", re.IGNORECASE),
    re.compile(r"\((\d{1,2})\)"),  # "mijn dochter (15)"
)
_SENIOR_WORDS = re.compile(r"(?:\b75\s*\+|\b75-?plusser|\bboven\s+de\s+75\b|\bouder\s+dan\s+75\b|\b75\s+jaar\s+of\s+ouder\b|"
                           r"\bover\s+75\b|\bbejaard)", re.IGNORECASE)
_CHILD = re.compile(r"\b(?:kind|kinderen|kindje|kindjes|zoon|zoontje|zonen|dochter|dochters|dochtertje|baby|babys|"
                    r"baby's|minderjarige?|tiener|peuter|kleuter|pleegkind|stiefzoon|stiefdochter|kleinkind|"
                    r"onder\s+de\s+18|jonger\s+dan\s+18|child|children|son|daughter|kid|kids|minor|toddler)\b",
                    re.IGNORECASE)
_ADULT = re.compile(r"\b(?:volwassene?|meerderjarige?|adult|18\s*\+|18\s+jaar\s+of\s+ouder|boven\s+de\s+18|"
                    r"ouder\s+dan\s+18)\b", re.IGNORECASE)

# Urgency said outright ...
_URGENT = re.compile(r"\b(?:spoed\w*|met\s+spoed|haast|snel|sneller|snelst|zsm|z\.s\.m|dringend|urgent|asap|"
                     r"vlug|vlugger|meteen|direct\s+nodig|acuut|noodgeval|rush|quickly|faster|express)\b",
                     re.IGNORECASE)
# ... or a deadline close by ("volgende week", "over 3 dagen", "morgen") with a reason to need it then.
_SOON = re.compile(r"\b(?:vandaag|morgen|overmorgen|vanavond|deze\s+week|volgende\s+week|komende\s+week|"
                   r"dit\s+weekend|komend\s+weekend|volgend\s+weekend|eind\s+van\s+de\s+week|"
                   r"(?:over|binnen|na|in)\s+" + _NUMBER + r"\s+(?:dagen|dag|werkdagen)\b|"
                   r"(?:over|binnen|in)\s+(?:een|1|één)\s+week|tomorrow|next\s+week|this\s+week|"
                   r"in\s+\d{1,2}\s+days)", re.IGNORECASE)
_DAYS_AHEAD = re.compile(r"\b(?:over|binnen|na|in)\s+" + _NUMBER + r"\s+(?:dagen|dag|werkdagen|days)\b",
                         re.IGNORECASE)
_NEED = re.compile(r"\b(?:vlieg\w*|vlucht\w*|vakantie|reis|reizen|op\s+reis|vertrek\w*|ga\s+weg|gaan\s+weg|"
                   r"buitenland|nodig|trip|flight|fly|flying|travel\w*|holiday|examen|sollicit\w*|op\s+tijd)\b",
                   re.IGNORECASE)
_LONG_AHEAD_DAYS = 10  # "over 14 dagen" leaves time for the normal delivery

_WEEKEND = re.compile(r"\b(?:weekend|weekends|zaterdags?|saturday)\b", re.IGNORECASE)
_WORKDAY = re.compile(r"\b(?:doordeweeks?|doordeweekse|door\s+de\s+week|werkdag|weekday)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Case:
    """What a question says about whom and when; empty when it says nothing."""
    age: Optional[int] = None
    child: bool = False
    adult: bool = False
    senior: bool = False
    urgent: bool = False
    days: Tuple[str, ...] = ()  # weekdays named
    workday: bool = False  # "doordeweeks", "op een werkdag"

    @property
    def minor(self) -> bool:
        return self.age < ADULT_AGE if self.age is not None else self.child and not self.adult

    @property
    def names(self) -> Tuple[str, ...]:
        """The case names (``CASES``: gemeente.yml's fee groups and the content's ``gevallen``), most
        telling first: the fees of these groups lead, in this order."""
        found: List[str] = []
        if self.urgent:
            found.append("spoed")
        for day in self.days:
            found += [day, "weekend" if day in ("zaterdag", "zondag") else "doordeweeks"]
        if self.workday:
            found.append("doordeweeks")
        if self.minor:
            found.append("minderjarig")
        elif self.adult or (self.age is not None and self.age >= ADULT_AGE):
            found.append("volwassen")
        if self.senior:
            found.append("75_plus")
        return tuple(name for name in dict.fromkeys(found) if name in CASES)

    def __bool__(self) -> bool:
        return bool(self.names)


def ages_in(text: str) -> List[int]:
    """The ages a message gives ("mijn zoon van 10", "wordt 76", "een 15-jarige")."""
    ages = []
    for pattern in _AGE_PATTERNS:
        ages += [int(n) for n in pattern.findall(text) if 0 < int(n) < 120]
    return list(dict.fromkeys(ages))


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.lower(), 0)


def is_urgent(text: str) -> bool:
    """Spoed asked for ("kan het sneller?", "met spoed") or implied by a deadline close by with a
    reason to need it then ("ik vlieg volgende week", "over 3 dagen op vakantie")."""
    if _URGENT.search(text):
        return True
    soon = _SOON.search(text)
    if not soon or not _NEED.search(text):
        return False
    ahead = _DAYS_AHEAD.search(soon.group(0))
    return ahead is None or _number(ahead.group(1)) <= _LONG_AHEAD_DAYS


def days_named(text: str) -> Tuple[str, ...]:
    """The weekdays a question is about ("op een zaterdag", "in het weekend")."""
    lowered = text.lower()
    days = {day for day in WEEKDAYS if re.search(rf"\b{day}", lowered)}
    if _WEEKEND.search(lowered):
        days.add("zaterdag")
    return tuple(day for day in WEEKDAYS if day in days)


def case_named(names: Sequence[str]) -> Case:
    """The case that ``names`` describe (``Case.names`` kept in the conversation): "minderjarig"
    after "wat kost een paspoort voor mijn zoon van 10" keeps the child's fee and piece first."""
    days = tuple(day for day in WEEKDAYS if day in names)
    return Case(child="minderjarig" in names, adult="volwassen" in names, senior="75_plus" in names,
                urgent="spoed" in names, days=days, workday="doordeweeks" in names and not days)


def case_of(text: str) -> Case:
    """The case of a resident's message; an empty ``Case()`` when it names none."""
    text = text or ""
    ages = ages_in(text)
    return Case(age=min(ages) if ages else None, child=bool(_CHILD.search(text)), adult=bool(_ADULT.search(text)),
                senior=bool(_SENIOR_WORDS.search(text)) or any(a >= SENIOR_AGE for a in ages),
                urgent=is_urgent(text), days=days_named(text), workday=bool(_WORKDAY.search(text)))
