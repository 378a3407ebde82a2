"""How facts read in the conversation's language (Dutch, or English: bot.core.language): money,
times, days. Kept apart so every answer writes them alike. Callers pass Dutch words (the days
of gemeente.yml, "en", "of"); in an English conversation they come out in English."""
from __future__ import annotations

from datetime import date
from typing import Iterable, List, Sequence

from bot.core import language

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")
DUTCH_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# The few words of code that reach a resident, by language.
_WORDS = {
    language.ENGLISH: {"en": "and", "of": "or", "gratis": "free", "gesloten": "closed", "tot": "to",
                       "om": "at"},
}


def local_word(dutch: str) -> str:
    """A small word of the code's own (``en``, ``of``, ``gesloten``) in the conversation's language."""
    return _WORDS.get(language.current(), {}).get(dutch, dutch)


def day_name(dutch_day: str) -> str:
    """``dinsdag`` as the conversation reads it (``Tuesday`` in English)."""
    if language.current() == language.ENGLISH and dutch_day.lower() in DUTCH_WEEKDAYS:
        return ENGLISH_WEEKDAYS[DUTCH_WEEKDAYS.index(dutch_day.lower())]
    return dutch_day


def euro(amount: float) -> str:
    """``84.6`` -> ``€ 84,60``; ``1470`` -> ``€ 1.470,00``; ``0`` -> ``gratis``."""
    if amount == 0:
        return local_word("gratis")
    whole, cents = f"{amount:,.2f}".split(".")
    if language.current() == language.ENGLISH:
        return f"€{whole}.{cents}"
    return f"€ {whole.replace(',', '.')},{cents}"


def join_dutch(items: Sequence[str], word: str = "en") -> str:
    """``[a, b, c]`` -> ``a, b en c`` (``a, b and c`` in English)."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {local_word(word)} {items[-1]}"


def windows(items: Iterable) -> str:
    """Time windows of one day: ``09:00 tot 17:00 en 18:00 tot 20:00``."""
    return join_dutch([str(w) for w in items])


def week_lines(week: dict, days: Sequence[str]) -> List[str]:
    """One line per day, closed days included, so nobody has to guess."""
    return [f"• {day_name(day)}: {windows(week[day]) if week.get(day) else local_word('gesloten')}" for day in days]


def day_and_date(day: date, weekdays: Sequence[str]) -> str:
    """``dinsdag 24 november`` (``Tuesday 24 November`` in English)."""
    if language.current() == language.ENGLISH:
        return f"{ENGLISH_WEEKDAYS[day.weekday()]} {day.day} {ENGLISH_MONTHS[day.month - 1]}"
    return f"{weekdays[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
