"""Plain-language measures for Dutch text: Flesch-Douma and words per sentence.

Douma's Dutch adaptation of Flesch: 206.84 - 0.77 * (syllables per 100 words)
- 0.93 * (words per sentence). 60 and above reads as plain language (B1).
Links, e-mail addresses and list bullets are left out: they are not read as prose.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List

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


def syllables(word: str) -> int:
    word = word.lower()
    if not re.search(r"[a-zà-ÿ]", word):
        return 2 if word[:1].isdigit() else 1  # numbers and times are read as a short word or two
    count = len(_VOWEL_GROUP.findall(word))
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

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def flesch_douma(self) -> float:
        if not self.words:
            return 100.0
        return 206.84 - 0.77 * (100 * self.syllables / self.words) - 0.93 * self.words_per_sentence


def measure(text: str) -> Readability:
    found = sentences(text)
    words = [w for s in found for w in s]
    return Readability(len(words), len(found), sum(syllables(w) for w in words))
