"""Recognising a wegwijzer subject in a resident's message, from the subject's words and examples
in gemeente.yml (so a new subject needs no retraining), without taking burgerzaken questions.

How a message is read (``WegwijzerMatcher.match``):

1. Its words are folded, lemmatised and stemmed (``bot.wegwijzer.words``). A word hits a known
   word when the stems are equal; when it differs by a typo (one letter in a word of 5 to 8
   letters, two in a longer one); when two words written apart are one known word ("grof vuil");
   or when it is a compound that starts or ends with a known word of 5 letters or more
   ("tuinafval", "straatlantaarnpaal").
2. A subject's word of several words ("boom kappen") hits when all of them are there, in any
   order, close together and in one part of the message (not across ". " or "en").
3. The burgerzaken words hit the same way: the documents, products and agencies of
   nlp/entity_patterns.yml, the products of gemeente.yml and the agencies' own subject words.
   Where a burgerzaken word and a subject's word claim the same word of the message, the
   stronger hit keeps it (an exact hit beats a typo or a compound; on a tie the subject keeps
   it): "studieschuld" stays DUO's, "mijn hond is overleden" is about the dog.
4. Without a word, an example of the subject counts when the message has most of its telling
   words (weighted by how rare they are among the subjects).
5. The subject with the highest score wins. The burgerzaken words left over are the evidence
   that the message (also) asks something the assistant answers itself: ``Match.decide`` then
   leaves the classifier's topic alone when that topic owns such a word.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from bot.wegwijzer.words import STOPWORDS, Token, is_dutch_word, stem, tokens

EXACT, COMPOUND, TYPO_1, TYPO_2 = 1.0, 0.9, 0.85, 0.8
MIN_TYPO_LENGTH, LONG_WORD = 5, 9  # one typo from 5 letters, two from 9
MIN_COMPOUND_PART = 5  # a known word at the start of a compound has at least 5 letters ("afval|pas")
MIN_COMPOUND_TAIL = 4  # at its end (Dutch compounds end in what they are) at least 4 ("bouw|puin"),
MIN_REST = 3  # and the rest of the compound at least 3 (4 before a tail)
EXTRA_WINDOW = 4  # a word of n words hits when they lie within n + 4 words of each other
MULTI_WORD_BONUS = 0.25  # a hit on two words says more than a hit on one
EXAMPLE_COVERAGE = 0.6  # the share (by rarity) of an example's telling words the message must have
EXAMPLE_MIN_SHARED = 2
COMMON_WEIGHT = 0.25  # a word the assistant's own answers use counts this much in an example
MIN_SCORE = 0.6

# Intents whose own meaning a subject never replaces: the resident asks for a person or complains.
NEVER_REPLACED = frozenset({"menselijk_contact", "klacht", "gesprek_verwijderen"})
# Intents that name no topic of their own ("ja", "dank je", a value): replaced only on an exact word.
SMALL_TALK = frozenset({"begroeting", "afscheid", "bedankt", "bevestigen", "ontkennen", "informeren", "bot_vraag"})
NO_TOPIC = frozenset({"out_of_scope", "nlu_fallback", ""})


@dataclass(frozen=True)
class Phrase:
    """A word of a subject (or of burgerzaken): its stems, in any order."""
    owner: str  # a subject's key, or "burgerzaken"
    text: str
    stems: Tuple[str, ...]
    written: Tuple[str, ...] = ()  # the words as written (folded), for typos
    intents: FrozenSet[str] = frozenset()  # for a burgerzaken word: the intents that own it
    strong: bool = True  # a burgerzaken word that names a document, product or agency itself


@dataclass(frozen=True)
class Owners:
    """Who owns a burgerzaken word: the intents, and whether the word names the thing itself (a
    document, product or agency: strong) or is one of an agency's subject words ("ziek", "huur")."""
    intents: FrozenSet[str]
    strong: bool = True


@dataclass(frozen=True)
class Example:
    topic: str
    text: str
    stems: FrozenSet[str]


@dataclass(frozen=True)
class _Instance:
    """A phrase found in the message: on which words, how surely."""
    phrase: Phrase
    positions: FrozenSet[int]
    quality: float

    @property
    def score(self) -> float:
        return self.quality * (1 + MULTI_WORD_BONUS * (len(self.phrase.stems) - 1))


