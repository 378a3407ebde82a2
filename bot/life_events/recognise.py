"""Which life event's checklist answers a message, with the events of gemeente.yml as they are now."""
from __future__ import annotations

from typing import Iterable, Optional

from bot.config.gemeente import GemeenteConfig
from bot.life_events.matcher import LifeEventMatcher


def matcher_for(config: GemeenteConfig) -> Optional[LifeEventMatcher]:
    life = config.levensgebeurtenissen
    if life is None:
        return None
    return LifeEventMatcher({key: event.woorden for key, event in life.gebeurtenissen.items()}, life.vragen)


def life_event(config: GemeenteConfig, text: str, intent: str, signposted: bool = False,
               named: Iterable[str] = ()) -> Optional[str]:
    """The event whose checklist leads the answer to ``text``, which the model read as ``intent``.
    A message the wegwijzer ``signposted`` is about another municipal subject ("onze hond is
    overleden" is hondenbelasting), never a life event; so is one that ``named`` a document or
    product other than the event's own ("mijn baby heeft een paspoort nodig, wat moet ik doen")."""
    if signposted or not text.strip() or text.startswith("/"):  # a button's payload says what it is
        return None
    matcher = matcher_for(config)
    event = matcher.match(text).decide(intent) if matcher is not None else None
    life = config.levensgebeurtenissen
    if event is None or life is None:
        return None
    own = life.gebeurtenissen[event].product
    return None if any(value != own for value in named) else event
