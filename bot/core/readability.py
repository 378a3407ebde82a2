"""Plain-language measures: Flesch-Douma for Dutch, Flesch reading ease for English, and words
per sentence.

Douma's Dutch adaptation of Flesch: 206.84 - 0.77 * (syllables per 100 words)
- 0.93 * (words per sentence). Flesch's own reading ease for English: 206.835
- 1.015 * (words per sentence) - 84.6 * (syllables per word). On both scales 60 and above reads
as plain language (B1; "plain English" in Flesch's terms). Each language counts syllables its
own way. Links, e-mail addresses and list bullets are left out: they are not read as prose.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional

from bot.core.language import DUTCH, ENGLISH

# The project's plain-language bar: 60 and above reads as B1; a text of fewer words than
# PROSE_MIN_WORDS (a button, a label) is too short to measure; sentences of more than
# WORDS_PER_SENTENCE_CEILING words on average are long.
B1_FLOOR = 60.0
PROSE_MIN_WORDS = 8
WORDS_PER_SENTENCE_CEILING = 15

_URL = re.compile(r"(?:https?://|www\.|[^\s@]+@)\S*[^\s.,;:!?)]")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+|:\s*\n")
_WORD = re.compile(r"[0-9]+(?:[:.,][0-9]+)*|[A-Za-zÀ-ÿ€]+(?:[-'][A-Za-zÀ-ÿ]+)*")
# Dutch vowel groups that are one syllable; a diaeresis (ë, ï) starts a new one.
_VOWEL_GROUP = re.compile(r"(?:aai|ooi|oei|eeu|ieu|ij|ei|ui|oe|ou|au|eu|ie|aa|ee|oo|uu|[aeiouyáéíóú]|[ëï])")

_ENGLISH_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_VOWELS = "aeiouy"


def syllables(word: str, language: Optional[str] = None) -> int:
    """A word's syllables, counted as the language (Dutch by default) writes them."""
    word = word.lower()
    if not re.search(r"[a-zà-ÿ]", word):
        return 2 if word[:1].isdigit() else 1  # numbers and times are read as a short word or two
    if language == ENGLISH:
        return english_syllables(word)
    count = len(_VOWEL_GROUP.findall(word))
    return max(1, count)


def english_syllables(word: str) -> int:
    """English: its vowel groups, less a silent final e ("make", not "table"), a silent -es
    ("lives", not "places" or "watches") and a silent -ed ("booked", not "wanted")."""
    w = re.sub(r"[^a-z]", "", word.lower())
    count = len(_ENGLISH_VOWEL_GROUP.findall(w))
    if len(w) > 2 and w.endswith("e") and w[-2] not in _VOWELS and not re.search(r"[^aeiouy]le$", w):
        count -= 1
    elif len(w) > 3 and w.endswith("es") and w[-3] not in _VOWELS + "sxzcg" and not re.search(r"(?:ch|sh|[^aeiouy]l)es$", w):
        count -= 1
    elif len(w) > 3 and w.endswith("ed") and w[-3] not in _VOWELS + "td":
        count -= 1
    return max(1, count)


def sentences(text: str) -> List[List[str]]:
    text = _URL.sub(" ", text).replace("•", " ")
    parts = [p for p in _SENTENCE_END.split(text) if p and p.strip()]
    result = []
    for part in parts:
        words = _WORD.findall(part)
        if words:
            result.append(words)
    return result


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int
    language: str = DUTCH

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def flesch_douma(self) -> float:
        if not self.words:
            return 100.0
        return 206.84 - 0.77 * (100 * self.syllables / self.words) - 0.93 * self.words_per_sentence

    @property
    def flesch_reading_ease(self) -> float:
        if not self.words:
            return 100.0
        return 206.835 - 1.015 * self.words_per_sentence - 84.6 * (self.syllables / self.words)

    @property
    def score(self) -> float:
        """The language's own measure: Flesch reading ease for English, Flesch-Douma for Dutch."""
        return self.flesch_reading_ease if self.language == ENGLISH else self.flesch_douma


def measure(text: str, language: Optional[str] = None) -> Readability:
    """The text's words, sentences and syllables, counted as ``language`` (Dutch by default)."""
    found = sentences(text)
    words = [w for s in found for w in s]
    lang = ENGLISH if language == ENGLISH else DUTCH
    return Readability(len(words), len(found), sum(syllables(w, lang) for w in words), lang)
