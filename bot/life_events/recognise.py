"""Which life event's checklist answers a message, with the events of gemeente.yml as they are now."""
from __future__ import annotations

from typing import Optional

from bot.config.gemeente import GemeenteConfig
from bot.life_events.matcher import LifeEventMatcher


def matcher_for(config: GemeenteConfig) -> Optional[LifeEventMatcher]:
    life = config.levensgebeurtenissen
    if life is None:
        return None
    return LifeEventMatcher({key: event.woorden for key, event in life.gebeurtenissen.items()}, life.vragen)


def life_event(config: GemeenteConfig, text: str, intent: str, signposted: bool = False) -> Optional[str]:
    """The event whose checklist leads the answer to ``text``, which the model read as ``intent``.
    A message the wegwijzer ``signposted`` is about another municipal subject ("onze hond is
    overleden" is hondenbelasting), never a life event."""
    if signposted or not text.strip() or text.startswith("/"):  # a button's payload says what it is
        return None
    matcher = matcher_for(config)
    return matcher.match(text).decide(intent) if matcher is not None else None
