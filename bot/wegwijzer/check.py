"""What ``make check-config`` says about the wegwijzer section of gemeente.yml, beyond the fields
and links that loading it checks: words that two subjects share, words of burgerzaken (which
would take those questions away from the assistant's own answers), a sentence that is not plain
language (B1), examples the subject's own words do not recognise, and missing referral texts."""
from __future__ import annotations

from typing import Dict, FrozenSet, List, Tuple

from bot.config.content import Content
from bot.config.gemeente import GemeenteConfig
from bot.config.problems import ERROR, WARNING, Problem
from bot.core.readability import measure, sentences
from bot.wegwijzer.matcher import phrase
from bot.wegwijzer.referral import TEXTS
from bot.wegwijzer.sources import build_matcher, burgerzaken_words

MAX_WORDS = 15  # a B1 sentence
MIN_FLESCH_DOUMA = 60  # bot.core.readability: 60 and above reads as plain language


def problems(config: GemeenteConfig, content: Content, source: str = "gemeente.yml") -> List[Problem]:
    found: List[Problem] = []
    if not config.wegwijzer:
        return found
    missing = [key for key in TEXTS if not content.has("wegwijzer", key)]
    if missing:
        found.append(Problem(ERROR, "content: wegwijzer", "wegwijzer." + ", wegwijzer.".join(missing)
                             + ": the referral text is missing in the content file, so residents get the general "
                               "'I cannot help' instead"))
    for key, topic in config.wegwijzer.items():
        found += _sentence(f"{source}: wegwijzer.{key}.uitleg", topic.uitleg)
    found += _words(config, content, source)
    found += _examples(config, content, source)
    return found


def _sentence(where: str, text: str) -> List[Problem]:
    """One plain sentence: B1 means short sentences and short words."""
    count = len(sentences(text))
    if count != 1:
        return [Problem(ERROR, where, f"{where.split(': ')[-1]}: write one sentence, not {count}")]
    score = measure(text)
    found = []
    if score.words > MAX_WORDS:
        found.append(Problem(ERROR, where, f"{where.split(': ')[-1]}: {score.words} words; plain language (B1) "
                                           f"keeps a sentence to {MAX_WORDS} words at most"))
    if score.flesch_douma < MIN_FLESCH_DOUMA:
        found.append(Problem(ERROR, where, f"{where.split(': ')[-1]}: hard to read (Flesch-Douma "
                                           f"{score.flesch_douma:.0f}, plain language is {MIN_FLESCH_DOUMA} or more): "
                                           "use shorter words"))
    return found


def _words(config: GemeenteConfig, content: Content, source: str) -> List[Problem]:
    found: List[Problem] = []
    seen: Dict[FrozenSet[str], Tuple[str, str]] = {}
    burgerzaken = burgerzaken_words(config, content)
    strong: Dict[str, str] = {}  # stem of a word naming a document, product or agency -> that word
    for word, owners in burgerzaken.items():
        item = phrase("burgerzaken", word, owners)
        if item and owners.strong and len(item.stems) == 1:
            strong.setdefault(item.stems[0], word)
    for key, topic in config.wegwijzer.items():
        for word in topic.woorden:
            item = phrase(key, word)
            if item is None:
                found.append(Problem(ERROR, f"{source}: wegwijzer.{key}.woorden",
                                     f"wegwijzer.{key}.woorden: '{word}' has no letters to match"))
                continue
            stems = frozenset(item.stems)
            other = seen.get(stems)
            if other and other[0] != key:
                found.append(Problem(ERROR, f"{source}: wegwijzer.{key}.woorden",
                                     f"wegwijzer.{key}.woorden: '{word}' is also a word of wegwijzer.{other[0]} "
                                     f"('{other[1]}'); keep it in one subject"))
            seen.setdefault(stems, (key, word))
            clash = [strong[s] for s in item.stems if s in strong]
            if clash:
                found.append(Problem(ERROR, f"{source}: wegwijzer.{key}.woorden",
                                     f"wegwijzer.{key}.woorden: '{word}' contains the burgerzaken word '{clash[0]}': "
                                     "questions about it would get this referral instead of the assistant's own "
                                     "answer; leave it out"))
    return found


def _examples(config: GemeenteConfig, content: Content, source: str) -> List[Problem]:
    """An example that goes to another subject, or that a burgerzaken word keeps, is a conflict
    between the words of the file."""
    matcher = build_matcher(config, content)
    found = []
    for key, topic in config.wegwijzer.items():
        for example in topic.voorbeelden:
            got = matcher.match(example).decide()
            if got != key:
                why = (f"goes to wegwijzer.{got}: move the word it shares with that subject" if got else
                       "is kept for burgerzaken or not recognised: leave out the burgerzaken word")
                found.append(Problem(WARNING, f"{source}: wegwijzer.{key}.voorbeelden",
                                     f"wegwijzer.{key}.voorbeelden: '{example}' {why}"))
    return found
