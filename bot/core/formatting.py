"""How facts read in Dutch: money, times, days. Kept apart so every answer writes them alike."""
from __future__ import annotations

from datetime import date
from typing import Iterable, List, Sequence

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def euro(amount: float) -> str:
    """``84.6`` -> ``€ 84,60``; ``1470`` -> ``€ 1.470,00``; ``0`` -> ``gratis``."""
    if amount == 0:
        return "gratis"
    whole, cents = f"{amount:,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}"


def join_dutch(items: Sequence[str], word: str = "en") -> str:
    """``[a, b, c]`` -> ``a, b en c``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def windows(items: Iterable) -> str:
    """Time windows of one day: ``09:00 tot 17:00 en 18:00 tot 20:00``."""
    return join_dutch([str(w) for w in items])


def week_lines(week: dict, days: Sequence[str]) -> List[str]:
    """One line per day, closed days included, so nobody has to guess."""
    return [f"• {day}: {windows(week[day]) if week.get(day) else 'gesloten'}" for day in days]


def day_and_date(day: date, weekdays: Sequence[str]) -> str:
    """``dinsdag 24 november``."""
    return f"{weekdays[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