@dataclass(frozen=True)
class Match:
    """The subject a message names (``topic`` None: none), and what else it names."""
    topic: Optional[str]
    score: float = 0.0
    via: str = ""  # "woord" or "voorbeeld"
    words: Tuple[str, ...] = ()  # the subject's words (or the example) that hit
    exact: bool = False  # every hit is an exact one (no typo, compound or example)
    span: Tuple[int, int] = (0, 0)  # where in the message, in characters
    evidence: FrozenSet[str] = frozenset()  # intents owning a burgerzaken word of the message
    burgerzaken_words: Tuple[str, ...] = ()
    strong_evidence: bool = False  # one of them names a document, product or agency itself

    def decide(self, intent: Optional[str] = None) -> Optional[str]:
        """The subject, if it should replace the classifier's ``intent``; else None.

        Without an intent (the matcher on its own), a document, product or agency named anywhere
        keeps the message for burgerzaken. With one, the subject replaces ``out_of_scope`` and the fallback always,
        and any other topic unless that topic owns a burgerzaken word of the message."""
        if self.topic is None:
            return None
        if intent is None:
            return None if self.strong_evidence else self.topic
        if intent in NO_TOPIC:
            return self.topic
        if intent in NEVER_REPLACED:
            return None
        if intent in SMALL_TALK:
            return self.topic if self.exact and not self.evidence else None
        return None if intent in self.evidence else self.topic


NO_MATCH = Match(None)


