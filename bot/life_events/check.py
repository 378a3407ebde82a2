"""What ``make check-config`` says about the life events (gemeente.yml: levensgebeurtenissen),
beyond what loading the file checks (every point has an organisation that exists and a valid
link; every product exists): a missing sentence in the content file, a municipal topic the
content does not answer, a product that cannot be booked, a word that two events share, and a
text that is not plain language (B1) as bot/core/readability.py measures it."""
from __future__ import annotations

from typing import Dict, FrozenSet, List, Tuple

from bot.config.content import Content
from bot.config.facts import base_facts
from bot.config.gemeente import GemeenteConfig
from bot.config.problems import ERROR, WARNING, Problem, hard_to_read
from bot.life_events.checklist import SECTION, checklist
from bot.life_events.matcher import _telling_stems

SHARED_TEXTS = ("gemeente", "elders")  # the checklist's headings, for every event


def problems(config: GemeenteConfig, content: Content, source: str = "gemeente.yml") -> List[Problem]:
    life = config.levensgebeurtenissen
    if life is None:
        return []
    found: List[Problem] = []
    missing = [f"{SECTION}.{key}" for key in SHARED_TEXTS if not content.has(SECTION, key)]
    for key, event in life.gebeurtenissen.items():
        missing += [f"{SECTION}.{key}.{text}" for text in ("kop", "gemeente") if not content.has(SECTION, key, text)]
        missing += [f"{SECTION}.{key}.elders.{point}" for point in event.elders
                    if not content.has(SECTION, key, "elders", point)]
        where = f"{source}: {SECTION}.gebeurtenissen.{key}"
        if event.onderwerp is not None and event.onderwerp not in content.topics:
            found.append(Problem(ERROR, where, f"{key}.onderwerp: '{event.onderwerp}' is no topic of the content "
                                               "file (onderwerpen), so 'Meer over' has nothing to show"))
        product = config.producten.get(event.product or "")
        if product is not None and not product.afspraak:
            found.append(Problem(WARNING, where, f"{key}.product: '{event.product}' cannot be booked (afspraak: "
                                                 "false), so the checklist shows no appointment button"))
    if missing:
        found.append(Problem(ERROR, f"content: {SECTION}", ", ".join(missing) + ": missing in the content file; "
                             "the checklist leaves that part out"))
    found += _shared_words(config, source)
    found += _plain_language(config, content)
    return found


def _shared_words(config: GemeenteConfig, source: str) -> List[Problem]:
    life = config.levensgebeurtenissen
    assert life is not None
    seen: Dict[FrozenSet[str], Tuple[str, str]] = {}
    found = []
    for key, event in life.gebeurtenissen.items():
        for word in event.woorden:
            stems = frozenset(_telling_stems(word))
            other = seen.setdefault(stems, (key, word))
            if other[0] != key:
                found.append(Problem(ERROR, f"{source}: {SECTION}.gebeurtenissen.{key}.woorden",
                                     f"{key}.woorden: '{word}' is also a word of {other[0]} ('{other[1]}'); "
                                     "keep it in one event"))
    return found


def _plain_language(config: GemeenteConfig, content: Content) -> List[Problem]:
    """Each sentence of the content file, and each checklist as a whole (links left out)."""
    life = config.levensgebeurtenissen
    assert life is not None
    texts: List[Tuple[str, str]] = []
    for key, event in life.gebeurtenissen.items():
        texts += [(f"{SECTION}.{key}.{t}", content.text(SECTION, key, t)) for t in ("kop", "gemeente")
                  if content.has(SECTION, key, t)]
        texts += [(f"{SECTION}.{key}.elders.{p}", content.text(SECTION, key, "elders", p)) for p in event.elders
                  if content.has(SECTION, key, "elders", p)]
        texts += [(f"{SECTION}.{key} (the whole checklist)", reply.text)
                  for reply in checklist(key, content, config, base_facts(config))]
    return hard_to_read(texts, "content")