def _deletes(word: str, depth: int) -> Set[str]:
    found, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters is one typo), or limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: List[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _max_typos(word: str) -> int:
    return 0 if len(word) < MIN_TYPO_LENGTH else (1 if len(word) < LONG_WORD else 2)


class _Index:
    """Every known stem, and how a message's word can reach one: exactly (by its stem), by a typo
    (a word the Dutch lemma table does not know, against the known words as written, first letter
    the same: a short stem is too easily one typo away from any word) or in a compound."""

    def __init__(self, written: Mapping[str, str]):
        """``written``: each known word as written (folded) -> its stem."""
        self.stems: Set[str] = set(written.values())
        self.written = dict(written)
        self.by_delete: Dict[str, Set[str]] = defaultdict(set)
        for form in self.written:
            for variant in _deletes(form, _max_typos(form)):
                self.by_delete[variant].add(form)
        self.heads = {s for s in self.stems if len(s) >= MIN_COMPOUND_PART}
        self.tails = {s for s in self.stems if len(s) >= MIN_COMPOUND_TAIL}

    def hits(self, word: str, word_stem: str) -> Dict[str, float]:
        """Known stems that ``word`` reaches, with how surely."""
        found: Dict[str, float] = {}
        if word_stem in self.stems:
            found[word_stem] = EXACT
        if word in self.stems:
            found[word] = EXACT
        if word in STOPWORDS:
            return found
        limit = 0 if is_dutch_word(word) else _max_typos(word)
        if limit:
            for form in set().union(*(self.by_delete.get(v, set()) for v in _deletes(word, limit))):
                known = self.written[form]
                allowed = min(limit, _max_typos(form))
                if known in found or form[0] != word[0] or not allowed:
                    continue
                typos = distance(word, form, allowed)
                if 0 < typos <= allowed:
                    found[known] = max(found.get(known, 0.0), TYPO_1 if typos == 1 else TYPO_2)
        if len(word) >= MIN_COMPOUND_TAIL + MIN_REST:
            for cut in range(MIN_REST, len(word) - MIN_REST + 1):
                head, tail = word[:cut], word[cut:]
                if len(head) >= MIN_COMPOUND_PART:
                    for part in {head, stem(head)} & self.heads:
                        found.setdefault(part, COMPOUND)
                if len(tail) >= MIN_COMPOUND_TAIL and len(head) >= MIN_COMPOUND_TAIL:
                    for part in {tail, stem(tail)} & self.tails:
                        found.setdefault(part, COMPOUND)
        return found


def _telling(text: str) -> List[Token]:
    """The words of ``text`` that carry its subject (all of them when it has only stopwords)."""
    found = tokens(text)
    return [t for t in found if t.text not in STOPWORDS] or found


def phrase(owner: str, text: str, owners: Optional[Owners] = None) -> Optional[Phrase]:
    words = _telling(text)
    if not words:
        return None
    stems = tuple(dict.fromkeys(t.stem for t in words))
    owners = owners or Owners(frozenset())
    return Phrase(owner, text, stems, tuple(t.text for t in words), owners.intents, owners.strong)


def _written_together(item: Phrase) -> Optional[Phrase]:
    """"woz beschikking" also as "wozbeschikking": residents write compounds together or apart."""
    if len(item.written) < 2:
        return None
    together = "".join(item.written)
    return Phrase(item.owner, item.text, (stem(together),), (together,), item.intents, item.strong)


class WegwijzerMatcher:
    """The subjects' words and examples, and the burgerzaken words that protect a message."""

    def __init__(self, topics: Mapping[str, Tuple[Sequence[str], Sequence[str]]],
                 burgerzaken: Mapping[str, Owners] = {}, background: Iterable[str] = ()):
        """``topics``: key -> (words, examples), in the file's order; ``burgerzaken``: word -> who
        owns it; ``background``: texts about what the assistant answers itself (its answers),
        whose words tell little about a subject ("open", "betalen")."""
        self.order = list(topics)
        self.phrases: List[Phrase] = []
        self.examples: List[Example] = []
        written: Dict[str, str] = {}
        for key, (words, examples) in topics.items():
            self.phrases += [p for p in (phrase(key, w) for w in words) if p]
            for text in examples:
                telling = [t for t in tokens(text) if t.text not in STOPWORDS]
                written.update((t.text, t.stem) for t in telling)
                if telling:
                    self.examples.append(Example(key, text, frozenset(t.stem for t in telling)))
        self.phrases += [p for p in (phrase("burgerzaken", w, o) for w, o in burgerzaken.items()) if p]
        self.phrases += [joined for p in self.phrases if (joined := _written_together(p))]
        self.by_stem: Dict[str, List[Tuple[Phrase, int]]] = defaultdict(list)
        for item in self.phrases:
            written.update(zip(item.written, item.stems))
            for slot, item_stem in enumerate(item.stems):
                self.by_stem[item_stem].append((item, slot))
        self.common = {t.stem for text in background for t in tokens(text)}
        self.idf = self._rarity()
        self.index = _Index(written)

    def _rarity(self) -> Dict[str, float]:
        per_topic: Dict[str, Set[str]] = defaultdict(set)
        for item in self.phrases:
            if item.owner != "burgerzaken":
                per_topic[item.owner].update(item.stems)
        for example in self.examples:
            per_topic[example.topic].update(example.stems)
        counts: Dict[str, int] = defaultdict(int)
        for stems in per_topic.values():
            for item_stem in stems:
                counts[item_stem] += 1
        total = max(len(per_topic), 1)
        return {item_stem: math.log(1 + total / count) * (COMMON_WEIGHT if item_stem in self.common else 1.0)
                for item_stem, count in counts.items()}

    # -- reading a message -----------------------------------------------------------------
    def match(self, text: str) -> Match:
        words = tokens(text)
        if not words:
            return NO_MATCH
        units = self._units(words)
        instances = self._instances(units, _clauses(text, words))
        topical = [i for i in instances if i.phrase.owner != "burgerzaken"]
        protecting = [i for i in instances if i.phrase.owner == "burgerzaken"]
        topical, protecting = _resolve(topical, protecting)
        claimed = {p for i in protecting for p in i.positions}
        scores: Dict[str, float] = {}
        best: Dict[str, List[_Instance]] = defaultdict(list)
        for instance in topical:
            best[instance.phrase.owner].append(instance)
        for topic, found in best.items():
            found.sort(key=lambda i: -i.score)
            distinct = {i.phrase.text for i in found}
            scores[topic] = found[0].score + 0.05 * (len(distinct) - 1)
        examples = self._examples(units, claimed)
        for topic, (coverage, _) in examples.items():
            if topic in scores:
                scores[topic] += 0.05
            elif coverage >= EXAMPLE_COVERAGE:
                scores[topic] = coverage
        evidence = frozenset(intent for i in protecting for intent in i.phrase.intents)
        strong = any(i.phrase.strong for i in protecting)
        burgerzaken_words = tuple(dict.fromkeys(i.phrase.text for i in protecting))
        ranked = sorted(scores.items(), key=lambda pair: (-pair[1], self.order.index(pair[0])))
        if not ranked or ranked[0][1] < MIN_SCORE:
            return Match(None, evidence=evidence, burgerzaken_words=burgerzaken_words, strong_evidence=strong)
        topic, score = ranked[0]
        if topic in best:
            hits = best[topic]
            positions = sorted(p for i in hits for p in i.positions)
            return Match(topic, round(score, 3), "woord", tuple(dict.fromkeys(i.phrase.text for i in hits)),
                         all(i.quality == EXACT for i in hits), _span(words, positions), evidence, burgerzaken_words, strong)
        _, example = examples[topic]
        positions = sorted(p for unit, unit_hits in units.items() if unit_hits.keys() & example.stems for p in unit)
        return Match(topic, round(score, 3), "voorbeeld", (example.text,), False, _span(words, positions),
                     evidence, burgerzaken_words, strong)

    def _units(self, words: List[Token]) -> Dict[Tuple[int, ...], Dict[str, float]]:
        """Per word (and per two words written apart that are one known word): the known stems hit."""
        units: Dict[Tuple[int, ...], Dict[str, float]] = {}
        for i, word in enumerate(words):
            found = self.index.hits(word.text, word.stem)
            if found:
                units[(i,)] = found
            if i + 1 < len(words) and word.text not in STOPWORDS and words[i + 1].text not in STOPWORDS:
                joined = word.text + words[i + 1].text
                if stem(joined) in self.index.stems:
                    units[(i, i + 1)] = {stem(joined): EXACT}
                elif joined in self.index.stems:
                    units[(i, i + 1)] = {joined: EXACT}
        return units

    def _instances(self, units: Dict[Tuple[int, ...], Dict[str, float]], clauses: Sequence[int]) -> List[_Instance]:
        slot_hits: Dict[Phrase, Dict[int, List[Tuple[Tuple[int, ...], float]]]] = defaultdict(lambda: defaultdict(list))
        for positions, found in units.items():
            for known, quality in found.items():
                for item, slot in self.by_stem.get(known, ()):
                    slot_hits[item][slot].append((positions, quality))
        instances = []
        for item, slots in slot_hits.items():
            if len(slots) < len(item.stems):
                continue
            chosen = _assign(item, slots, clauses)
            if chosen is not None:
                instances.append(chosen)
        return instances

    def _examples(self, units: Dict[Tuple[int, ...], Dict[str, float]],
                  claimed: Set[int]) -> Dict[str, Tuple[float, Example]]:
        present: Set[str] = set()
        for positions, found in units.items():
            if not set(positions) & claimed:
                present.update(found)
        best: Dict[str, Tuple[float, Example]] = {}
        for example in self.examples:
            shared = example.stems & present
            if len(shared) < min(EXAMPLE_MIN_SHARED, len(example.stems)):
                continue
            weight = sum(self.idf.get(s, 1.0) for s in example.stems)
            coverage = sum(self.idf.get(s, 1.0) for s in shared) / weight if weight else 0.0
            if coverage > best.get(example.topic, (0.0, example))[0]:
                best[example.topic] = (coverage, example)
        return best


_CLAUSE_END = re.compile(r"[.!?;]")
_JOINS = frozenset({"en", "maar", "want", "omdat", "terwijl"})


def _clauses(text: str, words: Sequence[Token]) -> List[int]:
    """Per word, which part of the message it is in: a new part starts after . ! ? ; and at "en",
    "maar", "want": "mijn moeder is gestorven en had een hond" names no dog that died."""
    found, part = [], 0
    for i, word in enumerate(words):
        if i and (_CLAUSE_END.search(text[words[i - 1].end:word.start]) or word.text in _JOINS):
            part += 1
        found.append(part)
    return found


def _assign(item: Phrase, slots: Mapping[int, List[Tuple[Tuple[int, ...], float]]],
            clauses: Sequence[int]) -> Optional[_Instance]:
    """The surest way to find every word of ``item`` on different words of the message, close
    together and in one part of it."""
    best: Optional[_Instance] = None

    def walk(slot: int, used: FrozenSet[int], quality: float) -> None:
        nonlocal best
        if slot == len(item.stems):
            if len(item.stems) > 1 and len({clauses[p] for p in used}) > 1:
                return
            if max(used) - min(used) + 1 <= len(item.stems) + EXTRA_WINDOW or len(item.stems) == 1:
                if best is None or quality > best.quality:
                    best = _Instance(item, used, quality)
            return
        for positions, hit in slots.get(slot, ()):
            if not set(positions) & used:
                walk(slot + 1, used | frozenset(positions), min(quality, hit))

    walk(0, frozenset(), EXACT)
    return best


def _resolve(topical: List[_Instance], protecting: List[_Instance]) -> Tuple[List[_Instance], List[_Instance]]:
    """Where a subject's word and a burgerzaken word claim the same word, the surer one keeps it
    (a tie goes to the subject: an administrator listed it on purpose)."""
    kept_topical = []
    for instance in topical:
        rivals = [p for p in protecting if p.positions & instance.positions]
        if any(p.quality > instance.quality for p in rivals):
            continue
        kept_topical.append(instance)
    kept_protecting = [p for p in protecting
                       if not any(t.positions & p.positions and t.quality >= p.quality for t in kept_topical)]
    return kept_topical, kept_protecting


def _span(words: List[Token], positions: Sequence[int]) -> Tuple[int, int]:
    if not positions:
        return (0, 0)
    return (words[min(positions)].start, words[max(positions)].end)

